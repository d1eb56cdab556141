"""Names of areas at every level, from the shared geography tables when they are there."""

from __future__ import annotations

from trayecto.domain.geography import NATION_CODE, NATION_NAME
from trayecto.warehouse import engine
from trayecto.warehouse.engine import Connection
from trayecto.warehouse.spark import SparkConnection

# The geography tables (published by the `divipola` import) come first; the names MEN writes
# in its own files fill the gaps (historical municipalities, ETCs).
NAME_QUERIES: dict[str, list[tuple[str, str]]] = {
    "department": [
        ("department", "select code as area_code, name as area_name from department"),
        (
            "official_indicator",
            "select distinct area_code, area_name from official_indicator "
            "where level = 'department'",
        ),
    ],
    "municipality": [
        ("municipality", "select code as area_code, name as area_name from municipality"),
        (
            "official_indicator",
            "select distinct area_code, area_name from official_indicator "
            "where level = 'municipality'",
        ),
    ],
    "sede": [
        (
            "sede",
            "select sede_code as area_code, arg_max(sede_name, year) as area_name "
            "from sede group by sede_code",
        ),
    ],
    "etc": [
        ("etc", "select code as area_code, name as area_name from etc"),
        (
            "municipality_etc",
            "select distinct etc_code::varchar as area_code, etc_name as area_name "
            "from municipality_etc",
        ),
    ],
}


def tables(con: Connection) -> set[str]:
    """The warehouse tables the connection shows (a Spark connection knows its own)."""
    if isinstance(con, SparkConnection):
        return con.tables()
    return {
        row["name"]
        for row in engine.rows(
            con, "select view_name as name from duckdb_views() where not internal"
        )
    }


def area_names(con: Connection, level: str) -> dict[str, str]:
    if level == "nation":
        return {NATION_CODE: NATION_NAME}
    present = tables(con)
    names: dict[str, str] = {}
    for table, sql in NAME_QUERIES.get(level, []):
        if table in present:
            for row in engine.rows(con, sql):
                names.setdefault(str(row["area_code"]), str(row["area_name"]))
    return names
