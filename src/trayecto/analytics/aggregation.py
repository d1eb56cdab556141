"""The one place where indicators go up the hierarchy: sede → municipality → ETC →
department → nation, by summing numerators and denominators (never averaging rates)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from trayecto.analytics.hierarchy import (
    EMPTY_ETC_MAP,
    EMPTY_PARENT_MAP,
    EMPTY_SEDE_MAP,
    cached_parent_map,
    has_etc,
)

# Named here too, as callers have always found them (`aggregation.sede_map`, …).
from trayecto.analytics.hierarchy import MissingGeography as MissingGeography
from trayecto.analytics.hierarchy import cached_etc_map as cached_etc_map
from trayecto.analytics.hierarchy import sede_map as sede_map
from trayecto.domain.indicators import Indicator
from trayecto.domain.schools import adjusted_gpi
from trayecto.warehouse import engine
from trayecto.warehouse.engine import Connection

AGGREGATE_SQL = Path(__file__).resolve().parent / "aggregate.sql"
UNITS_SQL = Path(__file__).resolve().parent / "aggregate_units.sql"
LEVELS_SQL = Path(__file__).resolve().parent / "aggregate_levels.sql"
LEVEL_ORDER = ("sede", "municipality", "etc", "department", "nation")
PARITY = ("parity", "adjusted_parity")


@dataclass
class Rollup:
    """Rows at a level, and the units no area of that level could take (never dropped)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)


class LevelNotAvailable(ValueError):
    """The indicator is not defined at this level (e.g. coverage below the municipality)."""


def aggregate(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
    sex: str | None,
) -> list[dict[str, Any]]:
    """Rows at `level`: area_code, year, sex, numerator, denominator, value, status, method…"""
    return rollup(con, indicator, base, level=level, year=year, sex=sex).rows


def rollup(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
    sex: str | None,
) -> Rollup:
    """The rows at `level` and the units left unplaced (see aggregate.sql)."""
    check_level(indicator, level)
    if indicator.aggregation in PARITY:
        return parity(con, indicator, base, level=level, year=year)
    return ratio_or_sum(con, indicator, base, level=level, year=year, sex=sex)


def check_level(indicator: Indicator, level: str) -> None:
    """Refuse a level the indicator does not have, saying why for population-based ones."""
    if level not in indicator.levels:
        why = ""
        if level == "sede" and any("population" in t for t in indicator.requires):
            why = (
                "; its denominator is population, which DANE projects by municipality, "
                "never by sede"
            )
        raise LevelNotAvailable(
            f"{indicator.code} is published for {', '.join(indicator.levels)}, not {level}{why}"
        )
    if LEVEL_ORDER.index(level) < LEVEL_ORDER.index(indicator.base_level):
        raise LevelNotAvailable(f"{indicator.code} is not available below {indicator.base_level}")


def ratio_or_sum(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
    sex: str | None,
) -> Rollup:
    """The rows of one level, year and sex, sliced from every level of the base table
    summed in one pass (`all_levels`, computed once per base table)."""
    if level == indicator.base_level:
        return Rollup(base_rows(base, year=year, sex=sex))
    summed = all_levels(con, indicator, base)
    if level == "etc" and not has_etc(con):
        cached_etc_map(con)  # raises MissingGeography, saying what to import
    mask = pc.equal(summed.column("level"), level)
    sexes = summed.column("sex")
    mask = pc.and_(
        mask, pc.is_null(sexes) if sex is None else pc.fill_null(pc.equal(sexes, sex), False)
    )
    if year is not None:
        mask = pc.and_(mask, pc.equal(summed.column("year"), year))
    return finish_rows(indicator, level, summed.filter(mask).drop_columns(["level"]).to_pylist())


def one_level(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
    sex: str | None,
) -> Rollup:
    """The same rows summed for one level, year and sex alone (aggregate.sql): the plain
    reference the one-pass `all_levels` is tested against (tests/analytics)."""
    with _summing(con, indicator, base, with_etc=level == "etc"):
        found = engine.rows(
            con,
            AGGREGATE_SQL.read_text(encoding="utf-8"),
            {"level": level, "year": year, "sex": sex},
            origin=AGGREGATE_SQL.name,
        )
    return finish_rows(indicator, level, found)


