"""Partner uploads read and stored in the background (django-tasks), never in the request.

A legitimate 200,000-row workbook takes longer to validate and store than a web worker may
take to answer (gunicorn's timeout): the partner saw an error page for data that went in. So
the request only saves the file under $TRAYECTO_HOME/uploads and enqueues `five_w_upload`;
a worker (`trayecto serve` starts one beside the server; production runs `db_worker`, see
docs/deploy.md) imports it, and the progress page shows the state, then the same report.
A normal upload is checked first: when rows would be rejected, nothing is sent, the file
waits (STAGED_HOURS at most) and the page asks the user to confirm (`SEND`).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from trayecto import paths
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.importers.activityinfo_layout import is_activityinfo
from trayecto.importers.five_w_form import is_five_w_form_export
from trayecto.warehouse import Warehouse
from trayecto.web.response.services import activityinfo_imports, form_imports, imports

PENDING = {TaskResultStatus.READY, TaskResultStatus.RUNNING}
# What an upload task does with the file:
CHECK = "check"  # "validate only": read and check, store nothing
SEND_IF_CLEAN = "send_if_clean"  # check; send when no row is rejected, else ask to confirm
SEND = "send"  # the user confirmed: send the accepted rows
STAGED_HOURS = 24  # a file nobody confirmed is deleted after this
UploadResult = TaskResult[dict[str, Any]]
Outcome = tuple[str, dict[str, Any] | None]  # (task status, the outcome once done)


def uploads_dir() -> Path:
    return paths.home() / "uploads"


def staging_dir() -> Path:
    """The uploads folder, without the files nobody confirmed within STAGED_HOURS."""
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    oldest = time.time() - STAGED_HOURS * 3600
    for stale in folder.iterdir():
        if stale.is_file() and stale.stat().st_mtime < oldest:
            stale.unlink(missing_ok=True)
    return folder


def upload_save(upload: UploadedFile[bytes]) -> str:
    """Save the file where the worker reads it; its name on our disk (never the user's)."""
    folder = staging_dir()
    suffix = Path(upload.name or "").suffix.lower()[:6]
    name = f"{uuid.uuid4().hex}{suffix}"
    with (folder / name).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return name


def is_staged(name: str) -> bool:
    return (uploads_dir() / Path(name).name).is_file()


@task()
def five_w_upload(
    *,
    upload: str,
    user_id: int,
    org_code: str,
    mode: str,
    file_name: str,
    period: str | None,
) -> dict[str, Any]:
    """Check one uploaded file and, as `mode` says, send it. Returns the outcome (JSON):
    the import report, and `confirm` (the file kept until the user confirms its rejected
    rows) or `sent` (the reports it went into) and `unchanged`."""
    path = uploads_dir() / upload
    keep = False
    try:
        user = get_user_model().objects.get(pk=user_id)
        matcher = matcher_from_warehouse(Warehouse.for_root(paths.warehouse_dir()).reader()[0])
        args: dict[str, Any] = {
            "path": path, "matcher": matcher, "user": user, "org_code": org_code,
            "file_name": file_name, "period": period,
        }  # fmt: skip
        if is_activityinfo(path):  # told by its headers: each row to the org it names
            args.pop("org_code")
            run = activityinfo_imports.activityinfo_import
        elif is_five_w_form_export(path):  # the 5W form's submissions: each to its org
            args.pop("org_code")
            run = form_imports.five_w_form_import
        else:
            run = imports.five_w_import
        if mode != SEND:
            checked = run(**args, dry_run=True)
            if mode == CHECK or checked.refused:
                return {"report": checked.as_dict()}
            if checked.rows_rejected:
                keep = True
                return {"report": checked.as_dict(), "confirm": upload}
        report = run(**args, dry_run=False)
        outcomes = [o for o in report.details.get("submissions", []) if o.get("id")]
        return {
            "report": report.as_dict(),
            "sent": None if report.refused else [o["id"] for o in outcomes],
            "unchanged": bool(outcomes) and all(o["action"] == "unchanged" for o in outcomes),
        }
    finally:
        if not keep:
            path.unlink(missing_ok=True)


def upload_outcome(result: UploadResult) -> Outcome:
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
