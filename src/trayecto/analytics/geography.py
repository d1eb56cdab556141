"""Read the reference geography from the warehouse: lists, one place, its ETC, the matcher."""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.domain.places import PlaceMatcher
from trayecto.warehouse.engine import rows


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = rows(
        con,
        "select count(*) as n from information_schema.tables where table_name = $name",
        {"name": name},
    )
    return bool(found[0]["n"])


def matcher_from_warehouse(con: duckdb.DuckDBPyConnection) -> PlaceMatcher:
    """The place matcher over `municipality`, `department` and (when imported) `place_alias`."""
    aliases = rows(con, "select * from place_alias") if has_table(con, "place_alias") else []
    return PlaceMatcher(
        rows(con, "select * from municipality"), rows(con, "select * from department"), aliases
    )


def departments(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every department with its number of current municipalities."""
    return rows(
        con,
        """
        select d.code, d.name, d.pcode, count(m.code) as municipalities
        from department d
        left join municipality m on m.department_code = d.code and m.status <> 'historical'
        group by all
        order by d.code
        """,
    )


def department(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    found = rows(con, "select code, name, pcode from department where code = $code", {"code": code})
    return found[0] if found else None


def municipalities(
    con: duckdb.DuckDBPyConnection, department_code: str | None = None
) -> list[dict[str, Any]]:
    """Municipalities (all, or of one department) with their latest ETC when imported."""
    etc_join = (
        """
        left join (
            select municipality_code, arg_max(etc_code, year) as etc_code,
                   arg_max(etc_name, year) as etc_name, max(year) as etc_year
            from municipality_etc group by municipality_code
        ) e on e.municipality_code = m.code
        """
        if has_table(con, "municipality_etc")
        else ""
    )
    etc_columns = (
        "e.etc_code, e.etc_name, e.etc_year"
        if etc_join
        else "null as etc_code, null as etc_name, null as etc_year"
    )
    sql = f"""
        select m.code, m.name, m.department_code, m.department_name, m.type, m.latitude,
               m.longitude, m.pcode, m.status, m.parent_code, m.note, {etc_columns}
        from municipality m {etc_join}
        where $department is null or m.department_code = $department
        order by m.code
    """  # noqa: S608 (only fixed fragments are joined; values go in as parameters)
    return rows(con, sql, {"department": department_code})


def municipality(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    found = [m for m in municipalities(con, code[:2]) if m["code"] == code]
    return found[0] if found else None


def etc_history(con: duckdb.DuckDBPyConnection, municipality_code: str) -> list[dict[str, Any]]:
    """The ETC that ran the municipality's schools, year by year."""
    if not has_table(con, "municipality_etc"):
        return []
    return rows(
        con,
        """
        select year, etc_code, etc_name from municipality_etc
        where municipality_code = $code order by year
        """,
        {"code": municipality_code},
    )
