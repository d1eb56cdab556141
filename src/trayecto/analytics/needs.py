"""Our own education severity and PiN for every municipality, beside OCHA's.

A run gathers its inputs from named registry indicators (`inputs.sql`), applies the rules
of domain/needs.py in SQL (`assess.sql`; `domain.needs.assess` is the reference), and puts
OCHA's published PiN and severity (`jiaf_hno`) beside each municipality, with the
difference explained input by input (`explain`). Nothing here writes: the web app stores
each run (web/needs) with its parameters and the warehouse version it read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.analytics import areas, compute, registry
from trayecto.domain.needs import DIMENSION_INDICATORS, NeedsParameters, phase_counts
from trayecto.warehouse import Warehouse, engine
from trayecto.warehouse.places import has_table

SQL = Path(__file__).resolve().parent / "needs_sql"
INPUT_COLUMNS = (
    "code",
    "school_age_population",
    "out_of_school_rate",
    "students_per_teacher",
    "migrants",
    "total_population",
    "sedes",
    "sedes_affected",
)
EMPTY_BASE = pa.table(
    {
        "area_code": pa.array([], pa.string()),
        "year": pa.array([], pa.int64()),
        "numerator": pa.array([], pa.float64()),
        "denominator": pa.array([], pa.float64()),
        "value": pa.array([], pa.float64()),
        "source": pa.array([], pa.string()),
        "vintage": pa.array([], pa.string()),
    }
)

EMPTY_PLACES = pa.table(
    {
        name: pa.array([], pa.string())
        for name in ("code", "name", "department_code", "department_name")
    }
)
# What the web app passes from its emergencies (web/emergencies/protected.py): per
# municipality, the sedes the run's year's events hit as domain.needs.PROTECTED_RULE says.
PROTECTED_SCHEMA = pa.schema([("municipality_code", pa.string()), ("sedes_affected", pa.float64())])
EMPTY_SEDE_COUNTS = pa.table(
    {
        "area_code": pa.array([], pa.string()),
        "year": pa.array([], pa.int64()),
        "sedes": pa.array([], pa.float64()),
        "source": pa.array([], pa.string()),
    }
)
SEDE_COUNTS = {
    "sede_summary_municipality": (
        "select municipality_code as area_code, year::bigint as year, sedes::double as sedes, "
        "source from sede_summary_municipality"
    ),
    "sede": (
        "select municipality_code as area_code, year::bigint as year, "
        "count(distinct sede_code)::double as sedes, string_agg(distinct source, '; ') as source "
        "from sede where source <> 'affected-schools' group by 1, 2"
    ),
}
EMPTY_OFFICIAL = pa.table(
    {
        "code": pa.array([], pa.string()),
        "name": pa.array([], pa.string()),
        "pin_education": pa.array([], pa.float64()),
        "severity_education": pa.array([], pa.float64()),
        "plan_year": pa.array([], pa.int16()),
    }
)


@dataclass
class NeedsResult:
    """One run: a row per municipality, the warehouse version read, and what was missing."""

    parameters: NeedsParameters
    manifest_version: int
    rows: list[dict[str, Any]]
    sources: dict[str, str] = field(default_factory=dict)  # input -> "source vintage (year)"
    missing: list[str] = field(default_factory=list)  # inputs without any data

    def totals(self) -> dict[str, float]:
        return {
            "pin": sum(r["total_pin"] or 0.0 for r in self.rows),
            "migrant_pin": sum(r["migrant_pin"] or 0.0 for r in self.rows),
            "host_pin": sum(r["host_pin"] or 0.0 for r in self.rows),
            "official_pin": sum(r["official_pin"] or 0.0 for r in self.rows),
        }


def indicator_base(warehouse: Warehouse, code: str) -> pa.Table | None:
    """An indicator's base rows at its base level (memoised per version), None without its
    tables: a run says which input is missing instead of failing."""
    con, version = compute.reader(warehouse)
    indicator = registry.get(code)
    try:
        compute.check_sources(indicator, areas.tables(con), sex=None)
        return compute.base_table(con, indicator, version, warehouse.root)
    except compute.MissingData:
        return None


def teachers_by_municipality(warehouse: Warehouse, year: int) -> pa.Table | None:
    """Students per teacher rolled up from the sedes to the municipality (sede data)."""
    try:
        rows = compute.run(
            warehouse, compute.Query(DIMENSION_INDICATORS["learning_conditions"], "municipality")
        )
    except compute.MissingData:
        return None
    del year  # every year: the query picks the nearest (sede data are for few years)
    if not rows:
        return None
    return pa.Table.from_pylist(
        [
            {
                "area_code": r["area_code"],
                "year": r["year"],
                "numerator": r["numerator"],
                "denominator": r["denominator"],
                "value": r["value"],
                "source": r["provenance"]["source"],
                "vintage": r["provenance"]["vintage"],
            }
            for r in rows
        ],
        schema=EMPTY_BASE.schema,
    )


def narrow(table: pa.Table | None) -> pa.Table:
    if table is None:
        return EMPTY_BASE
    return table.select(list(EMPTY_BASE.schema.names)).cast(EMPTY_BASE.schema)


def sede_counts(con: Any, present: set[str]) -> pa.Table:
    """Every municipality's sedes by year from the first table of SEDE_COUNTS present."""
    for table, sql in SEDE_COUNTS.items():
        if table in present:
            counted = engine.query(con, sql)
            if counted.num_rows:
                return counted.cast(EMPTY_SEDE_COUNTS.schema)
    return EMPTY_SEDE_COUNTS


