"""Insert many activity lines fast (one parameterised executemany: web/bulk.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from trayecto.web.bulk import bulk_insert
from trayecto.web.response.models import ActivityLine


def insert_lines(rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ActivityLine rows given as {attname: value}; call inside a transaction."""
    return bulk_insert(ActivityLine, rows)
