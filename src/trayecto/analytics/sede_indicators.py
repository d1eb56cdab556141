"""The school-level rates over `sede_enrolment_grade`, every one of them from one scan.

Each family of rates (`indicators/queries/sede_status_rate.sql`, `sede_overage.sql`,
`sede_nationality_share.sql`, `sede_uis_flow_rate.sql`) is a file of three sections:
`-- [measures]`, sums over the summary's rows (`expr as name`, one per line end);
`-- [values]`, CTEs from the chosen source's rows (`per_sex`) to a numerator and a
denominator per sex (`measured`); `-- [method]`, the text that says how. What they all
share is written once: `sede_pass.sql` computes the measures of every indicator in one
hash aggregate per sede × year × sex × source (each indicator's parameters renamed
`$i<n>_<name>`, so values stay parameters), and `sede_scaffold.sql` chooses one source per
sede-year, adds both sexes, the value and the synthetic label, per indicator, over those
few grouped rows. A national recompute thus reads the summary once instead of once per
indicator (docs/methodology/school-level.md, docs/benchmarks.md).

Two optional sections serve a family the summary cannot: `-- [reads]` names the table it
scans instead (the UIS enrolment ratios need single ages, so `sede_enrolment`, in a scan of
its own, not in the one pass) and `-- [level]` the level its `measured` rows are at (the
sede unless it says otherwise: those ratios place sedes in municipalities).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.analytics import registry
from trayecto.domain.indicators import Indicator
from trayecto.warehouse import engine
from trayecto.warehouse.engine import Connection

QUERIES = registry.INDICATORS_DIR / "queries"
PASS_SQL = QUERIES / "sede_pass.sql"
SCAFFOLD_SQL = QUERIES / "sede_scaffold.sql"
SUMMARY = "sede_enrolment_grade"  # the table the one pass scans
SECTION = re.compile(r"^-- \[(reads|level|measures|values|method)\]\s*$", re.MULTILINE)
MEASURE_NAME = re.compile(r"\bas\s+(\w+)(\s*(?:,|\Z))")
PARAMETER = re.compile(r"\$(\w+)")
SHARED_PARAMETERS = {"group"}  # the population group filters the one scan for all


@dataclass(frozen=True)
class Family:
    """One family file split into its sections; its measures as (expression, name)."""

    measures: tuple[tuple[str, str], ...]
    values: str
    method: str
    reads: str = SUMMARY
    level: str = "sede"


@cache
def family(path: Path) -> Family | None:
    """The sections of a one-pass family file; None for a query of any other shape."""
    text = path.read_text(encoding="utf-8")
    parts = SECTION.split(text)
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if not {"measures", "values", "method"} <= sections.keys():
        return None
    measures = uncommented(sections["measures"])
    items, start = [], 0
    for match in MEASURE_NAME.finditer(measures):
        items.append((measures[start : match.start()].strip(), match.group(1)))
        start = match.end()
    if "rows" not in {name for _, name in items}:
        raise ValueError(f"{path.name}: its measures must count `rows` (the rows it reads)")
    return Family(
        tuple(items),
        sections["values"],
        uncommented(sections["method"]),
        reads=sections.get("reads", SUMMARY),
        level=sections.get("level", "sede"),
    )


def uncommented(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def is_one_pass(indicator: Indicator) -> bool:
    """Whether the one scan of the summary computes the indicator."""
    found = family(registry.sql_path(indicator))
    return found is not None and found.reads == SUMMARY


def one_pass_indicators(group: str | None) -> list[Indicator]:
    """The indicators the scan serves: all of them, or those with a breakdown by group."""
    return [
        i
        for i in registry.indicators().values()
        if is_one_pass(i) and (group is None or "nationality" in i.disaggregations)
    ]


def pass_sql(
    queries: list[tuple[Path, dict[str, Any]]], table: str = SUMMARY
) -> tuple[str, dict[str, Any], list[dict[str, str]]]:
    """The one scan: the measures of every (family file, parameters), each computed once
    however many indicators use it (the three UIS flow rates share all five), named
    `i<n>_<name>` after the first query that needs it. Returns the SQL, its parameters and,
    per query, which column holds each of its measures."""
    items: list[str] = []
    params: dict[str, Any] = {}
    seen: dict[str, str] = {}  # the measure with its parameter values -> its column
    columns: list[dict[str, str]] = []
    for n, (path, values) in enumerate(queries):
        own: dict[str, str] = {}
        for expression, name in sections(path).measures:
            key = measure_key(expression, values)
            if key not in seen:
                seen[key] = f"i{n}_{name}"
                items.append(f"{PARAMETER.sub(renamer(n), expression)} as {seen[key]}")
            own[name] = seen[key]
        columns.append(own)
        params |= {f"i{n}_{name}": value for name, value in values.items()}
    sql = (
        PASS_SQL.read_text(encoding="utf-8")
        .replace("{table}", table)
        .replace("{measures}", ",\n".join(items))
    )
    named = set(PARAMETER.findall(sql))  # a parameter no measure reads is not passed
    return sql, {k: v for k, v in params.items() if k in named}, columns


def measure_key(expression: str, values: dict[str, Any]) -> str:
    """The measure with its parameters' values, to find the same measure twice; only a
    key: the values still reach the SQL as parameters."""
    return " ".join(PARAMETER.sub(lambda m: repr(values.get(m.group(1))), expression).split())


def renamer(n: int) -> Callable[[re.Match[str]], str]:
    """`$name` of the `n`th query becomes `$i<n>_name`, unless every query shares it."""

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"${name}" if name in SHARED_PARAMETERS else f"$i{n}_{name}"

    return rename


def scaffold_sql(path: Path, columns: dict[str, str]) -> str:
    """The scaffold around one family's values, over its `columns` of the scan."""
    found = sections(path)
    return (
        SCAFFOLD_SQL.read_text(encoding="utf-8")
        .replace("{columns}", ", ".join(f"{column} as {name}" for name, column in columns.items()))
        .replace("{rows}", columns["rows"])
        .replace("{values}", found.values)
        .replace("{method}", found.method)
        .replace("{level}", found.level)
    )


