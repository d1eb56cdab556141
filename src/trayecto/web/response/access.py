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

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trayecto import paths
from trayecto.analytics import geography
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.response.models import (
    ActivityLine,
    PlannedActivity,
    Submission,
    WorkflowPolicy,
)

Role = Membership.Role
User = AbstractBaseUser | AnonymousUser
NATIONAL = frozenset({Role.CLUSTER_ADMIN, Role.IM_OFFICER})
EDITABLE = frozenset({Status.DRAFT, Status.REJECTED, Status.SUBMITTED})

NOT_YOURS = "Solo su organización puede cargar o corregir sus reportes."
NOT_REVIEWER = "Su rol no permite revisar este reporte."
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


def membership(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organization").filter(user_id=user.pk).first()


def role_of(user: User) -> str | None:
    found = membership(user)
    if found is None:
        return Role.CLUSTER_ADMIN if getattr(user, "is_superuser", False) else None
    return found.role


def is_national(user: User) -> bool:
    return role_of(user) in NATIONAL


def etc_municipalities(etc_code: str) -> tuple[str, ...]:
    """The municipalities an ETC serves in the latest year of `municipality_etc` (none when
    the ETC table has not been imported: an ETC analyst then sees no 5W lines)."""
    con, _version = Warehouse.for_root(paths.warehouse_dir()).reader()
    return geography.etc_municipalities(con, etc_code)


def etc_scope(user: User) -> tuple[str, ...] | None:
    """The municipalities an ETC analyst is limited to; None for every other role."""
    found = membership(user)
    if found is None or found.role != Role.ETC_ANALYST:
        return None
    return etc_municipalities(found.etc_code)


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
    role = role_of(user)
    if role in NATIONAL:
        return everything
    published = Q(status=Status.PUBLISHED)
    found = membership(user)
    if role == Role.PARTNER and found is not None:
        return everything.filter(published | Q(organization=found.organization))
    if role == Role.LEG_COORDINATOR and found is not None:
        departments = list(found.department_codes or [])
        return everything.filter(published | Q(lines__department__in=departments)).distinct()
    if role == Role.ETC_ANALYST and found is not None:
        scope = etc_municipalities(found.etc_code)
        return everything.filter(published, lines__municipality__in=scope).distinct()
    return everything.none()  # viewers, donors, outsiders, anonymous


def can_upload(user: User, organization: Organization) -> bool:
    role = role_of(user)
    if role in NATIONAL:
        return True
    found = membership(user)
    return role == Role.PARTNER and found is not None and found.organization_id == organization.pk


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
    return set(submission.department_validations.values_list("department", flat=True))


def pending_departments(submission: Submission) -> set[str]:
    """The departments of a submitted report whose lines nobody has validated yet."""
    return submission.department_codes() - validated_departments(submission)


def reviewable_departments(user: User, submission: Submission) -> set[str]:
    """The departments of a report a user reviews: all for national roles, the LEG's own."""
    if is_national(user):
        return submission.department_codes()
    found = membership(user)
    if found is None or found.role != Role.LEG_COORDINATOR:
        return set()
    return submission.department_codes() & set(found.department_codes or [])


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
    return _is_user(user, submission.validated_by_id) or (
        submission.department_validations.filter(validated_by_id=user.pk).exists()
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
            WorkflowPolicy.current().approver_may_publish
            or not _is_user(user, submission.approved_by_id)
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
    return role_of(user) in NATIONAL | {Role.LEG_COORDINATOR, Role.PARTNER, Role.ETC_ANALYST}


NOT_YOUR_PLAN = (
    "Solo su organización o el equipo de IM pueden cambiar sus actividades planificadas."
)


def can_edit_plan(user: User, organization: Organization) -> bool:
    """Planned activities: the partner for its own organisation, and the IM officer."""
    role = role_of(user)
    if role == Role.IM_OFFICER:
        return True
    found = membership(user)
    return role == Role.PARTNER and found is not None and found.organization_id == organization.pk


def leg_departments(user: User) -> tuple[str, ...]:
    """The departments a LEG coordinator covers; empty for every other role."""
    found = membership(user)
    if found is None or found.role != Role.LEG_COORDINATOR:
        return ()
    return tuple(found.department_codes or ())


def plans_visible_to(user: User) -> QuerySet[PlannedActivity]:
    """National roles see every plan, a LEG those of its departments, a partner its own."""
    everything = PlannedActivity.objects.select_related("organization")
    role = role_of(user)
    found = membership(user)
    if role in NATIONAL:
        return everything
    if role == Role.PARTNER and found is not None:
        return everything.filter(organization=found.organization)
    if role == Role.LEG_COORDINATOR and found is not None:
        return everything.filter(department__in=list(found.department_codes or []))
    return everything.none()