def finish_rows(indicator: Indicator, level: str, found: list[dict[str, Any]]) -> Rollup:
    """Values, status and method of summed rows; the rows without an area are the units
    no area of the level could take."""
    method = aggregation_method(indicator, level)
    rows = [r for r in found if r["area_code"] is not None]
    unplaced = [unplaced_row(r) for r in found if r["area_code"] is None]
    for row in rows:
        row.pop("unplaced_municipalities")
        row["value"] = combine(indicator, row["numerator"], row["denominator"])
        row["status"] = (
            "estimated"
            if row.pop("any_estimated")
            else "computed"
            if row["value"] is not None
            else "missing"
        )
        base_method = row.pop("base_method")
        row["method"] = method + (f"; base values: {base_method}" if base_method else "")
    return Rollup(rows, unplaced)


_levels: dict[int, tuple[pa.Table, pa.Table]] = {}


def all_levels(con: Connection, indicator: Indicator, base: pa.Table) -> pa.Table:
    """Every level above the base, every year and sex, summed in one query
    (aggregate_levels.sql), once per base table: a recompute of every level and sex costs
    one pass over the folded units instead of one query per level, year and sex."""
    found = _levels.get(id(base))
    if found is not None and found[0] is base:
        return found[1]
    with_etc = has_etc(con)
    with _summing(con, indicator, base, with_etc=with_etc):
        summed = engine.query(
            con,
            LEVELS_SQL.read_text(encoding="utf-8"),
            {"with_etc": with_etc},
            origin=LEVELS_SQL.name,
        )
    if len(_levels) > 64:
        _levels.clear()
    _levels[id(base)] = (base, summed)
    return summed


def unplaced_row(row: dict[str, Any]) -> dict[str, Any]:
    """What a roll-up could not place: how many units, of which municipalities."""
    return {
        "year": row["year"],
        "sex": row["sex"],
        "units": row["units"],
        "units_with_value": row["units_with_value"],
        "numerator": row["numerator"],
        "denominator": row["denominator"],
        "municipalities": list(row["unplaced_municipalities"] or []),
    }


_units: dict[int, tuple[pa.Table, pa.Table]] = {}


def units_by_municipality(con: Connection, indicator: Indicator, base: pa.Table) -> pa.Table:
    """The base rows folded by municipality, year, sex, source and method (exact partial
    sums), computed once per base table: every level, sex and year is then summed from
    a few thousand rows instead of every sede (aggregate_units.sql)."""
    found = _units.get(id(base))
    if found is not None and found[0] is base:
        return found[1]
    places = sede_map(con) if indicator.base_level == "sede" else EMPTY_SEDE_MAP
    with _registered(con, indicator_base=base, sede_map=places):
        units = engine.query(
            con,
            UNITS_SQL.read_text(encoding="utf-8"),
            {"is_count": indicator.aggregation == "sum"},
            origin=UNITS_SQL.name,
        )
    if len(_units) > 64:
        _units.clear()
    _units[id(base)] = (base, units)
    return units


