"""Who may see and do what with 5W submissions: one helper per action, nothing else decides.

- national roles (cluster admin, IM officer) see and review everything;
- a LEG coordinator sees reports with lines in the departments of the LEG and validates
  their lines in those departments; a report moves on when every department is validated;
- four eyes: who sent a report neither validates nor approves it, who validated it does not
  approve it, and the cluster admin decides whether who approved it may publish it;
- a locked period freezes every change of its reports (upload, transitions, reopen, copy);
- a partner sees its own organisation's reports and the published ones; it uploads,
  corrects and submits only its own, and only before approval;
- ETC analysts see published reports, and of them only the lines, figures and exports of
  the municipalities their ETC serves (`municipality_etc` in the warehouse, latest year);
  viewers and donors see published aggregates only (reach, dashboards), never the lines of
  a report; anonymous users see nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext, gettext_noop

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import Status
from trayecto.warehouse.engine import rows
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.access import (
    NO_MEMBERSHIP,
    Role,
    Scope,
    User,
    is_national,
    role_of,
    scope_of,
)
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import (
    ActivityLine,
    DepartmentValidation,
    PlannedActivity,
    Submission,
    WorkflowPolicy,
)
from trayecto.web.response.selectors.snapshot import counted_statuses, warehouse

EDITABLE = frozenset({Status.DRAFT, Status.REJECTED, Status.SUBMITTED})

NOT_YOURS = "Solo su organización puede cargar o corregir sus reportes."
NOT_REVIEWER = "Su rol no permite revisar este reporte."
NOT_A_REVIEWER = gettext_noop(
    "La revisión y la completitud de los reportes 5W son para el equipo de manejo de "
    "información, la administración del clúster y los coordinadores de GLE. Con su rol puede "
    "abrir los reportes 5W que le corresponden, el alcance publicado y las actividades "
    "planificadas."
)
LOCKED = "El periodo está cerrado; pida a la administración del clúster que lo abra."
SUBMITTER_REVIEWS = (
    "Usted envió este reporte: otra persona debe validarlo y aprobarlo (cuatro ojos)."
)
VALIDATOR_APPROVES = (
    "Usted validó este reporte: otra persona del equipo de IM debe aprobarlo (cuatro ojos)."
)
APPROVER_PUBLISHES = (
    "Usted aprobó este reporte y la política del clúster pide que otra persona del equipo "
    "de IM lo publique."
)
NOTHING_TO_VALIDATE = (
    "No le queda nada por validar en este reporte: las líneas de sus departamentos ya están "
    "validadas o el reporte no tiene líneas en ellos."
)


def _municipalities_by_etc(
    con: duckdb.DuckDBPyConnection, _version: int
) -> dict[str, tuple[str, ...]]:
    if not has_table(con, "municipality_etc"):
        return {}
    found = rows(
        con,
        """
        select etc_code::varchar as etc, municipality_code as code from municipality_etc
        where year = (select max(year) from municipality_etc)
        order by etc, code
        """,
    )
    by_etc: dict[str, list[str]] = {}
    for row in found:
        by_etc.setdefault(str(row["etc"]), []).append(str(row["code"]))
    return {etc: tuple(codes) for etc, codes in by_etc.items()}


def etc_municipalities(etc_code: str) -> tuple[str, ...]:
    """The municipalities an ETC serves in the latest year of `municipality_etc` (none when
    the ETC table has not been imported: an ETC analyst then sees no 5W lines). Read once
    per warehouse version for every ETC, not per request."""
    if not etc_code:
        return ()
    return warehouse().memo("five_w_etc_municipalities", _municipalities_by_etc).get(etc_code, ())


def etc_scope(user: User) -> tuple[str, ...] | None:
    """The municipalities an ETC analyst is limited to; None for every other role."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.ETC_ANALYST:
        return None
    return etc_municipalities(scope.etc_code)


# A municipality code that never exists: filtering by it selects nothing.
NOWHERE = ("-",)


def scoped_filters(user: User, filters: ReachFilters) -> ReachFilters:
    """Dashboard filters narrowed to the user's territory (ETC analysts: their municipalities;
    a filter outside it selects nothing)."""
    scope = etc_scope(user)
    if scope is None:
        return filters
    chosen = filters.municipalities
    allowed = tuple(m for m in chosen if m in scope) if chosen else scope
    return ReachFilters(**{**filters.__dict__, "municipalities": allowed or NOWHERE})


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
    pairs = ActivityLine.objects.filter(submission_id__in=list(departments))
    for submission_id, department in pairs.values_list("submission_id", "department").distinct():
        departments[submission_id].add(department)
    for submission in chosen:
        submission.prefetched_department_codes = frozenset(departments[submission.pk])
    return chosen


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


