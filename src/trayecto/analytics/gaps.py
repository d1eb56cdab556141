"""The gap report of an indicator: what is missing, inconsistent or suspicious, per area and
year, so that users know which figures to trust. Nothing here changes a value.

Flags (kind):
- `missing_year`: a year inside the series with no value anywhere;
- `missing_area`: a municipality MEN lists that year (it has a POBLACIÓN_5_16) but the
  indicator has no value for; municipalities created or merged (94663) are not expected
  outside their years;
- `identity`: approval + failure + dropout ≠ 100 (± 1) for the level, in MEN's data;
- `outlier`: modified z-score of the year-on-year change above 3.5;
- `over_100`: coverage above 100, and its usual cause;
- `negative`: a rate below 0 (out-of-school rate where enrolment exceeds population);
- `publisher_inconsistency`: MEN's own tables disagree: the departmental figure MEN
  publishes differs from the re-aggregation of MEN's own municipal figures (rates weighted
  by MEN's own POBLACIÓN_5_16), every municipality present. Both figures are given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trayecto.analytics import areas, compute, registry
from trayecto.domain.geography import NATION_CODE
from trayecto.domain.indicators import IDENTITY_TOLERANCE, Indicator
from trayecto.warehouse import Warehouse, engine

HERE = Path(__file__).resolve().parent
OUTLIER_THRESHOLD = 3.5
OVER_100_CAUSE = (
    "cobertura > 100: la matrícula se cuenta donde está la sede y la población donde vive la "
    "gente (estudiantes de municipios vecinos, población proyectada subestimada) / coverage "
    "> 100: enrolment is counted where the school is, population where people live"
)
FLOW_PREFIXES = ("aprobacion", "reprobacion", "desercion")
# Tables that hold only MEN's own figures: an indicator re-aggregated from them alone
# compares MEN with MEN, so a difference is the publisher's inconsistency, not ours.
MEN_TABLES = {"official_indicator", "official_population_5_16"}
# Beyond MEN's rounding (2 decimals) of the departmental figure.
PUBLISHER_TOLERANCE = {"percent": 0.1, "persons": 0.5}


def gap_report(warehouse: Warehouse, code: str) -> dict[str, Any]:
    """The report for the current manifest version (computed once per version, kept in the
    memo of the process's warehouse for this folder)."""
    registry.get(code)  # an unknown code fails here, with the known ones listed
    _, version = compute.reader(warehouse)
    report: dict[str, Any] = Warehouse.for_root(warehouse.root).memo_at(
        version, ("gap_report", code), lambda: build_report(warehouse, code)
    )
    return report


def build_report(warehouse: Warehouse, code: str) -> dict[str, Any]:
    indicator = registry.get(code)
    con, version = compute.reader(warehouse)
    base = compute.base_table(con, indicator, version, warehouse.root)
    names = areas.area_names(con, indicator.base_level)
    totals = [r for r in base.to_pylist() if r["sex"] is None]
    flags: list[dict[str, Any]] = []

    def flag(kind: str, area: str, year: int | None, value: Any, message: str) -> None:
        flags.append(
            {
                "kind": kind,
                "area_code": area,
                "area_name": names.get(area, area),
                "year": year,
                "value": value,
                "message": message,
            }
        )

    present = {(r["area_code"], r["year"]) for r in totals if r["value"] is not None}
    years = sorted({year for _, year in present})
    for year in range(years[0], years[-1] + 1) if years else []:
        if year not in years:
            flag("missing_year", NATION_CODE, year, None, "no value for any area")
    # Which municipalities should have a value: MEN's list of the year. Sede-level
    # indicators have no such list (a sede list is the data itself).
    expected = expected_areas(con) if indicator.base_level == "municipality" else {}
    for year in years:
        for area in sorted(expected.get(year, set())):
            if (area, year) not in present:
                flag(
                    "missing_area",
                    area,
                    year,
                    None,
                    "MEN lists this municipality this year, but it has no value",
                )
    if code.startswith(FLOW_PREFIXES) and "official_indicator" in areas.tables(con):
        suffix = code.split("_", 1)[1] if "_" in code else ""
        for row in engine.rows(
            con,
            (HERE / "identities.sql").read_text(encoding="utf-8"),
            {"suffix": f"_{suffix}" if suffix else "", "tolerance": IDENTITY_TOLERANCE},
        ):
            flag(
                "identity",
                row["area_code"],
                row["year"],
                row["total"],
                f"aprobación + reprobación + deserción = {row['total']:.2f}, not 100",
            )
    con.register("indicator_base", base)
    try:
        outliers = engine.rows(
            con,
            (HERE / "outliers.sql").read_text(encoding="utf-8"),
            {"threshold": OUTLIER_THRESHOLD},
        )
    finally:
        con.unregister("indicator_base")
    for row in outliers:
        flag(
            "outlier",
            row["area_code"],
            row["year"],
            row["value"],
            f"change {row['change']:+.2f} from the year before (modified z = "
            f"{row['modified_z']:.1f})",
        )
    if indicator.unit == "percent":
        for r in totals:
            if r["value"] is None:
                continue
            if indicator.coverage and r["value"] > 100:
                flag("over_100", r["area_code"], r["year"], r["value"], OVER_100_CAUSE)
            if r["value"] < 0:
                flag(
                    "negative",
                    r["area_code"],
                    r["year"],
                    r["value"],
                    "below 0: enrolment exceeds the resident population (see over_100)",
                )
    flags.extend(publisher_inconsistencies(warehouse, indicator))
    counts: dict[str, int] = {}
    for f in flags:
        counts[f["kind"]] = counts.get(f["kind"], 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no gaps found"
    return {
        "indicator": code,
        "manifest_version": version,
        "years": years,
        "counts": counts,
        "summary": summary,
        "flags": flags,
    }


def compares_men_with_men(indicator: Indicator) -> bool:
    """Re-aggregated from MEN's own tables only (rates weighted by MEN's POBLACIÓN_5_16),
    and compared with a figure MEN publishes."""
    return (
        bool(indicator.published)
        and indicator.base_level == "municipality"
        and bool(indicator.requires)
        and set(indicator.requires) <= MEN_TABLES
        and indicator.unit in PUBLISHER_TOLERANCE
    )


def publisher_inconsistencies(warehouse: Warehouse, indicator: Indicator) -> list[dict[str, Any]]:
    """Department-years where MEN's published figure and MEN's own municipal figures,
    re-aggregated, disagree (e.g. tasa de matriculación 2018, Chocó 79.81 against 89.79)."""
    if not compares_men_with_men(indicator):
        return []
    tolerance = PUBLISHER_TOLERANCE[indicator.unit]
    found: list[dict[str, Any]] = []
    for r in compute.run(warehouse, compute.Query(indicator.code, "department")):
        complete = r["units_with_value"] == r["units"]  # else a missing municipality explains it
        if r["difference"] is None or not complete or abs(r["difference"]) <= tolerance:
            continue
        found.append(
            {
                "kind": "publisher_inconsistency",
                "area_code": r["area_code"],
                "area_name": r["area_name"],
                "year": r["year"],
                "value": r["published_value"],
                "published_value": r["published_value"],
                "from_municipalities": r["value"],
                "message": (
                    f"MEN's own tables disagree: MEN publishes {r['published_value']:g} for "
                    f"the department, while MEN's {r['units']} municipal figures, re-aggregated "
                    f"with MEN's own weights, give {r['value']:.2f} "
                    f"({r['difference']:+.2f}); an inconsistency of the publisher"
                ),
            }
        )
    return found


def expected_areas(con: Any) -> dict[int, set[str]]:
    """Municipalities MEN lists each year (those with a POBLACIÓN_5_16)."""
    if "official_population_5_16" not in areas.tables(con):
        return {}
    expected: dict[int, set[str]] = {}
    for row in engine.rows(
        con,
        "select distinct year, area_code from official_population_5_16 "
        "where level = 'municipality'",
    ):
        expected.setdefault(int(row["year"]), set()).add(str(row["area_code"]))
    return expected


def flags_by_cell(report: dict[str, Any]) -> dict[tuple[str, int], list[str]]:
    """(area, year) -> kinds of flag, for tables that show a flag beside each value."""
    cells: dict[tuple[str, int], list[str]] = {}
    for f in report["flags"]:
        if f["year"] is not None:
            cells.setdefault((f["area_code"], f["year"]), []).append(f["kind"])
    return cells
