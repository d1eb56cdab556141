"""Where Trayecto keeps its files: everything lives under `$TRAYECTO_HOME` (default ./var)."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    return Path(os.environ.get("TRAYECTO_HOME", "var")).resolve()


def warehouse_dir() -> Path:
    return home() / "warehouse"


def sources_dir() -> Path:
    """Downloaded official files, laid out like the mirror: one folder per dataset."""
    return home() / "sources"


def sqlite_path() -> Path:
    return home() / "trayecto.sqlite3"
