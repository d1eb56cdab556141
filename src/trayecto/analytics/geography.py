"""Read the reference geography from the warehouse: lists, one place, its ETC, the matcher."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from trayecto.domain.places import PlaceMatcher
from trayecto.warehouse.engine import Connection, rows
from trayecto.warehouse.places import has_table, place_rows


def matcher_from_warehouse(con: Connection) -> PlaceMatcher:
    """The place matcher over `municipality`, `department` and (when imported) `place_alias`."""
    return PlaceMatcher(*place_rows(con))


def departments(con: Connection) -> list[dict[str, Any]]:
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


def department(con: Connection, code: str) -> dict[str, Any] | None:
    found = rows(con, "select code, name, pcode from department where code = $code", {"code": code})
    return found[0] if found else None


def municipalities(con: Connection, department_code: str | None = None) -> list[dict[str, Any]]:
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


def municipality(con: Connection, code: str) -> dict[str, Any] | None:
    found = [m for m in municipalities(con, code[:2]) if m["code"] == code]
    return found[0] if found else None


def etc_history(con: Connection, municipality_code: str) -> list[dict[str, Any]]:
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


def etc_municipalities(con: Connection, etc_code: str) -> tuple[str, ...]:
    """The municipalities an ETC serves in the latest year of `municipality_etc`: what the
    ETC analyst's access and every "the ETC's sedes" filter read. None when the ETC table
    has not been imported or the code is no ETC of that year."""
    if not etc_code or not has_table(con, "municipality_etc"):
        return ()
    found = rows(
        con,
        """
        select municipality_code::varchar as code from municipality_etc
        where etc_code::varchar = $etc and year = (select max(year) from municipality_etc)
        order by code
        """,
        {"etc": etc_code},
    )
    return tuple(str(r["code"]) for r in found)


def is_etc_code(code: str) -> bool:
    """An ETC code as MEN writes them: four digits (3801) or five beginning with 10 (10850).
    No DANE municipality code has either shape, so an area code is never ambiguous."""
    return code.isdigit() and (len(code) == 4 or (len(code) == 5 and code.startswith("10")))


def municipality_map(
    con: Connection, department_codes: Sequence[str] | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of municipal boundaries (all, or of some departments).

    Properties: code, name, department_code, department_name, etc_code, etc_name (the latest
    year's ETC, when `etc` was imported) — what the map colours and shows on hover.
    Municipalities without a polygon (27493, newer than MGN 2018) are left out.
    """
    wanted = list(department_codes) if department_codes else None
    listed = {m["code"]: m for m in municipalities(con)}
    found = rows(
        con,
        """
        select code, geometry from municipality_boundary
        where $departments is null or list_contains($departments, department_code)
        order by code
        """,
        {"departments": wanted},
    )
    features = []
    for boundary in found:
        unit = listed.get(boundary["code"], {})
        features.append(
            {
                "type": "Feature",
                "id": boundary["code"],
                "properties": {
                    "code": boundary["code"],
                    "name": unit.get("name"),
                    "department_code": unit.get("department_code") or boundary["code"][:2],
                    "department_name": unit.get("department_name"),
                    "etc_code": unit.get("etc_code"),
                    "etc_name": unit.get("etc_name"),
                },
                "geometry": json.loads(boundary["geometry"]),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def department_map(
    con: Connection, department_codes: Sequence[str] | None = None
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of department boundaries (properties: code, name)."""
    wanted = list(department_codes) if department_codes else None
    found = rows(
        con,
        """
        select b.code, coalesce(d.name, b.name) as name, b.geometry
        from department_boundary b left join department d using (code)
        where $departments is null or list_contains($departments, b.code)
        order by b.code
        """,
        {"departments": wanted},
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": d["code"],
                "properties": {"code": d["code"], "name": d["name"]},
                "geometry": json.loads(d["geometry"]),
            }
            for d in found
        ],
    }
