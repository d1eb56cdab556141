"""Serve the site on 127.0.0.1 with Django's server (static files through whitenoise)."""

from __future__ import annotations

from django.core.management import call_command


def serve(port: int) -> None:
    # runserver is enough for one laptop; production runs gunicorn (docs/deploy.md).
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