def protected_table(protected: Iterable[Mapping[str, Any]] | None) -> pa.Table:
    rows = [
        {"municipality_code": r["municipality_code"], "sedes_affected": float(r["sedes_affected"])}
        for r in protected or ()
    ]
    return pa.Table.from_pylist(rows, schema=PROTECTED_SCHEMA)


def gather(
    warehouse: Warehouse, year: int, protected: Iterable[Mapping[str, Any]] | None = None
) -> tuple[pa.Table, dict[str, str], list[str]]:
    """The inputs of every municipality for `year` (inputs.sql), where each came from, and
    the inputs with no data at all. `protected`: the affected sedes per municipality of the
    year's emergencies (the web app's), None or empty when no event lists any."""
    con, _ = compute.reader(warehouse)
    present = areas.tables(con)
    relations = {
        "out_of_school": narrow(indicator_base(warehouse, DIMENSION_INDICATORS["access"])),
        "migrants": narrow(indicator_base(warehouse, DIMENSION_INDICATORS["aggravating"])),
        "teachers": narrow(teachers_by_municipality(warehouse, year)),
    }
    relations["places"] = (
        engine.query(con, "select code, name, department_code, department_name from municipality")
        if "municipality" in present
        else EMPTY_PLACES
    )
    relations["official"] = (
        engine.query(con, (SQL / "official.sql").read_text(encoding="utf-8"))
        if "jiaf_hno" in present
        else EMPTY_OFFICIAL
    )
    relations["protected"] = protected_table(protected)
    relations["sede_counts"] = sede_counts(con, present)
    for name, table in relations.items():
        con.register(f"needs_{name}", table)
    try:
        nearest = engine.query(con, (SQL / "sedes.sql").read_text(encoding="utf-8"), {"year": year})
        con.register("needs_sedes", nearest)
        inputs = engine.query(con, (SQL / "inputs.sql").read_text(encoding="utf-8"), {"year": year})
        provenance = engine.rows(con, (SQL / "input_sources.sql").read_text(encoding="utf-8"))
    finally:
        for name in [*relations, "sedes"]:
            con.unregister(f"needs_{name}")
    sources = {r["input"]: r["label"] for r in provenance if r["label"]}
    missing = [
        name
        for name in ("places", "out_of_school", "migrants", "teachers", "official")
        if relations[name].num_rows == 0
    ]
    # no event of the year lists an affected sede, or no count of sedes to divide by
    if relations["protected"].num_rows == 0 or relations["sede_counts"].num_rows == 0:
        missing.append("protected_environment")
    return inputs, sources, missing


