"""Plain rules of the action plans and of the LEG report workflow."""

from __future__ import annotations

from datetime import date

import pytest

from trayecto.domain.action_plans import (
    ActionStatus,
    flags_grade_11,
    indicator_progress,
    is_overdue,
    plan_progress,
    status_from_file,
)
from trayecto.domain.coordination import ReportAction, ReportStatus, next_status

TODAY = date(2026, 4, 10)


def test_an_action_is_overdue_after_its_due_date_unless_done_or_cancelled() -> None:
    due = date(2026, 4, 9)
    assert is_overdue(due=due, status=ActionStatus.IN_PROGRESS, today=TODAY)
    assert is_overdue(due=due, status=ActionStatus.BLOCKED, today=TODAY)
    assert not is_overdue(due=due, status=ActionStatus.DONE, today=TODAY)
    assert not is_overdue(due=due, status=ActionStatus.CANCELLED, today=TODAY)
    assert not is_overdue(due=TODAY, status=ActionStatus.NOT_STARTED, today=TODAY)


def test_cancelled_actions_count_neither_done_nor_pending() -> None:
    progress = plan_progress(
        [(ActionStatus.DONE, TODAY), (ActionStatus.CANCELLED, TODAY),
         (ActionStatus.IN_PROGRESS, date(2026, 1, 1)), (ActionStatus.NOT_STARTED, TODAY)],
        today=TODAY,
    )  # fmt: skip
    assert (progress.total, progress.counted, progress.overdue) == (4, 3, 1)
    assert progress.percent_done == 33.3
    assert plan_progress([], today=TODAY).percent_done is None


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [(0, 200, 50, 25.0), (10, 20, 25, 150.0), (0, 0, 5, None), (0, 10, None, None),
     (80, 20, 50, 50.0)],  # a target below the baseline: going down is progress
)  # fmt: skip
def test_indicator_progress_runs_from_baseline_to_target(
    baseline: float, target: float, latest: float | None, expected: float | None
) -> None:
    assert indicator_progress(baseline=baseline, target=target, latest=latest) == expected


def test_statuses_are_read_as_the_workbook_writes_them() -> None:
    assert status_from_file("  En   Curso ") == ActionStatus.IN_PROGRESS
    assert status_from_file("blocked") == ActionStatus.BLOCKED
    assert status_from_file("terminada") is None


def test_grade_11_students_without_ppt_are_flagged_when_any() -> None:
    assert flags_grade_11("Estudiantes de grado 11 sin PPT", 3)
    assert not flags_grade_11("Estudiantes de grado 11 sin PPT", 0)
    assert not flags_grade_11("Estudiantes venezolanos con PPT", 3)


def test_the_leg_report_workflow() -> None:
    assert next_status(ReportStatus.DRAFT, ReportAction.SUBMIT) == ReportStatus.SUBMITTED
    assert next_status(ReportStatus.RETURNED, ReportAction.SUBMIT) == ReportStatus.SUBMITTED
    assert next_status(ReportStatus.APPROVED, ReportAction.RETURN) == ReportStatus.RETURNED
    assert next_status(ReportStatus.DRAFT, ReportAction.APPROVE) is None
    assert next_status(ReportStatus.SUBMITTED, ReportAction.PUBLISH) is None
    assert next_status(ReportStatus.PUBLISHED, ReportAction.RETURN) is None
