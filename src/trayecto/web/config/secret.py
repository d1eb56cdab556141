"""The SECRET_KEY: from the environment, or generated once into $TRAYECTO_HOME.

A laptop or a demo never runs with a key published in the source: the first process that
needs one writes a random key to `$TRAYECTO_HOME/secret_key` (mode 600) and every later
process reads it, so sessions survive a restart.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

# Django's own thresholds for check W009 ("SECRET_KEY ... weak"), so the guard and
# `check --deploy` agree.
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

FILE_NAME = "secret_key"
WEAK_KEY = (
    f"Set SECRET_KEY to a random string of at least {SECRET_KEY_MIN_LENGTH} characters with at "
    f"least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters (for example: "
    "python -c 'import secrets; print(secrets.token_urlsafe(64))')."
)


def is_strong(key: str) -> bool:
    """What Django's W009 accepts, and never the old public development key."""
    return (
        len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
        and not key.startswith(SECRET_KEY_INSECURE_PREFIX)
        and not key.startswith("trayecto-development")
    )


def key_in_home(home: Path) -> str:
    """The key stored in `home`, written there first if there is none yet."""
    path = home / FILE_NAME
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    home.mkdir(parents=True, exist_ok=True)
    # Written whole to a temporary file, then linked into place: a second process starting
    # at the same moment either wins the link or reads the winner's complete key.
    descriptor, temporary = tempfile.mkstemp(dir=home, prefix=".secret_key.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(64))
        with contextlib.suppress(FileExistsError):  # another process linked its key first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_text(encoding="utf-8").strip()
