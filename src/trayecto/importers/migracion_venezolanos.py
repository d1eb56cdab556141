"""`migracion-venezolanos`: Venezuelan migrants per municipality (Migración Colombia).

One row per municipality with four cut-offs (Jan 2021, Aug 2021, Feb 2022, Oct 2022), the
DANE total population of 2021 and 2022, and three published rates per 1,000 inhabitants.
The file is Latin-1 (UTF-8 is accepted too), header names carry trailing spaces, codes lack
their leading zero and two population cells carry a thousands separator. Every published
rate is checked against round(migrants / population × 1000); a mismatch is a warning.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow as pa

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells
from trayecto.importers import men_common as men
from trayecto.importers.finish import Parts, finish
from trayecto.importers.tabular import Policy, as_written, read_table
from trayecto.warehouse import Warehouse

SOURCE = "migracion-venezolanos"
DEPARTMENT = "Codigo Departamento"
WHAT = "Migración Colombia's Venezuelan migrants by municipality (CSV)"
POP_2021 = "Proyecciones Poblacion 2021"
POP_2022 = "Proyecciones Población 2022"
# cut-off column -> (date, DANE population column, published rate column or "")
CUTOFFS = {
    "Poblacion Enero 2021": (date(2021, 1, 31), POP_2021, ""),
    "Poblacion Agosto 2021": (
        date(2021, 8, 31),
        POP_2021,
        "Tasa de Poblacion Migrante para 2021 por 1.000 Hab",
    ),
    "Poblacion Febrero 2022": (
        date(2022, 2, 28),
        POP_2022,
        "Tasa de Poblacion Migrante para 2022 por 1.000 Hab",
    ),
    "Poblacion Octubre 2022": (
        date(2022, 10, 31),
        POP_2022,
        "Tasa de Poblacion Migrante para octubre 2022 por 1.000 Hab",
    ),
}
REQUIRED = (
    "Divipola",
    "Departamento",
    "Codigo Departamento",
    "Municipio",
    *CUTOFFS,
    POP_2021,
    POP_2022,
    *(rate for _, _, rate in CUTOFFS.values() if rate),
)
# An official file, but saved as Latin-1: accepted and said; columns named as written.
POLICY = Policy(latin1=True, strict=False, key=as_written)
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("municipality_code", pa.string()),
        ("municipality_name", pa.string()),
        ("cutoff", pa.date32()),
        ("year", pa.int16()),
        ("migrants", pa.int64()),
        ("total_population", pa.int64()),
        ("published_rate_per_1000", pa.int64()),
        ("file_row", pa.int32()),
    ]
)


def integer(row: dict[str, str], column: str, quirks: Counter[str]) -> int:
    return cells.parse_integer(row[column], column=column, quirks=quirks)


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    quirks: Counter[str] = Counter()
    try:
        # Migración publishes Latin-1: read under the shared policy, which says so; a short
        # row reads its missing cells as empty, and they are then reported one by one.
        table = read_table(path, what=WHAT, required=REQUIRED, policy=POLICY)
    except FileProblem as exc:
        return report.refuse(exc.problem)
    if table.notices:
        quirks["latin1_encoding"] += 1
        report.problems.extend(table.notices)
    if any(name != name.strip() for name in table.headers):
        quirks["header_spaces_stripped"] += 1
    columns: dict[str, list[object]] = {name: [] for name in SCHEMA.names}
    seen: dict[str, int] = {}
    mismatches = 0
    for text_row in table.rows:
        report.rows_read += 1
        line, row = text_row.line, text_row.values
        try:
            code = men.parse_code(row["Divipola"], 5, quirks, "Divipola")
            department = men.parse_code(
                row["Codigo Departamento"], 2, quirks, "Codigo Departamento"
            )
            if code[:2] != department:
                raise cells.CellError(
                    f"{code} is not in department {department}", value=row["Divipola"]
                )
            if code in seen:
                raise cells.CellError(
                    f"{code} already appears on line {seen[code]}", value=row["Divipola"]
                )
            populations = {
                c: cells.parse_integer(row[c], column=c, quirks=quirks)
                for c in (POP_2021, POP_2022)
            }
            counts = {c: cells.parse_integer(row[c], column=c, quirks=quirks) for c in CUTOFFS}
            rates = {
                r: cells.parse_integer(row[r], column=r, quirks=quirks)
                for _, _, r in CUTOFFS.values()
                if r
            }
        except cells.CellError as exc:
            report.problems.append(
                Problem(line, exc.column or "Divipola", exc.value, f"{exc}; row rejected")
            )
            report.rows_rejected += 1
            continue
        seen[code] = line
        for column, (cutoff, pop_column, rate_column) in CUTOFFS.items():
            population = populations[pop_column]
            published = rates.get(rate_column) if rate_column else None
            if published is not None and population > 0:
                expected = round(counts[column] / population * 1000)
                if expected != published:
                    mismatches += 1
                    report.problems.append(
                        Problem(
                            line,
                            rate_column,
                            str(published),
                            f"round({counts[column]} / {population} × 1000) = {expected}, "
                            f"not {published}; the count is kept, the rate is recomputed",
                            "warning",
                        )
                    )
            columns["source"].append(SOURCE)
            columns["vintage"].append(vintage_label())
            columns["municipality_code"].append(code)
            columns["municipality_name"].append(row["Municipio"].strip())
            columns["cutoff"].append(cutoff)
            columns["year"].append(cutoff.year)
            columns["migrants"].append(counts[column])
            columns["total_population"].append(population)
            columns["published_rate_per_1000"].append(published)
            columns["file_row"].append(line)
        report.rows_imported += 1
    table = pa.table(columns, schema=SCHEMA)
    report.details.update(
        quirks=dict(sorted(quirks.items())),
        rate_mismatches=mismatches,
        facts=table.num_rows,
        vintage=vintage_label(),
    )
    return finish(
        report,
        warehouse,
        Parts(
            {"venezuelan_migrants": (table, ("source", "vintage"))},
            part=f"{SOURCE}|{vintage_label()}",
            path=path,
        ),
        dry_run=dry_run,
    )


def vintage_label() -> str:
    """The file's last cut-off: a later file adds its own vintage beside this one."""
    return max(cutoff for cutoff, _, _ in CUTOFFS.values()).isoformat()
