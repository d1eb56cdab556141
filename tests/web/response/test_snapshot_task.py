"""An approval answers at once: the worker refreshes the 5W snapshot (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from trayecto.analytics.reach import TABLE
from trayecto.web.response.models import Submission
from trayecto.web.response.services import snapshot, snapshot_task
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
    submissions_bulk_approve,
)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The database backend, as production runs it: tasks wait for a worker."""
    from django_tasks import task_backends
    from django_tasks_db.management.commands import db_worker

    # The worker closes connections it finds outside autocommit; the test's own transaction is
    # one, and on PostgreSQL closing it ends the test. The worker runs in the test's connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_TASKS):
        task_backends._settings = None  # type: ignore[attr-defined]
        try:
            yield
        finally:
            task_backends._settings = None  # type: ignore[attr-defined]


def snapshot_rows(wh: Any) -> int:
    return wh.read(TABLE).num_rows if wh.has(TABLE) else 0


@pytest.mark.usefixtures("queue")
def test_the_approval_queues_the_refresh_and_the_worker_runs_it(
    submission: Submission, people: dict[str, Any], wh: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    submission_validate(submission=submission, user=people["cluster_admin"])
    in_request: list[object] = []
    with monkeypatch.context() as during_the_request:  # only this patch ends below
        during_the_request.setattr(snapshot, "_publish", lambda *a: in_request.append(a) or 0)
        submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    assert in_request == []  # the request wrote no snapshot
    queued = DBTaskResult.objects.get()
    assert queued.task_path == snapshot_task.five_w_snapshot_refresh.module_path
    assert snapshot_task.snapshot_updating()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert not snapshot_task.snapshot_updating()
    assert snapshot_rows(wh) == 2  # the report's two lines, written by the worker


@pytest.mark.usefixtures("queue")
def test_a_bulk_approval_queues_one_refresh_of_every_report(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    submission_validate(submission=submission, user=people["cluster_admin"])
    submissions_bulk_approve(submissions=[submission], user=people["im_officer"], warehouse=wh)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {
        "root": str(wh.root),
        "submissions": [submission.pk],
    }


@pytest.mark.usefixtures("queue")
def test_a_rolled_back_approval_queues_nothing(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    submission_validate(submission=submission, user=people["cluster_admin"])
    with transaction.atomic():
        submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
        transaction.set_rollback(True)
    assert not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("queue")
def test_a_publication_before_the_worker_runs_gives_the_same_figures(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    """The refresh reads the reports' states when it runs: late, it changes nothing."""
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    published = wh.read(TABLE).sort_by("line_id")
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert wh.read(TABLE).sort_by("line_id").equals(published)


@pytest.mark.usefixtures("queue")
def test_the_reach_page_says_the_figures_are_being_updated(
    submission: Submission, people: dict[str, Any], wh: Any, client: Client
) -> None:
    submission_validate(submission=submission, user=people["cluster_admin"])
    client.force_login(people["im_officer"])
    note = "Actualizando: las cifras aún no incluyen las últimas aprobaciones"
    assert note not in client.get("/5w/alcance/").content.decode()
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    assert note in client.get("/5w/alcance/").content.decode()
