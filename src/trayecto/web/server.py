"""Serve the site on 127.0.0.1 with Django's server (static files through whitenoise), and
the background worker beside it (uploads are imported by a task: response/upload_task.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType

from django.conf import settings
from django.core.management import call_command

DATABASE_BACKEND = "django_tasks_db.backend.DatabaseBackend"


def start_worker() -> subprocess.Popen[bytes] | None:
    """`db_worker` in its own process, when tasks go through the database (the default)."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_BACKEND:
        return None  # the immediate backend runs each task inside the request
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    command = [sys.executable, "-m", "django", "db_worker", "--no-startup-delay", "--interval", "1"]
    return subprocess.Popen(command, env=env)  # noqa: S603 (our own interpreter and command)


def serve(port: int) -> None:
    # runserver is enough for one laptop; production runs gunicorn and db_worker (docs/deploy.md).
    worker = start_worker()
    # Stopped by SIGTERM (a service manager, a test), Python would end at once and leave the
    # worker running on its own: unwind as after Ctrl-C instead, so that it stops with us.
    signal.signal(signal.SIGTERM, _exit)
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


def _exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
