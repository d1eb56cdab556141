"""Who opens which 5W page (reports, review, completeness, progress, reference lists) and
the 403 a refused rule answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_noop

from trayecto.web.accounts.access import (
    NO_MEMBERSHIP,
    Role,
    User,
    is_national,
    role_of,
    scope_of,
)
from trayecto.web.response.access.territory import etc_scope

NOT_REVIEWER = "Su rol no permite revisar este reporte."
NOT_A_REVIEWER = gettext_noop(
    "La revisión y la completitud de los reportes 5W son para el equipo de manejo de "
    "información, la administración del clúster y los coordinadores de GLE. Con su rol puede "
    "abrir los reportes 5W que le corresponden, el alcance publicado y las actividades "
    "planificadas."
)


def require(allowed: bool, message: str = NOT_REVIEWER) -> None:
    """403 with the reason when a rule of this module says no."""
    if not allowed:
        raise PermissionDenied(message)


def can_use_five_w(user: User) -> bool:
    """The 5W pages (reports list, reach, plans): every member."""
    return role_of(user) is not None


def can_review(user: User) -> bool:
    """The review queue and completeness: national roles and LEG coordinators."""
    return is_national(user) or role_of(user) == Role.LEG_COORDINATOR


def require_five_w(user: User) -> None:
    """403 for the 5W pages, saying how to get in: they are for members of an organisation."""
    require(can_use_five_w(user), gettext(NO_MEMBERSHIP))


def require_review(user: User) -> None:
    """403 for the review queue and completeness, saying what the role may open instead."""
    require(can_review(user), gettext(NOT_A_REVIEWER))


def can_review_in_bulk(user: User) -> bool:
    """Ticking several reports in a queue to approve or publish them: national roles."""
    return is_national(user)


def completeness_departments(user: User) -> frozenset[str] | None:
    """The departments whose completeness a reviewer sees; None for every department."""
    scope = scope_of(user)
    if scope is not None and scope.role == Role.LEG_COORDINATOR:
        return scope.department_codes
    return None


def can_view_progress(user: User) -> bool:
    """Progress against targets: targets are per department, so not for an ETC analyst, who
    sees its municipalities only."""
    return etc_scope(user) is None


def can_edit_reference_lists(user: User) -> bool:
    """The catalogue, periods, targets and people in need in the admin site: the cluster
    admin edits them; IM officers may look (can_view_reference_lists)."""
    return role_of(user) == Role.CLUSTER_ADMIN


def can_view_reference_lists(user: User) -> bool:
    return is_national(user)


def can_manage_periods(user: User) -> bool:
    return is_national(user)
