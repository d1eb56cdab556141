"""Which reports and lines a user sees and exports, and who uploads, edits and submits them
(line exports are never for viewers and donors: aggregates only)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from trayecto.domain.five_w import Status
from trayecto.web.accounts.access import Role, Scope, User, is_national, scope_of
from trayecto.web.accounts.models import Organization
from trayecto.web.response.access.departments import reviewable_departments
from trayecto.web.response.access.pages import require
from trayecto.web.response.access.territory import etc_municipalities, etc_scope
from trayecto.web.response.models import ActivityLine, DepartmentValidation, Submission
from trayecto.web.response.selectors.snapshot import counted_statuses

EDITABLE = frozenset({Status.DRAFT, Status.REJECTED, Status.SUBMITTED})
NOT_YOURS = "Solo su organización puede cargar o corregir sus reportes."
LINES_FROZEN = (
    "Las líneas se agregan, corrigen o borran solo mientras el reporte es un borrador o está "
    "devuelto al socio, y el periodo está abierto."
)


def lines_visible_to(user: User, submission: Submission) -> QuerySet[ActivityLine]:
    lines = submission.lines.all()
    scope = etc_scope(user)
    return lines if scope is None else lines.filter(municipality__in=scope)


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """The selector every list and detail view starts from."""
    everything = Submission.objects.select_related("organization", "period")
    scope = scope_of(user)
    if scope is None:
        return everything.none()  # outsiders, anonymous
    if scope.national:
        return everything
    published = Q(status=Status.PUBLISHED)
    if scope.role == Role.PARTNER:
        return everything.filter(published | Q(organization_id=scope.organization_id))
    if scope.role == Role.LEG_COORDINATOR:
        departments = sorted(scope.department_codes)
        return everything.filter(published | Q(lines__department__in=departments)).distinct()
    if scope.role == Role.ETC_ANALYST:
        municipalities = etc_municipalities(scope.etc_code)
        return everything.filter(published, lines__municipality__in=municipalities).distinct()
    return everything.none()  # viewers, donors


def with_review_state(submissions: Iterable[Submission]) -> list[Submission]:
    """The reports with what every review rule reads fetched in three queries in all, not
    per report: their validations (with who validated) and the departments of their lines
    (`Submission.department_codes` reads them from here). For pages that only read."""
    chosen = list(submissions)
    prefetch_related_objects(
        chosen,
        Prefetch(
            "department_validations",
            queryset=DepartmentValidation.objects.select_related("validated_by"),
        ),
    )
    departments: dict[int, set[str]] = {s.pk: set() for s in chosen}
    lines = ActivityLine.objects.filter(submission_id__in=list(departments))
    # order_by(): the lines' own ordering (submission, row) would join the distinct
    pairs = lines.order_by().values_list("submission_id", "department").distinct()
    for submission_id, department in pairs:
        departments[submission_id].add(department)
    for submission in chosen:
        submission.prefetched_department_codes = frozenset(departments[submission.pk])
    return chosen


def get_submission_for_user(user: User, pk: int, *, write: bool = False) -> Submission:
    """404 when the user may not see it (so its existence is not revealed), 403 to change it."""
    submission = submissions_visible_to(user).filter(pk=pk).first()
    if submission is None:
        raise Http404
    if write and not can_edit(user, submission):
        raise PermissionDenied(NOT_YOURS)
    return submission


def _partner_scope(user: User) -> Scope | None:
    scope = scope_of(user)
    return scope if scope is not None and scope.role == Role.PARTNER else None


def partner_organization(user: User) -> Organization | None:
    """A partner focal point's organisation (its own figures, reminders and exports); None
    for every other role."""
    scope = _partner_scope(user)
    return scope.organization if scope is not None else None


def can_upload(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    if scope is None:
        return False
    return scope.national or (scope.role == Role.PARTNER and scope.is_member_of(organization))


def uploadable_organizations(user: User) -> list[Organization]:
    """The organisations whose reports the user uploads: every one for national roles, its
    own for a partner, none for the others."""
    if is_national(user):
        return list(Organization.objects.all())
    own = partner_organization(user)
    return [own] if own is not None else []


def can_edit(user: User, submission: Submission) -> bool:
    return (
        submission.status in EDITABLE
        and not submission.period.locked
        and can_upload(user, submission.organization)
    )


def can_edit_lines(user: User, submission: Submission) -> bool:
    """Lines typed in the browser: the partner (and the IM team) while the report is a draft
    or returned; a LEG may correct the lines of its departments in such a report."""
    if submission.status not in {Status.DRAFT, Status.REJECTED} or submission.period.locked:
        return False
    return can_upload(user, submission.organization) or bool(
        reviewable_departments(user, submission)
    )


def can_submit(user: User, submission: Submission) -> bool:
    return submission.status in {Status.DRAFT, Status.REJECTED} and can_edit(user, submission)


def can_export_lines(user: User) -> bool:
    """Line-level exports (with sede codes) are not for viewers and donors (aggregates only)."""
    scope = scope_of(user)
    return scope is not None and (
        scope.national or scope.role in {Role.LEG_COORDINATOR, Role.PARTNER, Role.ETC_ANALYST}
    )


def exportable_lines(user: User) -> QuerySet[ActivityLine]:
    """The lines a user exports: of the reports it sees in a counted state, plus a partner's
    own reports in any state, and of an ETC analyst's municipalities only."""
    require(can_export_lines(user))
    visible = submissions_visible_to(user)
    chosen = visible.filter(status__in=counted_statuses())
    own = partner_organization(user)
    if own is not None:
        chosen = chosen | visible.filter(organization=own)
    lines = ActivityLine.objects.filter(submission__in=chosen)
    municipalities = etc_scope(user)
    return lines if municipalities is None else lines.filter(municipality__in=municipalities)
