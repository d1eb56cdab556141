"""The scheduled monthly bulletins: the national one and one per workspace, archived; the
scheduled run queues the next on the 15th at 06:00 Bogotá, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import override_settings

from trayecto.web.coordination.bulletin_task import (
    bulletins_schedule,
    monthly_bulletins,
    next_issue,
)
from trayecto.web.coordination.models import BulletinRecord

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def test_the_next_issue_is_the_coming_15th_at_six_in_bogota() -> None:
    assert next_issue(date(2026, 4, 3)) == datetime(2026, 4, 15, 11, tzinfo=UTC)
    assert next_issue(date(2026, 4, 15)) == datetime(2026, 5, 15, 11, tzinfo=UTC)
    assert next_issue(date(2026, 12, 20)) == datetime(2027, 1, 15, 11, tzinfo=UTC)


@pytest.mark.usefixtures("workspaces", "empty_warehouse")
@time_machine.travel("2026-04-15 06:00 -05:00", tick=False)
def test_the_task_issues_the_national_bulletin_and_one_per_workspace() -> None:
    result = monthly_bulletins.call(period="2026-03")
    assert result["period"] == "2026-03"
    # national first, then the workspaces by department name
    assert [r["department"] for r in result["issued"]] == [
        None, "81", "08", "27", "44", "47", "52", "54",
    ]  # fmt: skip
    assert result["next"] is None  # a manual run does not queue the next one
    records = BulletinRecord.objects.all()
    assert {(r.format, r.source, r.period) for r in records} == {("pdf", "task", "2026-03")}
    assert all(bytes(r.content).startswith(b"%PDF") for r in records)


@pytest.mark.django_db
def test_scheduling_queues_one_deferred_run() -> None:
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS):
        from django_tasks import task_backends

        task_backends._settings = None  # type: ignore[attr-defined]
        try:
            first = bulletins_schedule(after=date(2026, 4, 20))
            second = bulletins_schedule(after=date(2026, 4, 21))
        finally:
            task_backends._settings = None  # type: ignore[attr-defined]
    assert first == second == "2026-05-15T11:00:00+00:00"
    queued = DBTaskResult.objects.get()
    assert queued.run_after == datetime(2026, 5, 15, 11, tzinfo=UTC)
    assert queued.task_path.endswith("monthly_bulletins")