@contextmanager
def _registered(con: Connection, **tables: pa.Table) -> Iterator[None]:
    """The tables visible to the SQL by these names for the block, and gone after it."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def _summing(
    con: Connection, indicator: Indicator, base: pa.Table, *, with_etc: bool
) -> AbstractContextManager[None]:
    """What the level sums read: the folded units and, for ETC sums, the ETC and parent
    maps (empty otherwise)."""
    return _registered(
        con,
        indicator_units=units_by_municipality(con, indicator, base),
        etc_map=cached_etc_map(con) if with_etc else EMPTY_ETC_MAP,
        parent_map=cached_parent_map(con) if with_etc else EMPTY_PARENT_MAP,
    )


def forget_sums() -> None:
    """Drop the folded units and level sums kept per base table (cold benchmarks)."""
    _units.clear()
    _levels.clear()


def parity(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
) -> Rollup:
    """Gender parity index: the female rate over the male rate, each re-aggregated from its
    own numerators and denominators first. The adjusted GPI (UIS) folds values above 1:
    2 − 1 / GPI, so that 0.8 and 1.25 are equally far from parity."""
    rollups = {
        sex: ratio_or_sum(con, indicator, base, level=level, year=year, sex=sex)
        for sex in ("f", "m")
    }
    by_sex = {sex: {(r["area_code"], r["year"]): r for r in rollups[sex].rows} for sex in rollups}
    rows: list[dict[str, Any]] = []
    for key, female in sorted(by_sex["f"].items()):
        male = by_sex["m"].get(key)
        f_rate = rate(female)
        m_rate = rate(male) if male else None
        value = f_rate / m_rate if f_rate is not None and m_rate else None
        if value is not None and indicator.aggregation == "adjusted_parity":
            value = adjusted_gpi(value)
        rows.append(
            {
                **female,
                "sex": None,
                "numerator": f_rate,
                "denominator": m_rate,
                "value": value,
                "units": female["units"] + (male["units"] if male else 0),
                "units_with_value": female["units_with_value"]
                + (male["units_with_value"] if male else 0),
                "status": "computed" if value is not None else "missing",
                "method": (
                    f"female rate / male rate, each summed from {indicator.base_level} "
                    "numerators and denominators"
                    + ("; above 1: 2 − 1/GPI" if indicator.aggregation == "adjusted_parity" else "")
                ),
            }
        )
    return Rollup(rows, rollups["f"].unplaced + rollups["m"].unplaced)


def distribution(
    con: Connection,
    indicator: Indicator,
    base: pa.Table,
    *,
    level: str,
    year: int | None,
) -> dict[tuple[str, int], dict[str, int]]:
    """How many base units (municipalities) hold each value, per area of `level`: for
    phase-like indicators (`distribution = true`), whose weighted mean hides how many
    areas are in the worst phases. Each phase is counted as a sum up the same hierarchy
    as every other indicator (ETC of the year, parent municipality), never by code prefix."""
    if not indicator.distribution or level == indicator.base_level:
        return {}
    both_sexes = filter_base(base, year, None)
    values = both_sexes.column("value")
    counting = replace(indicator, aggregation="sum")
    found: dict[tuple[str, int], dict[str, int]] = {}
    for phase in sorted(v for v in pc.unique(values).to_pylist() if v is not None):
        ones = pc.if_else(pc.fill_null(pc.equal(values, phase), False), 1.0, 0.0)
        counted = both_sexes.set_column(
            both_sexes.schema.get_field_index("numerator"), "numerator", ones
        )
        for row in ratio_or_sum(con, counting, counted, level=level, year=year, sex=None).rows:
            by_phase = found.setdefault((row["area_code"], row["year"]), {})
            if row["numerator"]:  # only the phases that occur in the area
                by_phase[f"{phase:g}"] = round(row["numerator"])
    return found


def rate(row: dict[str, Any]) -> float | None:
    if row["numerator"] is None or not row["denominator"]:
        return None
    return float(row["numerator"]) / float(row["denominator"])


def combine(
    indicator: Indicator, numerator: float | None, denominator: float | None
) -> float | None:
    if numerator is None:
        return None
    if indicator.aggregation == "sum":
        return float(numerator)
    if not denominator:
        return None
    return float(numerator) / float(denominator) * indicator.scale


def aggregation_method(indicator: Indicator, level: str) -> str:
    if indicator.aggregation == "sum":
        return f"sum of {indicator.base_level} values up to {level}"
    return (
        f"sum of {indicator.base_level} numerators / sum of denominators × {indicator.scale:g}"
        f" up to {level} (rates are never averaged)"
    )


def base_rows(base: pa.Table, *, year: int | None, sex: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = filter_base(base, year, sex).to_pylist()
    for row in rows:
        row["units"] = 1
        row["units_with_value"] = 1 if row["value"] is not None else 0
    return rows


def filter_base(base: pa.Table, year: int | None, sex: str | None) -> pa.Table:
    """The base rows of one year (or all) and one sex (None = both sexes together)."""
    sexes = base.column("sex")
    mask = pc.is_null(sexes) if sex is None else pc.fill_null(pc.equal(sexes, sex), False)
    if year is not None:
        mask = pc.and_(mask, pc.equal(base.column("year"), year))
    return base.filter(mask)
