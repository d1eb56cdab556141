"""Who may see and do what with emergencies, on top of accounts/access.py.

- every member sees the list of events and their figures (aggregates);
- the sedes of an event (table, map, exports) are sede-level data: national roles, the LEG
  coordinator of the sede's department, the ETC analyst of the sede's ETC;
- LEG coordinators record and change events of their departments (every department of the
  event must be theirs), IM officers and the cluster admin anywhere; nobody else.

Views call these helpers and nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop

from trayecto.web.accounts.access import Role, Scope, User, require_member, scope_of
from trayecto.web.emergencies.models import AffectedSede, Event

RECORD_REFUSED = gettext_noop(
    "Registran y modifican emergencias la coordinación GEL, en sus departamentos, y los "
    "oficiales de manejo de información y la administración del clúster, en todo el país."
)
OUTSIDE_DEPARTMENTS = gettext_noop(
    "Como coordinación GEL puede registrar emergencias de sus departamentos ({allowed}); "
    "esta toca {asked}."
)
SEDES_REFUSED = gettext_noop(
    "Las sedes afectadas son datos por sede: las ven los oficiales de manejo de información, "
    "la coordinación GEL del departamento y la Secretaría (ETC) de la sede."
)


def can_view_events(user: User) -> bool:
    """The list of events and their figures: every member."""
    return scope_of(user) is not None


def can_record_event(user: User, department_codes: Iterable[str]) -> bool:
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.national:
        return True
    codes = set(department_codes)
    return scope.role == Role.LEG_COORDINATOR and bool(codes) and codes <= scope.department_codes


def may_record_anywhere(user: User) -> bool:
    """Whether the role records events at all (to show or hide the button)."""
    scope = scope_of(user)
    return scope is not None and (scope.national or scope.role == Role.LEG_COORDINATOR)


def record_refusal(user: User, department_codes: Iterable[str]) -> str:
    """Why `user` may not record an event there: what is allowed."""
    scope = scope_of(user)
    if scope is not None and scope.role == Role.LEG_COORDINATOR:
        return gettext(OUTSIDE_DEPARTMENTS).format(
            allowed=", ".join(sorted(scope.department_codes)) or "—",
            asked=", ".join(sorted(department_codes)),
        )
    return gettext(RECORD_REFUSED)


def can_change_event(user: User, event: Event) -> bool:
    return can_record_event(user, event.department_codes)


def _sede_filter(scope: Scope) -> Q | None:
    """The affected sedes a scope sees; None: none at all."""
    if scope.national:
        return Q()
    if scope.role == Role.LEG_COORDINATOR:
        return Q(department_code__in=sorted(scope.department_codes))
    if scope.role == Role.ETC_ANALYST and scope.etc_code:
        return Q(etc_code=scope.etc_code)
    return None


def can_view_event_sedes(user: User) -> bool:
    """Whether the role sees sede-level rows of events at all."""
    scope = scope_of(user)
    return scope is not None and _sede_filter(scope) is not None


def visible_sedes(user: User, event: Event) -> QuerySet[AffectedSede]:
    """The event's affected sedes the user may see (none for partners and viewers)."""
    scope = scope_of(user)
    rule = _sede_filter(scope) if scope is not None else None
    if rule is None:
        return AffectedSede.objects.none()
    return AffectedSede.objects.filter(rule, event=event)


def visible_sede_rows(user: User) -> QuerySet[AffectedSede]:
    """Affected sedes of every event the user may see (the blocks on area pages)."""
    scope = scope_of(user)
    rule = _sede_filter(scope) if scope is not None else None
    if rule is None:
        return AffectedSede.objects.none()
    return AffectedSede.objects.filter(rule)


def get_event_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Event:
    """The event `pk`; 404 when there is none, 403 (saying what is allowed) when the user
    may not see it or, with write=True, change it."""
    require_member(request)
    try:
        event = Event.objects.get(pk=pk)
    except Event.DoesNotExist:
        raise Http404(str(pk)) from None
    if write and not can_change_event(request.user, event):
        raise PermissionDenied(record_refusal(request.user, event.department_codes))
    return event