LINES_FROZEN = (
    "Las líneas se agregan, corrigen o borran solo mientras el reporte es un borrador o está "
    "devuelto al socio, y el periodo está abierto."
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


def validated_departments(submission: Submission) -> set[str]:
    # .all() reads the validations prefetched by with_review_state when there are some
    return {v.department for v in submission.department_validations.all()}


def pending_departments(submission: Submission) -> set[str]:
    """The departments of a submitted report whose lines nobody has validated yet."""
    return submission.department_codes() - validated_departments(submission)


def reviewable_departments(user: User, submission: Submission) -> set[str]:
    """The departments of a report a user reviews: all for national roles, the LEG's own."""
    scope = scope_of(user)
    if scope is None:
        return set()
    if scope.national:
        return submission.department_codes()
    if scope.role != Role.LEG_COORDINATOR:
        return set()
    return submission.department_codes() & scope.department_codes


def departments_to_validate(user: User, submission: Submission) -> set[str]:
    """What a validation by `user` covers now: its departments not yet validated."""
    return reviewable_departments(user, submission) & pending_departments(submission)


def _is_user(user: User, user_id: int | None) -> bool:
    return user.is_authenticated and user_id is not None and user_id == user.pk


def submitted_it(user: User, submission: Submission) -> bool:
    return _is_user(user, submission.submitted_by_id)


def validated_it(user: User, submission: Submission) -> bool:
    if not user.is_authenticated:
        return False
    return _is_user(user, submission.validated_by_id) or any(
        v.validated_by_id == user.pk for v in submission.department_validations.all()
    )


def can_validate(user: User, submission: Submission) -> bool:
    return (
        submission.status == Status.SUBMITTED
        and not submission.period.locked
        and not submitted_it(user, submission)
        and bool(departments_to_validate(user, submission))
    )


def can_approve(user: User, submission: Submission) -> bool:
    return (
        submission.status == Status.VALIDATED
        and not submission.period.locked
        and is_national(user)
        and not submitted_it(user, submission)
        and not validated_it(user, submission)
    )


def can_publish(user: User, submission: Submission) -> bool:
    return (
        submission.status == Status.APPROVED
        and not submission.period.locked
        and is_national(user)
        and (
            not _is_user(user, submission.approved_by_id)
            or WorkflowPolicy.current().approver_may_publish  # read only when it matters
        )
    )


def can_reject(user: User, submission: Submission) -> bool:
    if submission.period.locked or submitted_it(user, submission):
        return False
    if submission.status == Status.SUBMITTED:
        return bool(reviewable_departments(user, submission))
    return submission.status == Status.VALIDATED and is_national(user)


def can_reopen(user: User, submission: Submission) -> bool:
    """An approved report changes only through a reopen by its approver (or the admin)."""
    if submission.status not in {Status.APPROVED, Status.PUBLISHED} or submission.period.locked:
        return False
    if role_of(user) == Role.CLUSTER_ADMIN:
        return True
    return user.is_authenticated and submission.approved_by_id == user.pk


def why_not(user: User, submission: Submission, action: str) -> str:
    """The refusal of a workflow action, saying what would be allowed."""
    if submission.period.locked:
        return LOCKED
    if action in {"validate", "approve", "reject"} and submitted_it(user, submission):
        return SUBMITTER_REVIEWS
    if action == "approve" and validated_it(user, submission):
        return VALIDATOR_APPROVES
    if action == "publish" and is_national(user) and _is_user(user, submission.approved_by_id):
        return APPROVER_PUBLISHES
    if action == "validate" and reviewable_departments(user, submission):
        return NOTHING_TO_VALIDATE
    return NOT_REVIEWER


def can_manage_periods(user: User) -> bool:
    return is_national(user)


def get_submission_for_user(user: User, pk: int, *, write: bool = False) -> Submission:
    """404 when the user may not see it (so its existence is not revealed), 403 to change it."""
    submission = submissions_visible_to(user).filter(pk=pk).first()
    if submission is None:
        raise Http404
    if write and not can_edit(user, submission):
        raise PermissionDenied(NOT_YOURS)
    return submission


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


def leg_departments(user: User) -> tuple[str, ...]:
    """The departments a LEG coordinator covers; empty for every other role."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.LEG_COORDINATOR:
        return ()
    return tuple(sorted(scope.department_codes))


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


# --------------------------------------------------------------------------- pages
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


WORKFLOW_ACTIONS = ("submit", "validate", "approve", "publish", "reject", "reopen")


def allowed_actions(user: User, submission: Submission) -> list[str]:
    """The workflow steps the user may take on the report now, in WORKFLOW_ACTIONS order."""
    rules = {
        "submit": can_submit, "validate": can_validate, "approve": can_approve,
        "publish": can_publish, "reject": can_reject, "reopen": can_reopen,
    }  # fmt: skip
    return [name for name in WORKFLOW_ACTIONS if rules[name](user, submission)]


def refusals(user: User, submission: Submission, allowed: Iterable[str]) -> list[str]:
    """Why a reviewer does not get the step the report waits for (four eyes, a lock, ...)."""
    national = is_national(user)
    waiting = (
        ("validate", Status.SUBMITTED, national or bool(reviewable_departments(user, submission))),
        ("approve", Status.VALIDATED, national),
        ("publish", Status.APPROVED, national),
    )
    done = set(allowed)
    return [
        why_not(user, submission, name)
        for name, status, reviewer in waiting
        if submission.status == status and reviewer and name not in done
    ]
