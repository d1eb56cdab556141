"""Partner uploads read and stored in the background (django-tasks), never in the request.

A legitimate 200,000-row workbook takes longer to validate and store than a web worker may
take to answer (gunicorn's timeout): the partner saw an error page for data that went in. So
the request only saves the file under $TRAYECTO_HOME/uploads and enqueues `five_w_upload`;
a worker (`trayecto serve` starts one beside the server; production runs `db_worker`, see
docs/deploy.md) imports it, and the progress page shows the state, then the same report.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from trayecto import paths
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.warehouse import Warehouse
from trayecto.web.response import services

PENDING = {TaskResultStatus.READY, TaskResultStatus.RUNNING}
Outcome = tuple[str, dict[str, Any] | None]  # (task status, the import report once done)


def uploads_dir() -> Path:
    return paths.home() / "uploads"


@task()
def five_w_upload(
    *,
    upload: str,
    user_id: int,
    org_code: str,
    dry_run: bool,
    file_name: str,
    period: str | None,
) -> dict[str, Any]:
    """Validate and store one uploaded file; returns the import report (JSON)."""
    path = uploads_dir() / upload
    try:
        user = get_user_model().objects.get(pk=user_id)
        report = services.five_w_import(
            path=path,
            matcher=matcher_from_warehouse(Warehouse(paths.warehouse_dir()).connect()),
            user=user,
            org_code=org_code,
            dry_run=dry_run,
            file_name=file_name,
            period=period,
        )
        return report.as_dict()
    finally:
        path.unlink(missing_ok=True)


def upload_enqueue(
    *,
    upload: UploadedFile[bytes],
    user_id: int,
    org_code: str,
    dry_run: bool,
    period: str | None,
) -> TaskResult[dict[str, Any]]:
    """Save the file where the worker reads it and enqueue its import. With the immediate
    backend (the tests' settings) the result is already finished."""
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()[:6]
    name = f"{uuid.uuid4().hex}{suffix}"  # never the user's file name on our disk
    with (folder / name).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return five_w_upload.enqueue(
        upload=name, user_id=user_id, org_code=org_code, dry_run=dry_run,
        file_name=upload.name or "", period=period,
    )  # fmt: skip


def upload_outcome(result: TaskResult[dict[str, Any]]) -> Outcome:
    if result.status == TaskResultStatus.SUCCESSFUL:
        return str(result.status), result.return_value
    return str(result.status), None


def upload_state(
    result_id: str, *, user_id: int | None
) -> tuple[str, dict[str, Any] | None] | None:
    """(status, report when done) of an upload by this user; None for anyone else's."""
    if not five_w_upload.get_backend().supports_get_result:
        return None  # the immediate backend keeps no results: its uploads never wait
    try:
        result = five_w_upload.get_result(result_id)
    except (TaskResultDoesNotExist, ValueError):  # ValueError: not a task id at all
        return None
    if result.kwargs.get("user_id") != user_id:
        return None
    return upload_outcome(result)
