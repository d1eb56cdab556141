"""Run an indicator: its base SQL, the aggregation to the level asked, names, the published
figure beside it, and provenance on every value. `trayecto indicator` and the web call this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.analytics import aggregation, areas, geography, registry, sede_indicators
from trayecto.domain.indicators import Indicator
from trayecto.warehouse import Warehouse, engine
from trayecto.warehouse.engine import Connection

HERE = Path(__file__).resolve().parent
BASE_COLUMNS = (
    "level",
    "area_code",
    "year",
    "sex",
    "numerator",
    "denominator",
    "value",
    "status",
    "method",
    "source",
    "vintage",
)


class MissingData(LookupError):
    """The warehouse lacks a table the indicator reads; the message says what to import."""


# The population groups of school-level data (sede_enrolment.nationality): the host
# community and Venezuelan migrants, the distinction the cluster reports on. Their words
# are the web's (web/statistics/labels.py GROUP_LABELS), through the catalogues.
GROUPS = ("COL", "VEN", "OTH")


class GroupNotAvailable(ValueError):
    """The indicator has no breakdown by population group, or the group is unknown."""


def check_group(indicator: Indicator, group: str | None) -> None:
    """Refuse a group the data cannot give, saying why (official data have no groups)."""
    if group is None:
        return
    if group not in GROUPS:
        raise GroupNotAvailable(f"unknown group {group!r}; use one of {', '.join(GROUPS)}")
    if "nationality" not in indicator.disaggregations:
        raise GroupNotAvailable(
            f"{indicator.code} has no breakdown by population group: official MEN/DANE data "
            "publish none, and a ratio such as students per teacher has no group; the "
            "group (nationality) exists only in sede-level enrolment"
        )


@dataclass(frozen=True)
class Query:
    code: str
    level: str
    area: str | None = None
    year: int | None = None
    sex: str | None = None
    group: str | None = None  # nationality COL | VEN | OTH; None = every group together


def base_table(
    con: Connection,
    indicator: Indicator,
    version: int,
    root: Path,
    group: str | None = None,
) -> pa.Table:
    """The indicator at its base level for one population group (None: all), computed
    once per manifest version (kept in the warehouse's memo)."""
    check_group(indicator, group)
    warehouse = Warehouse.for_root(root)
    if sede_indicators.is_one_pass(indicator):
        # every school-level rate of the summary from one scan, kept together
        present: set[str] = cached((str(root), version, "tables"), lambda: areas.tables(con))
        check_sources(indicator, present, sex=None)
        tables = warehouse.memo_at(
            version,
            ("sede_base_tables", group),
            lambda: sede_indicators.base_tables(con, group),
        )
        return tables[indicator.code]
    return warehouse.memo_at(
        version,
        ("base_table", indicator.code, group),
        lambda: build_base_table(con, indicator, group),
    )


def build_base_table(con: Connection, indicator: Indicator, group: str | None) -> pa.Table:
    present = areas.tables(con)
    parts = [(registry.sql_path(indicator), indicator.requires)]
    if indicator.sql_by_sex:
        parts.append((registry.INDICATORS_DIR / indicator.sql_by_sex, indicator.requires_by_sex))
    runnable = [sql for sql, needs in parts if all(t in present for t in needs)]
    if not runnable:
        check_sources(indicator, present, sex=None)  # raises, naming what to import
    params = dict(indicator.params)
    if "nationality" in indicator.disaggregations:
        params["group"] = group  # a parameter of the query, never formatted into it
    tables = []
    for sql in runnable:
        scaffolded = sede_indicators.own_scan(con, sql, params)
        found = engine.query_file(con, sql, params) if scaffolded is None else scaffolded
        absent = [c for c in BASE_COLUMNS if c not in found.column_names]
        if absent:
            raise ValueError(f"{sql.name} must return the columns {', '.join(absent)}")
        tables.append(found.select(list(BASE_COLUMNS)))
    return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]


# Which source fills each warehouse table, for refusals that say what to import.
TABLE_SOURCES = {
    "official_indicator": "men-municipio, men-departamento",
    "official_population_5_16": "men-municipio, men-departamento",
    "population": "dane-proyecciones",
    "venezuelan_migrants": "migracion-venezolanos",
    "sede": "sede-matricula or affected-schools",
    "sede_enrolment": "sede-matricula",
    "sede_enrolment_grade": "sede-matricula",
}


def check_sources(indicator: Indicator, present: set[str], *, sex: str | None) -> None:
    """Refuse only when the tables of the breakdown asked for are missing: the total needs
    `requires`, a breakdown by sex with its own query needs `requires_by_sex`."""
    by_sex = sex is not None and bool(indicator.sql_by_sex)
    needed = indicator.requires_by_sex if by_sex else indicator.requires
    missing = [t for t in needed if t not in present]
    if missing:
        sources = sorted({TABLE_SOURCES.get(t, ", ".join(indicator.source)) for t in missing})
        what = f"{indicator.code} by sex" if by_sex else indicator.code
        raise MissingData(
            f"{what} needs the tables {', '.join(missing)}; import their sources first "
            f"({'; '.join(sources)})"
        )


