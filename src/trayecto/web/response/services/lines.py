"""Lines typed or corrected in the browser, checked by the importer's rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trayecto.domain.five_w import Status
from trayecto.domain.problems import Problem
from trayecto.importers.five_w import validate_typed_line
from trayecto.importers.five_w_places import Matcher
from trayecto.web.response import access
from trayecto.web.response.models import ActivityLine, Submission
from trayecto.web.response.selectors.catalogue import catalogue_index
from trayecto.web.response.services.audit import User, audit, require
from trayecto.web.response.services.imports import line_records
from trayecto.web.response.services.periods import require_open

NOT_YOUR_DEPARTMENT = "solo puede corregir líneas de sus departamentos ({departments})"


class LineProblems(ValidationError):
    """A typed line refused: every problem, as the importer reports them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([f"{p.column}: {p.message}" for p in problems])
        self.problems = problems


def _line_editor_departments(user: User | None, submission: Submission) -> set[str] | None:
    """None when the user edits every line (the partner, the IM team, the system); a LEG's
    departments otherwise."""
    if user is None or access.can_upload(user, submission.organization):
        return None
    return set(access.leg_departments(user))


def line_save(
    *,
    submission: Submission,
    user: User | None,
    values: dict[str, Any],
    matcher: Matcher,
    line: ActivityLine | None = None,
) -> ActivityLine:
    """Add a line to a draft or returned report, or correct one, checked by the importer's
    rules (LineProblems lists what is wrong); the change and the values before are audited."""
    require_open(submission)
    require(user is None or access.can_edit_lines(user, submission), access.LINES_FROZEN)
    if submission.status not in {Status.DRAFT, Status.REJECTED}:
        raise ValidationError(access.LINES_FROZEN)
    row = (
        line.row
        if line is not None
        else (max(submission.lines.values_list("row", flat=True), default=0) + 1)
    )
    checked, problems = validate_typed_line(
        values, matcher=matcher, period=submission.period.month,
        org=submission.organization.code, org_names=[submission.organization.name],
        activities=catalogue_index() or None, row=row,
    )  # fmt: skip
    errors = [p for p in problems if p.severity == "error"]
    if checked is None or errors:
        raise LineProblems(errors or problems)
    mine = _line_editor_departments(user, submission)
    touched = {checked.department} | ({line.department} if line is not None else set())
    if mine is not None and not touched <= mine:
        raise ValidationError(NOT_YOUR_DEPARTMENT.format(departments=", ".join(sorted(mine))))
    record = line_records(submission, [checked])[0]
    with transaction.atomic():
        before = None
        if line is None:
            line = ActivityLine(**record)
        else:
            before = {k: getattr(line, k) for k in record if k != "submission_id"}
            for key, value in record.items():
                setattr(line, key, value)
        line.save()
        audit(user, "line_add" if before is None else "line_edit", submission, line=line.pk,
              row=row, before=before, warnings=[p.message for p in problems])  # fmt: skip
    return line


def line_delete(*, submission: Submission, user: User | None, line: ActivityLine) -> None:
    require_open(submission)
    require(user is None or access.can_edit_lines(user, submission), access.LINES_FROZEN)
    mine = _line_editor_departments(user, submission)
    if mine is not None and line.department not in mine:
        raise ValidationError(NOT_YOUR_DEPARTMENT.format(departments=", ".join(sorted(mine))))
    with transaction.atomic():
        audit(user, "line_delete", submission, line=line.pk, row=line.row,
              before={"municipality": line.municipality, "activity": line.activity,
                      "beneficiaries": line.beneficiaries})  # fmt: skip
        line.delete()
