"""Estimates for missing years, produced only on request, stored apart and labelled.

`trayecto indicator CODE --estimate METHOD` (or the explorer's "estimate" option) fills the
years an area lacks, at the indicator's base level, with one of:

- `linear`: linear interpolation between the observed years before and after (interior gaps
  only; numerator and denominator interpolated alike);
- `carry_forward`: the last observed year carried to the later years of the series;
- `dane_ratio`: the last observed numerator (and denominator) scaled by the change of the
  area's DANE population of the indicator's ages since that year (counts move with the
  projected population; rates stay as they were).

Estimated rows go to the warehouse table `indicator_estimate` (never into the observed
tables), with status `estimated` and the method on every row; aggregates that include any
estimated unit are themselves `estimated`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from trayecto.analytics import areas, compute, registry
from trayecto.domain.indicators import Indicator
from trayecto.warehouse import Warehouse, engine, parts

METHODS = ("linear", "carry_forward", "dane_ratio")
ESTIMATE_SCHEMA = pa.schema(
    [
        ("indicator_code", pa.string()),
        ("estimate_method", pa.string()),
        ("based_on_manifest", pa.int64()),
        ("level", pa.string()),
        ("area_code", pa.string()),
        ("year", pa.int64()),
        ("sex", pa.string()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("value", pa.float64()),
        ("status", pa.string()),
        ("method", pa.string()),
        ("source", pa.string()),
        ("vintage", pa.string()),
    ]
)


def dane_population(con: Any, indicator: Indicator) -> dict[tuple[str, int], float]:
    if "population" not in areas.tables(con):
        return {}
    low = int(indicator.params.get("age_min", 5))
    high = int(indicator.params.get("age_max", 16))
    found = engine.rows(
        con,
        "select area_code, year, sum(population)::double as population from population "
        "where level = 'municipality' and age between $low and $high group by all",
        {"low": low, "high": high},
    )
    return {(r["area_code"], int(r["year"])): float(r["population"]) for r in found}


def estimate_rows(
    indicator: Indicator, base: pa.Table, method: str, population: dict[tuple[str, int], float]
) -> list[dict[str, Any]]:
    """Rows for the (area, year) cells the base lacks, by `method`."""
    series: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in base.to_pylist():
        if row["sex"] is None and row["value"] is not None:
            series[row["area_code"]][int(row["year"])] = row
    all_years = sorted({y for by_year in series.values() for y in by_year})
    if not all_years:
        return []
    last_year = max([all_years[-1], *(y for _, y in population)])
    estimates: list[dict[str, Any]] = []
    for area, by_year in series.items():
        observed = sorted(by_year)
        for year in range(all_years[0], last_year + 1):
            if year in by_year:
                continue
            before = [y for y in observed if y < year]
            after = [y for y in observed if y > year]
            new: dict[str, Any] | None = None
            if method == "linear" and before and after:
                y0, y1 = before[-1], after[0]
                w = (year - y0) / (y1 - y0)
                a, b = by_year[y0], by_year[y1]
                new = {k: lerp(a[k], b[k], w) for k in ("numerator", "denominator", "value")}
                detail = f"linear interpolation between {y0} and {y1}"
            elif method == "carry_forward" and before and not after:
                last = by_year[before[-1]]
                new = {k: last[k] for k in ("numerator", "denominator", "value")}
                detail = f"carried forward from {before[-1]}"
            elif method == "dane_ratio" and before and not after:
                last = by_year[before[-1]]
                then, now = population.get((area, before[-1])), population.get((area, year))
                if then and now:
                    ratio = now / then
                    new = {
                        "numerator": scale(last["numerator"], ratio),
                        "denominator": scale(last["denominator"], ratio),
                        "value": last["value"] * ratio
                        if indicator.aggregation == "sum"
                        else last["value"],
                    }
                    detail = f"{before[-1]} × DANE population {year}/{before[-1]} ({ratio:.4f})"
            if new is None:
                continue
            estimates.append(
                {
                    "level": indicator.base_level,
                    "area_code": area,
                    "year": year,
                    "sex": None,
                    **new,
                    "status": "estimated",
                    "method": f"estimated: {detail}",
                    "source": by_year[observed[0]]["source"],
                    "vintage": by_year[observed[-1]]["vintage"],
                }
            )
    return estimates


def lerp(a: float | None, b: float | None, w: float) -> float | None:
    return None if a is None or b is None else a + (b - a) * w


def scale(x: float | None, ratio: float) -> float | None:
    return None if x is None else x * ratio


def estimate(warehouse: Warehouse, query: compute.Query, *, method: str) -> list[dict[str, Any]]:
    """Store the estimates of `query.code` by `method`, then return the query's rows with
    the estimated cells filled in (status `estimated`)."""
    if method not in METHODS:
        raise ValueError(f"unknown estimation method {method!r}; use one of {METHODS}")
    indicator = registry.get(query.code)
    if query.group:
        # Estimates are stored per indicator and method, for every group together.
        raise compute.GroupNotAvailable("estimates are made for all population groups together")
    con, version = compute.reader(warehouse)
    base = compute.base_table(con, indicator, version, warehouse.root)
    rows = estimate_rows(indicator, base, method, dane_population(con, indicator))
    table = pa.Table.from_pylist(
        [
            {
                "indicator_code": indicator.code,
                "estimate_method": method,
                "based_on_manifest": version,
                **r,
            }
            for r in rows
        ],
        schema=ESTIMATE_SCHEMA,
    )
    # The estimate depends only on the files of the tables it reads: re-running it on the
    # same data publishes nothing (the part's fingerprint is unchanged).
    manifest = warehouse.manifest()
    fingerprint = "|".join(
        manifest.tables[name].file
        for name in (*indicator.requires, *indicator.requires_by_sex)
        if name in manifest.tables
    )
    parts.publish_parts(
        warehouse,
        {"indicator_estimate": (table, ("indicator_code", "estimate_method"))},
        part=f"{indicator.code}|{method}",
        sha256=fingerprint,
        meta={"source": "estimates", "indicator": indicator.code, "method": method},
    )
    # A cell MEN lists without a value is replaced by its estimate, not counted twice.
    estimated = {(r["area_code"], r["year"]) for r in rows}
    keep = [
        not (r["value"] is None and r["sex"] is None and (r["area_code"], r["year"]) in estimated)
        for r in base.select(["area_code", "year", "sex", "value"]).to_pylist()
    ]
    filled = pa.concat_tables(
        [base.filter(pa.array(keep)), table.select(list(compute.BASE_COLUMNS)).cast(base.schema)]
    )
    results = compute.present(warehouse, indicator, query, filled)
    for r in results:
        r["provenance"]["estimate_method"] = method
    return results