def cached(key: tuple[Any, ...], build: Any) -> Any:
    """Names and published figures change only with the manifest: compute them once.
    `key` is (warehouse root, manifest version, what); kept in that warehouse's memo."""
    root, version, *what = key
    return Warehouse.for_root(root).memo_at(version, ("compute", *what), build)


def published_figures(
    con: Connection, indicator: Indicator, level: str
) -> dict[tuple[str, int, str | None, str | None], dict[str, Any]]:
    if not indicator.published or level in ("municipality", "sede", indicator.base_level):
        return {}
    present = areas.tables(con)
    if indicator.published == "poblacion_5_16":
        sql, table = HERE / "published_population.sql", "official_population_5_16"
    else:
        sql, table = HERE / "published.sql", "official_indicator"
    if table not in present:
        return {}
    found = engine.query_file(con, sql, {"level": level, "indicator": indicator.published})
    # Published figures are for both sexes and every population group (sex, group = None).
    return {(r["area_code"], r["year"], None, None): r for r in found.to_pylist()}


def reader(warehouse: Warehouse) -> tuple[Connection, int]:
    """The warehouse's reading connection on the current engine (`engine.using`,
    TRAYECTO_ENGINE); an empty warehouse is a clear error."""
    if warehouse.manifest().version == 0:
        # (Warehouse.reader() cannot open version 0: there is no manifest file to read.)
        raise MissingData(
            "the warehouse is empty; import the official sources first "
            "(`trayecto sources fetch` then `trayecto import SOURCE PATH`)"
        )
    return engine.reader(warehouse)


def run(warehouse: Warehouse, query: Query) -> list[dict[str, Any]]:
    """The indicator's values at one level, with provenance, as plain dicts (JSON-ready)."""
    return rollup(warehouse, query).rows


def rollup(warehouse: Warehouse, query: Query) -> aggregation.Rollup:
    """As `run`, with the base units the level could not place (reported, never lost)."""
    indicator = registry.get(query.code)
    if query.level == "sede" and indicator.school_level:
        indicator = registry.get(indicator.school_level)
    aggregation.check_level(indicator, query.level)  # before computing anything
    check_group(indicator, query.group)
    con, version = reader(warehouse)
    present_tables: set[str] = cached(
        (str(warehouse.root), version, "tables"), lambda: areas.tables(con)
    )
    check_sources(indicator, present_tables, sex=query.sex)
    base = base_table(con, indicator, version, warehouse.root, query.group)
    return present_rollup(warehouse, indicator, query, base)


def present(
    warehouse: Warehouse, indicator: Indicator, query: Query, base: pa.Table
) -> list[dict[str, Any]]:
    """Aggregate `base` to the query's level and dress each row with names and provenance."""
    return present_rollup(warehouse, indicator, query, base).rows


