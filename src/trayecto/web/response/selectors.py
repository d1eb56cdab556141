"""Reads of the 5W cycle: reach figures with their provenance, places for the template."""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics.geography import departments, has_table, municipalities
from trayecto.analytics.reach import TABLE, ReachFilters, reach
from trayecto.domain.five_w import ConsolidationRule, Status, statuses_at_or_after
from trayecto.importers.five_w_places import Municipality
from trayecto.warehouse import Warehouse
from trayecto.web.response.services import counted_statuses, lines_table, reach_rule


def template_municipalities(warehouse: Warehouse) -> list[Municipality]:
    """Current municipalities of the warehouse geography (empty before it is imported)."""
    con = warehouse.connect()
    if not (has_table(con, "municipality") and has_table(con, "department")):
        return []
    return [
        Municipality(m["code"], m["name"], m["department_code"], m["department_name"])
        for m in municipalities(con)
        if m["status"] != "historical"
    ]


def _area_names(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, str]:
    if level == "nation":
        return {"CO": "Colombia"}
    if not has_table(con, level):
        return {}
    found = departments(con) if level == "department" else municipalities(con)
    return {str(row["code"]): str(row["name"]) for row in found}


def reach_figures(
    *,
    warehouse: Warehouse,
    period: str,
    level: str = "nation",
    status: Status = Status.PUBLISHED,
    rule: ConsolidationRule | None = None,
    filters: ReachFilters | None = None,
) -> list[dict[str, Any]]:
    """People reached per area, as `trayecto indicator` prints figures, with provenance.

    Statuses that the published snapshot holds are read from the warehouse (so the figure
    names the manifest version it used); earlier statuses (submitted, validated) are read
    from the database at the moment of asking and say so.
    """
    chosen = ConsolidationRule(rule or reach_rule())
    statuses = tuple(s.value for s in statuses_at_or_after(status))
    base = filters or ReachFilters(period)
    query_filters = ReachFilters(**{**base.__dict__, "period": period, "statuses": statuses})
    manifest_version: int | None = None
    if set(statuses) <= set(counted_statuses()) and warehouse.has(TABLE):
        con, manifest_version = warehouse.reader()
        source = "warehouse"
    else:
        con = duckdb.connect()
        con.register(TABLE, lines_table(statuses))
        source = "database"
    names_con = warehouse.connect()
    names = _area_names(names_con, level)
    table = reach(con, query_filters, level=level, rule=chosen) if _has(con) else None
    rows = table.to_pylist() if table is not None else []
    return [
        {
            "area_code": row["area_code"],
            "area_name": names.get(row["area_code"], ""),
            "year": int(period[:4]),
            "period": period,
            "value": int(row["value"]),
            "unit": "personas",
            "provenance": {
                "kind": "computed",
                "source": "5w",
                "method": chosen.value,
                "statuses": list(statuses),
                "read_from": source,
                "manifest_version": manifest_version,
            },
        }
        for row in rows
    ]


def _has(con: duckdb.DuckDBPyConnection) -> bool:
    return has_table(con, TABLE)
