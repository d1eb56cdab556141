"""The 5W snapshot refreshed by the worker after an approval (django-tasks), not the request.

An approval's refresh rewrites the months of the approved reports (snapshot.py); its cost
follows the lines of those months, and a request must not wait for it. So the approval
enqueues `five_w_snapshot_refresh` inside its own transaction: with the database backend the
task's row commits with the approval (a rolled-back approval queues nothing, and the worker
never reads a report before its new state is committed); the test backend runs it at once.
The refresh reads the reports' states when it runs, so it is the same whatever order it runs
in beside publications and reopenings (which still refresh in the request: a publication
records the manifest version it went into, a reopening drops the figures at once), and it
runs under the snapshot lock like every other refresh. Until it has run, the reach page
says the figures are being updated (`snapshot_updating`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django_tasks import TaskResultStatus, task

from trayecto.warehouse import Warehouse
from trayecto.web.response.services.snapshot import snapshot_refresh

PENDING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


@task()
def five_w_snapshot_refresh(*, root: str, submissions: list[int]) -> int:
    """Publish the snapshot months of `submissions`; the new manifest version."""
    return snapshot_refresh(warehouse=Warehouse.for_root(root), submissions=submissions)


def snapshot_refresh_later(*, warehouse: Warehouse, submissions: Iterable[int]) -> None:
    """Queue the refresh of `submissions` in the caller's transaction."""
    five_w_snapshot_refresh.enqueue(root=str(warehouse.root), submissions=sorted(set(submissions)))


def snapshot_updating() -> bool:
    """A refresh is queued or running: the published figures do not hold every approval yet.
    Only the database backend keeps a queue to look at."""
    if not five_w_snapshot_refresh.get_backend().supports_get_result:
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=five_w_snapshot_refresh.module_path, status__in=PENDING
    ).exists()
