"""Supply of school places, demand and the gap, per sede and per municipality, from the
sede tables (sede, sede_enrolment_grade) and DANE's population: the rules of
domain/supply.py in SQL (supply_sql/), and the ranked list of municipalities where supply
falls short."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from trayecto.analytics import areas
from trayecto.domain.supply import SupplyParameters
from trayecto.warehouse import Warehouse, engine

SQL = Path(__file__).resolve().parent / "supply_sql"
NEEDS = {
    "sede": "sede-matricula (or the demo's synthetic sedes)",
    "sede_enrolment_grade": "sede-matricula",
    "population": "dane-proyecciones",
}


@dataclass
class SupplyResult:
    parameters: SupplyParameters
    manifest_version: int
    municipalities: list[dict[str, Any]]  # ranked: the largest shortfall first
    missing: list[str] = field(default_factory=list)  # "table (source to import)"

    def short(self) -> list[dict[str, Any]]:
        """The municipalities where places are fewer than the school-age children."""
        return [m for m in self.municipalities if (m["shortfall"] or 0) > 0]


def sede_places(
    con: duckdb.DuckDBPyConnection, params: SupplyParameters, *, municipality: str | None = None
) -> list[dict[str, Any]]:
    """Places per sede and grade (all sedes, or one municipality's)."""
    rows = engine.rows(con, (SQL / "sede_places.sql").read_text(encoding="utf-8"), bind(params))
    if municipality:
        rows = [r for r in rows if r["municipality_code"] == municipality]
    return rows


def bind(params: SupplyParameters) -> dict[str, Any]:
    return {
        "year": params.year,
        "urban": params.students_per_group_urban,
        "rural": params.students_per_group_rural,
    }


def gap(warehouse: Warehouse, params: SupplyParameters) -> SupplyResult:
    """Per municipality with sede data: sedes, enrolment (Venezuelan too), places, short and
    spare places, demand (DANE 5–16), gap; ranked by shortfall. Missing tables are named,
    never a failure."""
    params = params.checked()
    if warehouse.manifest().version == 0:
        return SupplyResult(params, 0, [], [f"{t} ({s})" for t, s in NEEDS.items()])
    con, version = warehouse.reader()
    present = areas.tables(con)
    missing = [f"{t} ({s})" for t, s in NEEDS.items() if t not in present]
    if missing:
        return SupplyResult(params, version, [], missing)
    places = engine.query(con, (SQL / "sede_places.sql").read_text(encoding="utf-8"), bind(params))
    con.register("supply_places", places)
    try:
        rows = engine.rows(
            con,
            (SQL / "municipality_gap.sql").read_text(encoding="utf-8"),
            {"year": params.year},
        )
    finally:
        con.unregister("supply_places")
    names = areas.area_names(con, "municipality")
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["name"] = names.get(row["municipality_code"], row["municipality_code"])
    return SupplyResult(params, version, rows, [])


def sede_ranking(
    warehouse: Warehouse, params: SupplyParameters, *, department: str = ""
) -> SupplyResult:
    """Every sede with places (of one department, or all), ranked by the places its promoted
    cohorts lack (`short`), with the grades short and its municipality's name. The result's
    `municipalities` holds the sedes here. Missing tables are named, never a failure."""
    params = params.checked()
    if warehouse.manifest().version == 0:
        return SupplyResult(params, 0, [], [f"{t} ({s})" for t, s in NEEDS.items()])
    con, version = warehouse.reader()
    present = areas.tables(con)
    missing = [f"{t} ({s})" for t, s in NEEDS.items() if t not in present and t != "population"]
    if missing:
        return SupplyResult(params, version, [], missing)
    places = engine.query(con, (SQL / "sede_places.sql").read_text(encoding="utf-8"), bind(params))
    con.register("supply_places", places)
    try:
        rows = engine.rows(
            con,
            (SQL / "sede_ranking.sql").read_text(encoding="utf-8"),
            {"department": department},
        )
    finally:
        con.unregister("supply_places")
    names = areas.area_names(con, "municipality")
    for row in rows:
        row["municipality_name"] = names.get(row["municipality_code"], "")
    return SupplyResult(params, version, rows, [])


def etc_by_municipality(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The ETC that runs each municipality's schools in the latest year ({} without it)."""
    if "municipality_etc" not in areas.tables(con):
        return {}
    found = engine.rows(
        con,
        "select municipality_code::varchar as code, etc_code::varchar as etc "
        "from municipality_etc where year = (select max(year) from municipality_etc)",
    )
    return {r["code"]: r["etc"] for r in found}
