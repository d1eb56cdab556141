"""Who may see and do what in the LEG workspaces: one helper per action, nothing else decides.

Built on accounts/access.py (the scope of the user's membership):
- national roles (cluster admin, IM officer) see and edit every workspace, approve, return
  and publish LEG reports, and send announcements; only the cluster admin opens workspaces;
- a LEG coordinator sees every workspace (LEGs learn from each other) but edits only those of
  the departments in its scope: the monthly report, meetings, decisions and follow-ups;
- partners and ETC analysts see the workspaces (members, meetings, published reports) and a
  partner marks done the follow-ups assigned to its own organisation;
- reports not yet published are for the LEG of the department and the national cluster;
- viewers and donors see published figures only (the bulletin, the donor view), not the
  workspaces; anonymous users and users without a membership see nothing.
- four eyes: who submitted a report does not approve it;
- an ETPV action's figures from approved 5W lines are for the national cluster, the LEG
  coordinator of its department and the organisations that lead or support it;
- action plans are seen by whoever sees the workspaces; the national cluster (and the LEG
  coordinator of a LEG's own response plan) manages a plan: its actions, import, export;
  a partner updates only the actions its organisation leads or supports (status, progress,
  comments).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop

from trayecto.domain.coordination import NATIONAL_ACTIONS, ReportAction, ReportStatus
from trayecto.web.accounts.access import Role, Scope, User, require_member, scope_of
from trayecto.web.coordination.models import Action, ActionPlan, FollowUp, LegReport, Workspace

NOT_FOR_VIEWERS = gettext_noop(
    "Los espacios de GEL son para el clúster nacional, los GEL, los socios y las Secretarías "
    "de Educación. Las cifras publicadas están en el boletín mensual."
)
NOT_YOUR_DEPARTMENT = gettext_noop(
    "Solo la coordinación del GEL de este departamento y el clúster nacional modifican este "
    "espacio; usted puede consultarlo."
)
ONLY_ADMIN_OPENS = gettext_noop("Solo la administración del clúster abre espacios de GEL.")
ONLY_NATIONAL = gettext_noop(
    "Solo el clúster nacional (administración y oficiales de manejo de información) aprueba, "
    "devuelve y publica informes de GEL y envía anuncios."
)
SUBMITTER_APPROVES = gettext_noop(
    "Usted envió este informe: otra persona del clúster nacional debe aprobarlo (cuatro ojos)."
)
UNPUBLISHED = gettext_noop(
    "Este informe aún no está publicado: lo ven el GEL del departamento y el clúster nacional."
)
NOT_YOUR_FOLLOW_UP = gettext_noop(
    "Solo la organización responsable, el GEL del departamento y el clúster nacional marcan "
    "este compromiso como cumplido."
)

ONLY_NATIONAL_ISSUES = gettext_noop(
    "Solo el clúster nacional emite y reconstruye boletines; todos los miembros los leen."
)
ACCOUNTABILITY = gettext_noop(
    "La rendición de cuentas (completitud y oportunidad de los reportes) es para el clúster "
    "nacional y la coordinación de los GEL, cada GEL con sus departamentos."
)
NOT_YOUR_ACTION = gettext_noop(
    "Solo las organizaciones que lideran o apoyan esta acción, la coordinación del GEL del "
    "plan y el clúster nacional la actualizan."
)
NOT_PLAN_MANAGER = gettext_noop(
    "Solo el clúster nacional (y la coordinación del GEL, en el plan de respuesta de su GEL) "
    "crea acciones, importa y administra este plan."
)

ETPV_SUPPORT_HIDDEN = gettext_noop(
    "El apoyo al ETPV según el 5W (líneas aprobadas, aún no todas publicadas) lo ven el clúster "
    "nacional, la coordinación del GEL del departamento de la acción y las organizaciones que "
    "la lideran o apoyan."
)


def _scope(user: User) -> Scope | None:
    return scope_of(user)


def can_view_workspaces(user: User) -> bool:
    scope = _scope(user)
    return scope is not None and scope.role != Role.VIEWER


def can_edit_workspace(user: User, workspace: Workspace) -> bool:
    scope = _scope(user)
    if scope is None:
        return False
    if scope.national:
        return True
    return scope.role == Role.LEG_COORDINATOR and scope.covers_department(workspace.department_code)


def can_open_workspace(user: User) -> bool:
    scope = _scope(user)
    return scope is not None and scope.role == Role.CLUSTER_ADMIN


def is_national(user: User) -> bool:
    scope = _scope(user)
    return scope is not None and scope.national


def can_view_report(user: User, report: LegReport) -> bool:
    if report.status == ReportStatus.PUBLISHED:
        return can_view_workspaces(user)
    return can_edit_workspace(user, report.workspace)


def report_refusal(user: User, report: LegReport, action: ReportAction) -> str | None:
    """Why `user` may not take `action` on `report` (untranslated), or None when allowed.

    Whether the report's state allows the action is the service's rule, not access."""
    if action in NATIONAL_ACTIONS:
        if not is_national(user):
            return ONLY_NATIONAL
        if action == ReportAction.APPROVE and report.submitted_by_id == getattr(user, "pk", None):
            return SUBMITTER_APPROVES
        return None
    return None if can_edit_workspace(user, report.workspace) else NOT_YOUR_DEPARTMENT


def visible_reports(user: User, workspace: Workspace) -> list[LegReport]:
    """The workspace's LEG reports `user` may read (the workspace page, its export, the API)."""
    return [r for r in workspace.reports.all() if can_view_report(user, r)]


