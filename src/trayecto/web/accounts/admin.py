from django.contrib import admin

from trayecto.web.accounts.models import Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("code", "name", "type", "is_demo")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role", "etc_code")
    list_filter = ("role",)
