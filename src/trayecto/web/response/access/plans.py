"""Who sees and edits the partners' planned activities."""

from __future__ import annotations

from django.db.models import QuerySet

from trayecto.web.accounts.access import Role, User, scope_of
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import PlannedActivity

NOT_YOUR_PLAN = (
    "Solo su organización o el equipo de IM pueden cambiar sus actividades planificadas."
)


def can_edit_plan(user: User, organization: Organization) -> bool:
    """Planned activities: the partner for its own organisation, and the IM officer."""
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.role == Role.IM_OFFICER:
        return True
    return scope.role == Role.PARTNER and scope.is_member_of(organization)


def plan_organizations(user: User) -> list[Organization]:
    """The organisations whose plans the user edits."""
    return [o for o in Organization.objects.all() if can_edit_plan(user, o)]


def plans_visible_to(user: User) -> QuerySet[PlannedActivity]:
    """National roles see every plan, a LEG those of its departments, a partner its own."""
    everything = PlannedActivity.objects.select_related("organization")
    scope = scope_of(user)
    if scope is None:
        return everything.none()
    if scope.national:
        return everything
    if scope.role == Role.PARTNER:
        return everything.filter(organization__in=[scope.organization_id])
    if scope.role == Role.LEG_COORDINATOR:
        return everything.filter(department__in=sorted(scope.department_codes))
    return everything.none()
