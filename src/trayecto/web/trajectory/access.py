"""Who sees what of the trajectories (built on web/accounts/access.py; docs/methodology/
trajectory.md, "Quién ve qué").

- Every member sees transitions by territory. The roles with school-level access to the
  territory (the IM team, the LEG of its department, the analyst of its ETC) see the counts
  as computed and can go down to each sede; the others see the same aggregates with small
  cells suppressed (1 to 4 shown as "<5", and what would give them back), never by sede.
- The early warning is school-level data: only those same roles, for their territory. Even
  for them a sede's count from 1 to 4 is shown as "<5" (a handful of students at risk in a
  small rural sede points at children people know).
- No page lists students. The pseudonymous list (keys, no names) is for the analyst of the
  ETC (and the IM team), who gets names back on the ETC's own machine with
  `trayecto trajectory reidentify`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from trayecto.analytics import geography
from trayecto.web.accounts.access import (
    Role,
    Scope,
    can_view_school_level_area,
    require_member,
    school_level_refusal,
)
from trayecto.web.statistics import selectors as places

NOT_SCHOOL_LEVEL = gettext_noop(
    "La alerta temprana y las trayectorias por sede son datos a nivel de escuela: las ven el "
    "equipo de manejo de información, la coordinación GEL del departamento y el analista de "
    "la ETC. Su rol ve las transiciones agregadas (nación, departamento, ETC, municipio) con "
    "las cifras pequeñas ocultas, en «Trayectorias»."
)
NOT_LIST_HOLDER = gettext_noop(
    "La lista con seudónimos la descarga el analista de la ETC (o el equipo de manejo de "
    "información) para recuperar los nombres en su propio equipo con «trayecto trajectory "
    "reidentify»; elija su ETC en «Área». Los demás roles ven el número de estudiantes en "
    "riesgo por sede."
)

NOT_KEY_HOLDER = gettext_noop(
    "La clave de seudónimos de una ETC la recibe solo el analista de esa ETC (o se la entrega "
    "la administración del clúster con «trayecto trajectory etc-key»): con ella y la "
    "exportación SIMAT de la ETC se recuperan los nombres de su lista."
)


def sees_school_level(request: HttpRequest, area_code: str) -> bool:
    """Counts as computed, and the sedes, of the territory `area_code` ("" is the nation)."""
    scope = require_member(request)
    if not area_code:
        return scope.national
    return can_view_school_level_area(
        request.user, area_code, places.latest_etc_code, places.etc_municipality_codes
    )


def require_sede_area(request: HttpRequest, area_code: str) -> Scope:
    """A sede's own page and the early warning are school-level: refused to the others,
    saying what they may open instead."""
    scope = require_member(request)
    if not sees_school_level(request, area_code):
        if scope.national or scope.role in {Role.LEG_COORDINATOR, Role.ETC_ANALYST}:
            raise PermissionDenied(school_level_refusal(request.user, places.area_name))
        raise PermissionDenied(gettext(NOT_SCHOOL_LEVEL))
    return scope


def require_list_holder(request: HttpRequest, etc_code: str) -> Scope:
    """The pseudonymous list of an ETC: its analyst and the national roles."""
    scope = require_sede_area(request, etc_code)
    if not geography.is_etc_code(etc_code) or not (scope.national or scope.covers_etc(etc_code)):
        raise PermissionDenied(gettext(NOT_LIST_HOLDER))
    return scope


def require_key_holder(request: HttpRequest, etc_code: str) -> Scope:
    """An ETC's pseudonym key: the analyst of that ETC only (national roles hold no SIMAT
    export; the cluster administrator gives it by the command line)."""
    scope = require_list_holder(request, etc_code)
    if scope.role != Role.ETC_ANALYST or scope.etc_code != etc_code:
        raise PermissionDenied(gettext(NOT_KEY_HOLDER))
    return scope


def may_hold_key(request: HttpRequest, area_code: str) -> bool:
    try:
        require_key_holder(request, area_code)
    except PermissionDenied:
        return False
    return True


def may_hold_list(request: HttpRequest, area_code: str) -> bool:
    try:
        require_list_holder(request, area_code)
    except PermissionDenied:
        return False
    return True
