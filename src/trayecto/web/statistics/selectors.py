"""Reads for the geography pages, shaped for the templates.

The queries are `trayecto.analytics.geography` (shared with the CLI and other pages) over
the reference tables of the geography importers (sources `divipola`, `pcodes`, `mgn2018`,
`etc`). Views check `geography_status()` first, so an empty warehouse gives a page that
names the command to run instead of an error.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
from django.conf import settings
from django.urls import reverse

from trayecto.analytics import areas, geography
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.reports import maps
from trayecto.warehouse import Warehouse, engine

T = TypeVar("T")
DEPARTMENT_CODE_LENGTH = 2

GEOGRAPHY_TABLES = (
    "department",
    "municipality",
    "municipality_boundary",
    "department_boundary",
    "etc",
    "municipality_etc",
)
# Shown on pages of an empty warehouse: the one command that loads the geography.
LOAD_COMMAND = "trayecto demo --no-serve"


def warehouse() -> Warehouse:
    """The process's warehouse (one object per folder: its connections and memo are shared)."""
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


@dataclass(frozen=True)
class GeographyStatus:
    version: int
    missing: tuple[str, ...]
    load_command: str = LOAD_COMMAND

    @property
    def loaded(self) -> bool:
        return not self.missing


def geography_status() -> GeographyStatus:
    manifest = warehouse().manifest()
    missing = tuple(name for name in GEOGRAPHY_TABLES if name not in manifest.tables)
    return GeographyStatus(version=manifest.version, missing=missing)


def _con() -> duckdb.DuckDBPyConnection:
    con, _version = warehouse().reader()
    return con


def _areas(con: duckdb.DuckDBPyConnection, department_code: str) -> dict[str, float]:
    """MGN 2018 area (km²) of each municipal polygon of a department."""
    found = engine.rows(
        con,
        "select code, area_km2 from municipality_boundary where department_code = $code",
        {"code": department_code},
    )
    return {row["code"]: row["area_km2"] for row in found}


# --------------------------------------------------------------------------- home
# What the home page shows changes only when an import publishes a new warehouse version, so
# it is built once per version and kept in the warehouse's memo (per process; a few hundred kB).
def _per_version(name: str, build: Callable[[duckdb.DuckDBPyConnection, int], T]) -> T:
    return warehouse().memo(("statistics", name), build)


def priority_departments() -> list[dict[str, Any]]:
    """The seven priority departments with their number of municipalities and of ETCs."""
    return _per_version("priority_departments", build_priority_departments)


def build_priority_departments(
    con: duckdb.DuckDBPyConnection, version: int
) -> list[dict[str, Any]]:
    listed = {d["code"]: d for d in geography.departments(con)}
    etcs: dict[str, set[str]] = {}
    for unit in geography.municipalities(con):
        if unit["etc_code"] and unit["status"] != "historical":
            etcs.setdefault(unit["department_code"], set()).add(unit["etc_code"])
    return [
        {**listed[code], "etcs": len(etcs.get(code, ()))}
        for code in PRIORITY_DEPARTMENTS
        if code in listed
    ]


@dataclass
class MapData:
    """The JSON the home map draws."""

    version: int
    municipalities: int
    body: bytes
    gzipped: bytes = field(repr=False)


def priority_map_data() -> MapData:
    """Municipalities of the priority departments (by ETC) and the country's outline."""
    return _per_version("priority_map_data", build_map_data)


def build_map_data(con: duckdb.DuckDBPyConnection, version: int) -> MapData:
    """The map data of one warehouse version, built from scratch (the benchmark's baseline)."""
    municipal = geography.municipality_map(con, list(PRIORITY_DEPARTMENTS))["features"]
    context = geography.department_map(con)["features"]
    data = {
        "version": version,
        "municipalities": [
            maps.feature(
                f["geometry"],
                {**f["properties"], "url": reverse("municipality", args=[f["id"]])},
            )
            for f in municipal
        ],
        "context": [maps.feature(f["geometry"], f["properties"]) for f in context],
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MapData(
        version=version,
        municipalities=len(municipal),
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
    )


# --------------------------------------------------------------------------- areas
def department_detail(code: str) -> dict[str, Any] | None:
    """What Trayecto knows about one department, or None when the code is unknown."""
    return _per_version(f"department-{code}", lambda con, _version: _department(con, code))


def _department(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    department = geography.department(con, code)
    if department is None:
        return None
    areas = _areas(con, code)
    units = [
        {**unit, "area_km2": areas.get(unit["code"])}
        for unit in geography.municipalities(con, code)
    ]
    etcs: dict[str, dict[str, Any]] = {}
    for unit in units:
        if unit["etc_code"]:
            etc = etcs.setdefault(
                unit["etc_code"],
                {
                    "code": unit["etc_code"],
                    "name": unit["etc_name"],
                    "year": 0,
                    "municipalities": 0,
                },
            )
            etc["year"] = max(etc["year"], unit["etc_year"])
            etc["municipalities"] += 1
    return {
        **department,
        "priority": code in PRIORITY_DEPARTMENTS,
        "municipalities": units,
        "area_km2": sum(areas.values()),
        "etcs": sorted(etcs.values(), key=lambda etc: str(etc["name"])),
    }


def municipality_detail(code: str) -> dict[str, Any] | None:
    """One municipality: codes, type, status, boundary area and its ETC year by year."""
    return _per_version(f"municipality-{code}", lambda con, _version: _municipality(con, code))


def _municipality(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    unit = geography.municipality(con, code)
    if unit is None:
        return None
    areas = _areas(con, unit["department_code"])
    # Parents and children of the known changes (27493, 94663) lie in the same department.
    related = geography.municipalities(con, unit["department_code"])
    parent = next((m for m in related if m["code"] == unit["parent_code"]), None)
    return {
        **unit,
        "area_km2": areas.get(code),
        "has_boundary": code in areas,
        "parent_name": parent["name"] if parent else None,
        "children": [m for m in related if m["parent_code"] == code],
        "etc_periods": etc_periods(geography.etc_history(con, code)),
    }


def latest_etc_code(municipality_code: str) -> str | None:
    """The ETC that runs the municipality's schools in the latest year imported."""
    unit = geography.municipality(_con(), municipality_code)
    return str(unit["etc_code"]) if unit and unit["etc_code"] is not None else None


def area_name(code: str) -> str:
    """The name of a department, ETC or municipality code; the code itself when unknown."""
    level = (
        "etc"
        if geography.is_etc_code(code)
        else "department"
        if len(code) == DEPARTMENT_CODE_LENGTH
        else "municipality"
    )
    names: dict[str, str] = _per_version(
        f"names-{level}", lambda con, _version: areas.area_names(con, level)
    )
    return names.get(code, code)


def etc_municipality_codes(etc_code: str) -> tuple[str, ...]:
    """The municipalities the ETC serves in the latest year (the ETC analyst's territory)."""
    return geography.etc_municipalities(_con(), etc_code)


def etc_periods(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive years under the same ETC, collapsed: 2011–2022 Norte de Santander (3801)."""
    periods: list[dict[str, Any]] = []
    for row in history:
        last = periods[-1] if periods else None
        if last and last["etc_code"] == row["etc_code"] and last["last_year"] + 1 == row["year"]:
            last["last_year"] = row["year"]
        else:
            periods.append(
                {
                    "first_year": row["year"],
                    "last_year": row["year"],
                    "etc_code": row["etc_code"],
                    "etc_name": row["etc_name"],
                }
            )
    return periods