def assess_table(con: Any, inputs: pa.Table, params: NeedsParameters) -> list[dict[str, Any]]:
    """assess.sql over `inputs` (the columns of INPUT_COLUMNS)."""
    a, lc, g = params.access.bounds, params.learning_conditions.bounds, params.aggravating.bounds
    pe = params.protected_environment.bounds
    con.register("needs_inputs", inputs.select(list(INPUT_COLUMNS)))
    try:
        return engine.rows(
            con,
            (SQL / "assess.sql").read_text(encoding="utf-8"),
            {
                **{f"a{i + 1}": a[i] for i in range(4)},
                **{f"l{i + 1}": lc[i] for i in range(4)},
                **{f"g{i + 1}": g[i] for i in range(4)},
                **{f"p{i + 1}": pe[i] for i in range(4)},
                "raises_from": params.aggravating_raises_from,
                "learning_from": params.learning_in_need_from,
                "age_share": params.migrant_school_age_share,
                "migrant_rate": params.migrant_out_of_school_rate,
            },
        )
    finally:
        con.unregister("needs_inputs")


def run(
    warehouse: Warehouse,
    params: NeedsParameters,
    protected: Iterable[Mapping[str, Any]] | None = None,
) -> NeedsResult:
    """Severity and PiN of every municipality under `params`, with OCHA's beside them;
    `protected` as `gather` takes it."""
    params = params.checked()
    con, version = compute.reader(warehouse)
    inputs, sources, missing = gather(warehouse, params.year, protected)
    assessed = {r["code"]: r for r in assess_table(con, inputs, params)}
    rows = []
    for row in inputs.to_pylist():
        result = assessed[row["code"]]
        official = row["official_pin"]
        own = result["total_pin"]
        rows.append(
            {
                **row,
                **result,
                "difference": None if official is None else own - official,
            }
        )
    return NeedsResult(params, version, rows, sources, missing)


def explain(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The difference between our PiN and OCHA's, input by input.

    With P the school-age population, s the share OCHA's PiN is of it (PiN_OCHA / P) and,
    per group g, P_g its school-age population and s_g its share in need:
    own − OCHA = Σ_g P_g × (s_g − s). Each term is one group's population read from its
    inputs (DANE, Migración Colombia and the age parameter) times how far its share (from
    the out-of-school rate or the students per teacher, whichever is larger) lies from
    OCHA's; the terms add up to the difference exactly.
    """
    population = row["school_age_population"] or 0.0
    official = row["official_pin"]
    if official is None or not population:
        return []
    ocha_share = official / population
    items = [
        {"input": "school_age_population", "value": population, "effect": None},
        {"input": "ocha_share", "value": ocha_share, "effect": None},
    ]
    for group, people, share in (
        ("migrant", row["migrant_school_age"], row["migrant_share_in_need"]),
        ("host", row["host_school_age"], row["host_share"]),
    ):
        items.append(
            {
                "input": f"{group}_group",
                "value": people,
                "share": share,
                "effect": people * ((share or 0.0) - ocha_share),
            }
        )
    return items


def official_territory(con: Any, department: str, year: int) -> dict[str, Any] | None:
    """OCHA's education PiN and severity of the nation (`department` "") or of one
    department, for the HNO cycle of `year` (or the latest before it): the total PiN, the
    municipalities in each phase and every municipality's figures. None without `jiaf_hno`."""
    if not has_table(con, "jiaf_hno"):
        return None
    rows = engine.rows(
        con,
        (SQL / "official_territory.sql").read_text(encoding="utf-8"),
        {"department": department, "year": year},
    )
    if not rows:
        return None
    return {
        "plan_year": rows[0]["plan_year"],
        "vintage": rows[0]["vintage"],
        "source": rows[0]["source"],
        "pin": sum(r["pin_education"] or 0.0 for r in rows),
        "phases": phase_counts([r["severity_education"] for r in rows]),
        "without_phase": sum(1 for r in rows if r["severity_education"] is None),
        "municipalities": rows,
    }
