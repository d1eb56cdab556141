"""Reads for the geography pages: SQL on the warehouse through warehouse/engine.py.

The reference tables come from the geography importers (sources `divipola`, `pcodes`,
`mgn2018`, `etc`): `department`, `municipality`, `municipality_boundary`,
`department_boundary`, `etc`, `municipality_etc`. Every selector answers "not loaded"
rather than failing when the warehouse is still empty.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.urls import reverse

from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.reports import maps
from trayecto.warehouse import Warehouse, engine

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


@lru_cache(maxsize=4)
def _warehouse(root: Path) -> Warehouse:
    return Warehouse(root)


def warehouse() -> Warehouse:
    return _warehouse(Path(settings.WAREHOUSE_DIR))


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


SQL_DIR = Path(__file__).resolve().parent / "sql"


def _rows(sql: str, **params: Any) -> list[dict[str, Any]]:
    con, _version = warehouse().reader()
    return engine.rows(con, sql, params)


def _file_rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of the named SQL file in sql/ (a query with a shared CTE reads best as a file)."""
    result: list[dict[str, Any]] = engine.query_file(
        con, SQL_DIR / f"{name}.sql", params
    ).to_pylist()
    return result


# --------------------------------------------------------------------------- home
def priority_departments() -> list[dict[str, Any]]:
    """The seven priority departments with their counts of municipalities and ETCs."""
    con, _version = warehouse().reader()
    found = _file_rows(con, "priority_departments", codes=list(PRIORITY_DEPARTMENTS))
    by_code = {row["code"]: row for row in found}
    return [by_code[code] for code in PRIORITY_DEPARTMENTS if code in by_code]


@dataclass
class MapData:
    """The JSON the home map draws, built once per warehouse version."""

    version: int
    municipalities: int
    body: bytes
    gzipped: bytes = field(repr=False)


_map_lock = threading.Lock()
_map_cache: dict[tuple[Path, int], MapData] = {}


def priority_map_data() -> MapData:
    """Municipalities of the priority departments (by ETC) and the country's outline."""
    wh = warehouse()
    con, version = wh.reader()
    key = (wh.root, version)
    with _map_lock:
        cached = _map_cache.get(key)
        if cached is None:
            cached = build_map_data(con, version)
            _map_cache.clear()  # only the current version is ever served
            _map_cache[key] = cached
    return cached


def build_map_data(con: duckdb.DuckDBPyConnection, version: int) -> MapData:
    """The map data of one warehouse version, built from scratch (the benchmark's baseline)."""
    codes = list(PRIORITY_DEPARTMENTS)
    municipalities = _file_rows(con, "map_municipalities", codes=codes)
    context = engine.rows(
        con,
        "select code, name, geometry from department_boundary order by code",
    )
    data = {
        "version": version,
        "municipalities": [
            maps.feature(
                row.pop("geometry"),
                {**row, "url": reverse("municipality", args=[row["code"]])},
            )
            for row in municipalities
        ],
        "context": [
            maps.feature(row.pop("geometry"), {"code": row["code"], "name": row["name"]})
            for row in context
        ],
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MapData(
        version=version,
        municipalities=len(municipalities),
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
    )


# --------------------------------------------------------------------------- areas
def department_detail(code: str) -> dict[str, Any] | None:
    """What Trayecto knows about one department, or None when the code is unknown."""
    found = _rows("select code, name, pcode from department where code = $code", code=code)
    if not found:
        return None
    department = found[0]
    department["priority"] = code in PRIORITY_DEPARTMENTS
    con, _version = warehouse().reader()
    department["municipalities"] = _file_rows(con, "department_municipalities", code=code)
    department["area_km2"] = sum(m["area_km2"] or 0 for m in department["municipalities"])
    department["etcs"] = _file_rows(con, "department_etcs", code=code)
    return department


def municipality_detail(code: str) -> dict[str, Any] | None:
    """One municipality: codes, type, status, boundary area and its ETC year by year."""
    found = _rows(
        """
        select m.*, b.area_km2, b.code is not null as has_boundary,
               p.name as parent_name
        from municipality m
        left join municipality_boundary b on b.code = m.code
        left join municipality p on p.code = m.parent_code
        where m.code = $code
        """,
        code=code,
    )
    if not found:
        return None
    municipality = found[0]
    history = _rows(
        """
        select year, etc_code, etc_name from municipality_etc
        where municipality_code = $code order by year
        """,
        code=code,
    )
    municipality["etc_periods"] = etc_periods(history)
    municipality["children"] = _rows(
        "select code, name, status from municipality where parent_code = $code order by code",
        code=code,
    )
    return municipality


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
