"""Throwaway folders of a benchmark run, removed when the run ends: a run leaves nothing in
the temporary directory (a benchmark's home holds a warehouse, up to a national decade)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def folder(prefix: str = "trayecto-bench-") -> Path:
    """A new empty folder, removed when this process ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def home() -> Path:
    """A new $TRAYECTO_HOME for this run (set in the environment), removed when it ends."""
    path = folder()
    os.environ["TRAYECTO_HOME"] = str(path)
    return path
