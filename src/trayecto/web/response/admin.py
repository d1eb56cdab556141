"""The catalogue, periods, targets and people in need: edited by the cluster admin only
(the only role with the admin site; IM officers see them on the 5W pages)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from trayecto.web.response import access
from trayecto.web.response.models import (
    AuditLog,
    CatalogueItem,
    PeopleInNeed,
    ReportingPeriod,
    Target,
    WorkflowPolicy,
)


class ClusterAdminOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the cluster admin edits reference lists; IM officers may look."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_view_reference_lists(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return access.can_view_reference_lists(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_edit_reference_lists(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return access.can_edit_reference_lists(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return access.can_edit_reference_lists(request.user)


@admin.register(CatalogueItem)
class CatalogueItemAdmin(ClusterAdminOnly):
    list_display = ("code", "name_es", "unit", "gifmm_indicator", "valid_from", "valid_until")
    list_filter = ("unit", "valid_from")
    search_fields = ("code", "name_es", "name_en", "aliases")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ClusterAdminOnly):
    list_display = ("month", "due_date", "locked", "lock_reason")
    # locking goes through services.period_lock/unlock, which require a reason and audit it
    readonly_fields = ("locked", "lock_reason")


@admin.register(Target)
class TargetAdmin(ClusterAdminOnly):
    list_display = ("indicator", "department", "municipality", "population_group", "plan_year")
    list_filter = ("plan_year", "indicator")


@admin.register(PeopleInNeed)
class PeopleInNeedAdmin(ClusterAdminOnly):
    list_display = ("indicator", "area_code", "plan_year", "value", "source")


@admin.register(WorkflowPolicy)
class WorkflowPolicyAdmin(ClusterAdminOnly):
    """The cluster admin decides whether one person may approve and publish a report."""

    list_display = ("__str__", "approver_may_publish")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not WorkflowPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ClusterAdminOnly):
    """Read only: who did what to which record, filterable and searchable."""

    list_display = ("at", "user", "action", "object_type", "object_id")
    list_filter = ("action", "object_type", "at")
    search_fields = ("user__username", "action", "object_type", "object_id")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "action", "object_type", "object_id", "detail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the log is written by services only

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
