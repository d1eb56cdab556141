"""Places the 5W pages name and pick: municipalities, department and municipality names, sedes."""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics.geography import department_map, departments, municipalities
from trayecto.domain.geography import NATION_CODE, NATION_NAME, Municipality
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows
from trayecto.warehouse.places import has_table
from trayecto.web.response.selectors.kept import kept


def template_municipalities(warehouse: Warehouse) -> list[Municipality]:
    """Current municipalities of the warehouse geography (empty before it is imported),
    read once per warehouse version."""
    con, version = warehouse.reader()

    def read() -> tuple[Municipality, ...]:
        if not (has_table(con, "municipality") and has_table(con, "department")):
            return ()
        return tuple(
            Municipality(m["code"], m["name"], m["department_code"], m["department_name"])
            for m in municipalities(con)
            if m["status"] != "historical"
        )

    return list(kept(warehouse, version, "template_municipalities", read))


def area_names(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, str]:
    if level == "nation":
        return {NATION_CODE: NATION_NAME}
    if not has_table(con, level):
        return {}
    found = departments(con) if level == "department" else municipalities(con)
    return {str(row["code"]): str(row["name"]) for row in found}


def kept_area_names(warehouse: Warehouse, level: str) -> dict[str, str]:
    """`area_names` of the current warehouse version, read once per version (a copy: the
    caller may change it)."""
    con, version = warehouse.reader()
    return dict(kept(warehouse, version, ("area_names", level), lambda: area_names(con, level)))


def place_names(warehouse: Warehouse) -> dict[str, str]:
    """Department and municipality names by DANE code (empty before the geography)."""
    names = kept_area_names(warehouse, "department")
    return {**names, **kept_area_names(warehouse, "municipality")}


def department_features(warehouse: Warehouse) -> list[dict[str, Any]]:
    """The department boundaries as GeoJSON features (none before MGN is imported), read
    once per warehouse version; each feature's properties are the caller's own copy (the
    map writes each department's figure into them)."""
    con, version = warehouse.reader()

    def read() -> list[dict[str, Any]]:
        if not has_table(con, "department_boundary"):
            return []
        features: list[dict[str, Any]] = department_map(con)["features"]
        return features

    shared = kept(warehouse, version, "department_features", read)
    return [{**feature, "properties": dict(feature["properties"])} for feature in shared]


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