def can_complete_follow_up(user: User, follow_up: FollowUp) -> bool:
    scope = _scope(user)
    if scope is None:
        return False
    return (
        can_edit_workspace(user, follow_up.meeting.workspace)
        or scope.organization_id == follow_up.organization_id
    )


# --------------------------------------------------------------------------- action plans
def can_manage_plan(user: User, plan: ActionPlan) -> bool:
    scope = _scope(user)
    if scope is None:
        return False
    if scope.national:
        return True
    return plan.workspace is not None and can_edit_workspace(user, plan.workspace)


def can_update_action(user: User, action: Action) -> bool:
    """Status, progress and comments: the lead, the supporting organisations, the managers."""
    scope = _scope(user)
    if scope is None or scope.role == Role.VIEWER:
        return False
    if can_manage_plan(user, action.plan):
        return True
    if scope.organization_id is None:
        return False
    return (
        scope.organization_id == action.lead_id
        or action.supporting.filter(pk=scope.organization_id).exists()
    )


def can_see_etpv_support(user: User, action: Action) -> bool:
    """An action's figures from approved 5W lines (not all published yet): the national
    cluster, the LEG coordinator of the action's department, and the organisations that lead
    or support the action (their own work)."""
    scope = _scope(user)
    if scope is None or scope.role == Role.VIEWER:
        return False
    department = action.department or action.municipality[:2]
    if scope.national or (
        scope.role == Role.LEG_COORDINATOR and department and scope.covers_department(department)
    ):
        return True
    return scope.organization_id is not None and (
        scope.organization_id == action.lead_id
        or any(o.pk == scope.organization_id for o in action.supporting.all())
    )


def get_plan_for_user(request: HttpRequest, code: str, *, manage: bool = False) -> ActionPlan:
    try:
        plan = ActionPlan.objects.select_related("workspace").get(code=code)
    except ActionPlan.DoesNotExist:
        raise Http404(code) from None
    require_workspaces(request)
    if manage and not can_manage_plan(request.user, plan):
        raise PermissionDenied(gettext(NOT_PLAN_MANAGER))
    return plan


def get_action_for_user(
    request: HttpRequest, plan: ActionPlan, pk: int, *, update: bool = False
) -> Action:
    try:
        action = plan.actions.select_related("lead", "plan__workspace").get(pk=pk)
    except Action.DoesNotExist:
        raise Http404(pk) from None
    if update and not can_update_action(request.user, action):
        raise PermissionDenied(gettext(NOT_YOUR_ACTION))
    return action


# --------------------------------------------------------------------------- accountability
def can_view_accountability(user: User) -> bool:
    """National roles (every department) and LEG coordinators (their departments)."""
    scope = _scope(user)
    return scope is not None and (scope.national or scope.role == Role.LEG_COORDINATOR)


def require_accountability(request: HttpRequest) -> Scope:
    scope = require_member(request)
    if not can_view_accountability(request.user):
        raise PermissionDenied(gettext(ACCOUNTABILITY))
    return scope


# --------------------------------------------------------------------------- lookups for views
def require_workspaces(request: HttpRequest) -> Scope:
    """The member's scope, or 403 saying who the workspaces are for."""
    scope = require_member(request)
    if not can_view_workspaces(request.user):
        raise PermissionDenied(gettext(NOT_FOR_VIEWERS))
    return scope


def get_workspace_for_user(
    request: HttpRequest, department_code: str, *, write: bool = False
) -> Workspace:
    """The workspace of `department_code`: 404 when there is none, 403 out of scope."""
    if not re.fullmatch(r"[0-9]{2}", department_code):  # not a DANE code: never a query
        raise Http404(department_code)
    try:
        workspace = Workspace.objects.get(department_code=department_code)
    except Workspace.DoesNotExist:
        raise Http404(department_code) from None
    require_workspaces(request)
    if write and not can_edit_workspace(request.user, workspace):
        raise PermissionDenied(gettext(NOT_YOUR_DEPARTMENT))
    return workspace


def get_report_for_user(request: HttpRequest, workspace: Workspace, period: str) -> LegReport:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", period):  # not a month: never a query
        raise Http404(period)
    try:
        report = LegReport.objects.select_related("workspace").get(
            workspace=workspace, period=period
        )
    except LegReport.DoesNotExist:
        raise Http404(period) from None
    if not can_view_report(request.user, report):
        raise PermissionDenied(gettext(UNPUBLISHED))
    return report


def require(allowed: bool, message: str) -> None:
    """403 with the (translated) rule when `allowed` is false."""
    if not allowed:
        raise PermissionDenied(gettext(message))
