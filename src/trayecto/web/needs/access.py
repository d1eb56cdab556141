"""Who may see and run needs calculations (built on web/accounts/access.py).

Runs are the cluster's working analyses from official data: the national roles, the LEG
coordinators and the ETC analysts read them; only the IM officer and the cluster admin
create them. Partners, viewers and donors do not see them (not published figures).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from trayecto.web.accounts.access import Role, Scope, can_view_school_level, require_member

READERS = frozenset({Role.CLUSTER_ADMIN, Role.IM_OFFICER, Role.LEG_COORDINATOR, Role.ETC_ANALYST})
RUNNERS = frozenset({Role.CLUSTER_ADMIN, Role.IM_OFFICER})
NOT_A_READER = gettext_noop(
    "Los cálculos de necesidades son para el equipo de manejo de información, los "
    "coordinadores de GLE y los analistas de las ETC. Las cifras publicadas de OCHA están "
    "en el explorador de indicadores."
)
NOT_A_RUNNER = gettext_noop(
    "Solo el oficial de manejo de información y la administración del clúster calculan "
    "necesidades; usted puede consultar los cálculos guardados."
)


def require_reader(request: HttpRequest) -> Scope:
    scope = require_member(request)
    if scope.role not in READERS:
        raise PermissionDenied(gettext(NOT_A_READER))
    return scope


def can_run(scope: Scope) -> bool:
    return scope.role in RUNNERS


def require_runner(request: HttpRequest) -> Scope:
    scope = require_reader(request)
    if not can_run(scope):
        raise PermissionDenied(gettext(NOT_A_RUNNER))
    return scope


def visible_municipalities(
    scope: Scope, rows: list[dict[str, Any]], etc_of: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows computed from sede data, as sede data is shown (accounts/access.py): national
    roles everywhere, a LEG coordinator its departments, an ETC analyst its ETC's
    municipalities."""
    if scope.national:
        return rows
    if scope.role == Role.LEG_COORDINATOR:
        return [r for r in rows if scope.covers_department(r["municipality_code"][:2])]
    if scope.role == Role.ETC_ANALYST:
        return [r for r in rows if scope.covers_etc(etc_of.get(r["municipality_code"], ""))]
    return []


NOT_YOUR_ETC = gettext_noop(
    "El informe de una ETC incluye datos por sede: lo leen el equipo de manejo de "
    "información, el GLE de sus departamentos y el analista de esa ETC."
)


def require_etc_report(request: HttpRequest, etc_code: str, departments: set[str]) -> None:
    """The ETC report shows sede data: as sede data (accounts/access.py)."""
    require_reader(request)
    if not any(
        can_view_school_level(request.user, department_code=d, etc_codes=[etc_code])
        for d in departments
    ):
        raise PermissionDenied(gettext(NOT_YOUR_ETC))


NOT_YOUR_DEPARTMENT = gettext_noop(
    "El informe de un departamento incluye datos por sede de todas sus ETC: lo leen el equipo "
    "de manejo de información y el GLE del departamento; el analista de una ETC lee el informe "
    "de su ETC."
)


def require_department_report(request: HttpRequest, department: str) -> None:
    """A department's report shows the sede data of all its ETCs: as sede data of a
    department (accounts/access.py), so not for the analyst of one of them."""
    require_reader(request)
    if not can_view_school_level(request.user, department_code=department, etc_codes=()):
        raise PermissionDenied(gettext(NOT_YOUR_DEPARTMENT))
