"""The workflow of a report: submit, validate by department, approve, publish, return, reopen;
and a draft copied from last month."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import ActivityLine, DepartmentValidation, Submission
from trayecto.web.response.selectors.snapshot import counted_statuses, reach_rule
from trayecto.web.response.services.audit import User, audit, require, user_id
from trayecto.web.response.services.periods import (
    COMMENT_REQUIRED,
    PERIOD_LOCKED,
    period_for_month,
    require_open,
)
from trayecto.web.response.services.snapshot import snapshot_refresh
from trayecto.web.response.services.snapshot_task import snapshot_refresh_later

WRONG_STATE = "un reporte en estado «{status}» no puede pasar a «{to}»"


def _allowed(user: User | None, submission: Submission, action: str, allowed: bool) -> None:
    """Permission of a workflow step; the command line (user None) acts as the system."""
    if user is not None:
        require(allowed, access.why_not(user, submission, action))


def _move(
    submission: Submission,
    user: User | None,
    to: Status,
    action: str,
    warehouse: Warehouse | None = None,
    **detail: Any,
) -> None:
    """Change the status, audit it, and refresh the warehouse snapshot when a counted state
    is entered or left (with the default counted states only approve, publish and reopen
    do; a configuration that also counts validated reports needs validations too)."""
    before = str(submission.status)
    submission.status = to
    submission.save()
    audit(user, action, submission, status=to.value, **detail)
    counted = set(counted_statuses())
    if warehouse is not None and (before in counted or to.value in counted):
        snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])


def _require_state(submission: Submission, allowed: set[Status], to: Status) -> None:
    if submission.status not in allowed:
        raise ValidationError(WRONG_STATE.format(status=submission.status, to=to.value))


def submission_submit(
    *, submission: Submission, user: User | None, warehouse: Warehouse | None = None
) -> None:
    _require_state(submission, {Status.DRAFT, Status.REJECTED}, Status.SUBMITTED)
    require_open(submission)
    require(user is None or access.can_submit(user, submission), access.NOT_YOURS)
    with transaction.atomic():
        submission.submitted_at = timezone.now()
        submission.submitted_by_id = user_id(user)
        submission.department_validations.all().delete()
        _move(submission, user, Status.SUBMITTED, "submit", warehouse)


def submission_validate(
    *, submission: Submission, user: User | None, warehouse: Warehouse | None = None
) -> list[str]:
    """Validate the user's departments of a submitted report (a LEG: the lines in its
    departments; the IM team or the command line: every department still pending). The
    report becomes validated when no department is left; returns the departments validated."""
    _require_state(submission, {Status.SUBMITTED}, Status.VALIDATED)
    require_open(submission)
    _allowed(
        user, submission, "validate", user is not None and access.can_validate(user, submission)
    )
    pending = access.pending_departments(submission)
    chosen = sorted(pending if user is None else access.departments_to_validate(user, submission))
    with transaction.atomic():
        DepartmentValidation.objects.bulk_create(
            DepartmentValidation(submission=submission, department=d, validated_by_id=user_id(user))
            for d in chosen
        )
        if set(chosen) >= pending:
            submission.validated_by_id = user_id(user)
            _move(submission, user, Status.VALIDATED, "validate", warehouse, departments=chosen)
        else:
            audit(user, "validate_part", submission, departments=chosen,
                  pending=sorted(pending - set(chosen)))  # fmt: skip
    return chosen


def _approve_one(submission: Submission, user: User | None, **detail: Any) -> None:
    _require_state(submission, {Status.VALIDATED}, Status.APPROVED)
    require_open(submission)
    _allowed(user, submission, "approve", user is not None and access.can_approve(user, submission))
    submission.approved_by_id = user_id(user)
    submission.approved_at = timezone.now()
    _move(submission, user, Status.APPROVED, "approve", **detail)


def submission_approve(*, submission: Submission, user: User | None, warehouse: Warehouse) -> None:
    """Approve; the worker refreshes the snapshot (snapshot_task.py), so approving is fast."""
    with transaction.atomic():
        _approve_one(submission, user)
        snapshot_refresh_later(warehouse=warehouse, submissions=[submission.pk])


def submissions_bulk_approve(
    *, submissions: Iterable[Submission], user: User | None, warehouse: Warehouse
) -> int:
    """Approve several validated reports at once; one snapshot refresh, by the worker."""
    approved: list[int] = []
    with transaction.atomic():
        for submission in submissions:
            _approve_one(submission, user, bulk=True)
            approved.append(submission.pk)
        if approved:
            snapshot_refresh_later(warehouse=warehouse, submissions=approved)
    return len(approved)


def _publish_one(submission: Submission, user: User | None) -> None:
    _require_state(submission, {Status.APPROVED}, Status.PUBLISHED)
    require_open(submission)
    _allowed(user, submission, "publish", user is not None and access.can_publish(user, submission))
    submission.status = Status.PUBLISHED
    submission.published_at = timezone.now()
    submission.published_rule = reach_rule()
    submission.save()


def _record_version(
    submissions: list[Submission], user: User | None, version: int, **detail: Any
) -> None:
    for submission in submissions:
        submission.published_manifest_version = version
        submission.save(update_fields=["published_manifest_version"])
        audit(user, "publish", submission, manifest_version=version, rule=reach_rule(), **detail)


def submission_publish(*, submission: Submission, user: User | None, warehouse: Warehouse) -> int:
    """Publish: the counted lines go to the warehouse; the report records rule and version."""
    with transaction.atomic():
        _publish_one(submission, user)
        version = snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])
        _record_version([submission], user, version)
    return version


def submissions_bulk_publish(
    *, submissions: Iterable[Submission], user: User | None, warehouse: Warehouse
) -> int:
    """Publish several approved reports at once (the publish queue); one snapshot."""
    published: list[Submission] = []
    with transaction.atomic():
        for submission in submissions:
            _publish_one(submission, user)
            published.append(submission)
        if published:
            version = snapshot_refresh(warehouse=warehouse, submissions=[s.pk for s in published])
            _record_version(published, user, version, bulk=True)
    return len(published)


def submission_reject(
    *,
    submission: Submission,
    user: User | None,
    comment: str,
    warehouse: Warehouse | None = None,
) -> None:
    _require_state(submission, {Status.SUBMITTED, Status.VALIDATED}, Status.REJECTED)
    require_open(submission)
    _allowed(user, submission, "reject", user is not None and access.can_reject(user, submission))
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        submission.comment = comment
        submission.department_validations.all().delete()
        submission.validated_by = None
        _move(submission, user, Status.REJECTED, "reject", warehouse, comment=comment)


def submission_reopen(
    *, submission: Submission, user: User | None, reason: str, warehouse: Warehouse
) -> None:
    """Send an approved or published report back to the partner; figures drop it at once."""
    _require_state(submission, {Status.APPROVED, Status.PUBLISHED}, Status.REJECTED)
    require_open(submission)
    _allowed(user, submission, "reopen", user is not None and access.can_reopen(user, submission))
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        submission.comment = reason
        submission.approved_by = None
        submission.approved_at = None
        submission.validated_by = None
        submission.department_validations.all().delete()
        _move(submission, user, Status.REJECTED, "reopen", reason=reason)
        snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])


# The steps a reviewer or partner takes on one report, by the name the pages and the API use.
ACTIONS = ("submit", "validate", "approve", "publish", "reject", "reopen")


def submission_transition(
    *, action: str, submission: Submission, user: User | None, comment: str, warehouse: Warehouse
) -> None:
    """One workflow step by its name: the review pages and the API dispatch through here, so
    both take the same steps with the same rules. `comment` is the reason of a return
    (reject, reopen) and ignored by the other steps; an unknown name is a refusal."""
    if action == "submit":
        submission_submit(submission=submission, user=user, warehouse=warehouse)
    elif action == "validate":
        submission_validate(submission=submission, user=user, warehouse=warehouse)
    elif action == "approve":
        submission_approve(submission=submission, user=user, warehouse=warehouse)
    elif action == "publish":
        submission_publish(submission=submission, user=user, warehouse=warehouse)
    elif action == "reject":
        submission_reject(submission=submission, user=user, comment=comment, warehouse=warehouse)
    elif action == "reopen":
        submission_reopen(submission=submission, user=user, reason=comment, warehouse=warehouse)
    else:
        raise PermissionDenied(access.NOT_REVIEWER)


NOTHING_TO_COPY = "no hay un reporte aprobado anterior de {org} para copiar"
MONTH_TAKEN = "ya existe un reporte de {org} para {month} en estado «{status}»"


def submission_copy_last_month(
    *, organization: Organization, month: str, user: User | None
) -> Submission:
    """A draft for `month` pre-filled from the organisation's last approved report, with
    every line marked recurrent (its people were already counted when they were new)."""
    require(user is None or access.can_upload(user, organization), access.NOT_YOURS)
    last = (
        Submission.objects.filter(
            organization=organization,
            status__in=[Status.APPROVED, Status.PUBLISHED],
            period__month__lt=month,
        )
        .order_by("-period__month")
        .first()
    )
    if last is None:
        raise ValidationError(NOTHING_TO_COPY.format(org=organization.code))
    period = period_for_month(month)
    if period.locked:
        raise ValidationError(PERIOD_LOCKED.format(month=month, reason=period.lock_reason))
    existing = Submission.objects.filter(organization=organization, period=period).first()
    if existing is not None and existing.status != Status.DRAFT:
        raise ValidationError(
            MONTH_TAKEN.format(org=organization.code, month=month, status=existing.status)
        )
    with transaction.atomic():
        draft = existing or Submission.objects.create(
            organization=organization, period=period, status=Status.DRAFT
        )
        draft.lines.all().delete()
        copies = []
        for line in last.lines.all():
            line.pk = None
            line.submission = draft
            line.month = month
            line.beneficiary_type = "recurrente"
            line.new_beneficiaries = 0
            line.cells = {}
            line.group_cells = {}
            copies.append(line)
        ActivityLine.objects.bulk_create(copies)
        draft.rows_imported = len(copies)
        draft.file_name = ""
        draft.file_hash = ""
        draft.save()
        audit(user, "copy_last_month", draft, source_submission=last.pk, lines=len(copies))
    return draft
