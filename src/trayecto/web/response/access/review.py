"""The review steps of a report (validate, approve, publish, return, reopen) with four eyes and
locked periods, and why a step is refused."""

from __future__ import annotations

from collections.abc import Iterable

from trayecto.domain.five_w import Status
from trayecto.web.accounts.access import Role, User, is_national, role_of
from trayecto.web.response.access.departments import (
    departments_to_validate,
    reviewable_departments,
)
from trayecto.web.response.access.pages import NOT_REVIEWER
from trayecto.web.response.access.submissions import can_submit
from trayecto.web.response.models import Submission, WorkflowPolicy

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
