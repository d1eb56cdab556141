"""Start Django from outside a request (the CLI, benchmarks) and keep $TRAYECTO_HOME migrated."""

from __future__ import annotations

import io
import os

import django
from django.core.management import call_command


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trayecto.web.config.settings")
    django.setup()


def ensure_home() -> None:
    """Create $TRAYECTO_HOME and apply migrations; harmless when already done."""
    from trayecto import paths

    paths.home().mkdir(parents=True, exist_ok=True)
    setup()
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
