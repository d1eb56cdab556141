"""The rows every place matcher is built from: `municipality`, `department`, `place_alias`.

The web's matcher (analytics/geography.py) and the sede importers' (importers/school_places.py)
read the same three tables; both build `domain.places.PlaceMatcher(*place_rows(con))`.
"""

from __future__ import annotations

from typing import Any

from trayecto.warehouse.engine import Connection, rows
from trayecto.warehouse.spark import SparkConnection

Rows = list[dict[str, Any]]


def has_table(con: Connection, name: str) -> bool:
    if isinstance(con, SparkConnection):
        return name in con.tables()
    found = rows(
        con,
        "select count(*) as n from information_schema.tables where table_name = $name",
        {"name": name},
    )
    return bool(found[0]["n"])


def place_rows(con: Connection) -> tuple[Rows, Rows, Rows]:
    """Municipalities, departments and (when `place-aliases` was imported) the alias rows."""
    aliases = rows(con, "select * from place_alias") if has_table(con, "place_alias") else []
    return rows(con, "select * from municipality"), rows(con, "select * from department"), aliases
