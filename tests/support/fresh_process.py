"""What a fresh Python process prints with a settings module: the settings tests start one
to see what a process sees at start-up, which the test process itself has long passed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable


def last_line(code: str, settings: str, *, unset: Iterable[str] = (), **env: str) -> str:
    """The last line `code` prints in a new process with DJANGO_SETTINGS_MODULE `settings`,
    this process's environment less `unset`, plus `env`."""
    environment = {
        **{k: v for k, v in os.environ.items() if k not in set(unset)},
        "DJANGO_SETTINGS_MODULE": settings,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]
