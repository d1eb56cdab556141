"""Places the 5W pages name and pick: municipalities, department and municipality names, sedes."""

from __future__ import annotations

import duckdb

from trayecto.analytics.geography import departments, municipalities
from trayecto.domain.geography import NATION_CODE, NATION_NAME, Municipality
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows
from trayecto.warehouse.places import has_table


def template_municipalities(warehouse: Warehouse) -> list[Municipality]:
    """Current municipalities of the warehouse geography (empty before it is imported)."""
    con = warehouse.reader()[0]
    if not (has_table(con, "municipality") and has_table(con, "department")):
        return []
    return [
        Municipality(m["code"], m["name"], m["department_code"], m["department_name"])
        for m in municipalities(con)
        if m["status"] != "historical"
    ]


def area_names(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, str]:
    if level == "nation":
        return {NATION_CODE: NATION_NAME}
    if not has_table(con, level):
        return {}
    found = departments(con) if level == "department" else municipalities(con)
    return {str(row["code"]): str(row["name"]) for row in found}


def place_names(warehouse: Warehouse) -> dict[str, str]:
    """Department and municipality names by DANE code (empty before the geography)."""
    con = warehouse.reader()[0]
    return {**area_names(con, "department"), **area_names(con, "municipality")}


def sede_choices(warehouse: Warehouse, municipality: str) -> list[tuple[str, str]]:
    """The sedes of a municipality (12-digit code, name), from the warehouse `sede` table
    (empty before any sede list is imported: the sede is then typed)."""
    con = warehouse.reader()[0]
    if not municipality or not has_table(con, "sede"):
        return []
    found = query_rows(
        con,
        """
        select sede_code, arg_max(sede_name, year) as name from sede
        where municipality_code = $municipality group by sede_code order by name, sede_code
        """,
        {"municipality": municipality},
    )
    return [(str(r["sede_code"]), str(r["name"] or "")) for r in found]