def present_rollup(
    warehouse: Warehouse, indicator: Indicator, query: Query, base: pa.Table
) -> aggregation.Rollup:
    con, version = reader(warehouse)
    rolled = aggregation.rollup(
        con, indicator, base, level=query.level, year=query.year, sex=query.sex
    )
    rows = rolled.rows
    if query.area and query.level in ("municipality", "sede") and geography.is_etc_code(query.area):
        rows = rows_of_etc(con, rows, query.area, level=query.level)
    elif query.area and query.level == "sede" and len(query.area) < 12:
        # `--area 27001` (or `27`) at sede level: the sedes of that municipality (department)
        # by the municipality their sede row names, not by code prefix (27493 vs 27615).
        municipality_of = {
            r["sede_code"]: r["municipality_code"] for r in aggregation.sede_map(con).to_pylist()
        }
        rows = [
            r
            for r in rows
            if municipality_of.get(r["area_code"], r["area_code"][1:6]).startswith(query.area)
        ]
    elif query.area:
        rows = [r for r in rows if in_area(r["area_code"], query.area, query.level)]
    root = str(warehouse.root)
    names: dict[str, str] = cached(
        (root, version, "names", query.level), lambda: areas.area_names(con, query.level)
    )
    published: dict[tuple[str, int, str | None, str | None], dict[str, Any]] = cached(
        (root, version, "published", indicator.code, query.level),
        lambda: published_figures(con, indicator, query.level),
    )
    distributions: dict[tuple[str, int], dict[str, int]] = cached(
        (root, version, "distribution", indicator.code, query.level, query.year, query.group),
        lambda: aggregation.distribution(con, indicator, base, level=query.level, year=query.year),
    )
    results: list[dict[str, Any]] = []
    for row in rows:
        figure = published.get(published_key(row, query))
        filled = False
        if figure is not None and row["value"] is None and row["status"] == "missing":
            row, filled = filled_from_published(row, figure), True
        value = row["value"]
        # a figure shown as the value is not compared with itself
        published_value = figure["value"] if figure and not filled else None
        results.append(
            {
                "indicator": indicator.code,
                "level": query.level,
                "area_code": row["area_code"],
                "area_name": names.get(row["area_code"], row["area_code"]),
                "year": row["year"],
                "sex": row["sex"],
                "group": query.group,
                "value": None if value is None else round(float(value), 4),
                "unit": indicator.unit,
                "numerator": row["numerator"],
                "denominator": row["denominator"],
                "published_value": published_value,
                "difference": (
                    None
                    if value is None or published_value is None
                    else round(float(value) - float(published_value), 4)
                ),
                "units": row["units"],
                "units_with_value": row["units_with_value"],
                **distribution_of(indicator, query, distributions, row),
                "provenance": {
                    "source": row["source"],
                    "vintage": row["vintage"],
                    "manifest_version": version,
                    "group": query.group,
                    "status": row["status"],
                    "numerator_status": (
                        "missing" if filled else numerator_status(indicator, row["status"])
                    ),
                    "method": row["method"]
                    + (f"; group: nationality {query.group}" if query.group else ""),
                    # Demo data generated by `trayecto generate sedes --synthetic`: pages
                    # and exports must say so wherever such a value is shown.
                    "synthetic": "synthetic" in str(row["source"] or "").split(", "),
                    "published_source": (
                        f"{figure['source']} {figure['vintage']}" if figure else None
                    ),
                },
            }
        )
    results.sort(key=lambda r: (r["area_code"], r["year"]))
    # An area filter keeps the unplaced units that may lie in it: of its department, or all
    # of them for an ETC (a unit without an ETC could be any ETC's).
    unplaced = [
        u
        for u in rolled.unplaced
        if not query.area
        or query.level == "etc"
        or any(m.startswith(query.area[:2]) for m in u["municipalities"])
    ]
    return aggregation.Rollup(results, unplaced)


def distribution_of(
    indicator: Indicator,
    query: Query,
    distributions: dict[tuple[str, int], dict[str, int]],
    row: dict[str, Any],
) -> dict[str, dict[str, int]]:
    """`{"distribution": {phase: units}}` for a phase-like indicator above its base level."""
    if not indicator.distribution or query.level == indicator.base_level:
        return {}
    return {"distribution": distributions.get((row["area_code"], row["year"]), {})}


def filled_from_published(row: dict[str, Any], figure: dict[str, Any]) -> dict[str, Any]:
    """A cell the re-aggregation cannot give (no municipality has both a rate and a
    weight: level rates of 2011, before DANE's CNPV-2018 projection starts in 2012) shows
    MEN's own figure for the area, labelled as such (observed, MEN's source and vintage)."""
    return {
        **row,
        "value": figure["value"],
        "status": "observed",
        "source": figure["source"],
        "vintage": figure["vintage"],
        "method": (
            "published by MEN for this area, not re-aggregated: no municipality of it has "
            "both a rate and a weight this year"
        ),
    }


def published_key(row: dict[str, Any], query: Query) -> tuple[str, int, str | None, str | None]:
    """The published cell to compare a row with: same area, year, sex and group. MEN and
    DANE publish both sexes and all groups together only, so a row of one sex or one group
    has no published counterpart and gets no comparison (not the total's)."""
    return (row["area_code"], row["year"], row["sex"], query.group)


def numerator_status(indicator: Indicator, status: str) -> str:
    """A published rate is observed, but the numerator behind it is reconstructed as
    rate × denominator / 100: it is `computed` (a published count is its own numerator)."""
    if status in ("estimated", "missing"):
        return status
    if status == "observed" and indicator.aggregation == "sum":
        return "observed"
    return "computed"


def rows_of_etc(
    con: Connection, rows: list[dict[str, Any]], etc_code: str, *, level: str
) -> list[dict[str, Any]]:
    """`--area 3801` at municipality or sede level: the municipalities the ETC serves in the
    latest year, and the sedes of those municipalities (by the municipality their sede row
    names), so that all the sedes of an ETC open at once under the per-municipality rule."""
    served = set(geography.etc_municipalities(con, etc_code))
    if level == "municipality":
        return [r for r in rows if r["area_code"] in served]
    municipality_of = {
        r["sede_code"]: r["municipality_code"] for r in aggregation.sede_map(con).to_pylist()
    }
    return [r for r in rows if municipality_of.get(r["area_code"], r["area_code"][1:6]) in served]


def in_area(code: str, area: str, level: str) -> bool:
    """`--area 05` at municipality level keeps Antioquia's municipalities; else exact."""
    if level in ("municipality", "sede") and len(area) < len(code):
        return code.startswith(area)
    return code == area