def sections(path: Path) -> Family:
    found = family(path)
    if found is None:
        raise ValueError(f"{path.name} is not a one-pass family file (no -- [measures])")
    return found


def run(
    con: Connection,
    queries: list[tuple[Path, dict[str, Any]]],
    group: str | None = None,
    table: str = SUMMARY,
) -> list[pa.Table]:
    """The base tables of several (family file, parameters) from one scan of `table` for
    one population group (None: all), in the order given."""
    sql, params, columns = pass_sql(queries, table)
    names = ", ".join(path.name for path, _ in queries)
    grouped = engine.query(
        con, sql, {**params, "group": group}, origin=f"{PASS_SQL.name} ({names})"
    )
    con.register("sede_grouped", grouped)
    try:
        tables = []
        for (path, values), own in zip(queries, columns, strict=True):
            text = scaffold_sql(path, own)
            wanted = {k: v for k, v in values.items() if f"${k}" in text}
            origin = f"{SCAFFOLD_SQL.name} ({path.name})"
            tables.append(engine.query(con, text, wanted, origin=origin))
        return tables
    finally:
        con.unregister("sede_grouped")


def own_scan(con: Connection, path: Path, params: dict[str, Any]) -> pa.Table | None:
    """The base table of a family that reads another table than the summary (its
    `-- [reads]`), from a scan of its own; None for a query that is no family file."""
    found = family(path)
    if found is None:
        return None
    return run(con, [(path, params)], table=found.reads)[0]


def base_tables(con: Connection, group: str | None) -> dict[str, pa.Table]:
    """Every one-pass indicator at sede level for one population group (None: all), from
    one scan: code -> the base table compute.py expects."""
    indicators = one_pass_indicators(group)
    queries = [(registry.sql_path(i), dict(i.params)) for i in indicators]
    return dict(zip((i.code for i in indicators), run(con, queries, group), strict=True))
