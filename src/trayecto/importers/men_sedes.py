"""`men-sedes-2025`: number of sedes and enrolment 2025 by municipality, sector and zone (MEN).

MEN dataset ngw5-c5nw aggregated by municipality (control totals of the synthetic sede data).
Each row must add up twice: sector parts and zone parts both equal the totals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import load_places
from trayecto.importers.school_tables import file_vintage
from trayecto.importers.tabular import read_table
from trayecto.warehouse import Warehouse

SOURCE = "men-sedes-2025"
YEAR = 2025
COUNTS = (
    "sedes",
    "matricula",
    "sedes_oficial",
    "matricula_oficial",
    "sedes_no_oficial",
    "matricula_no_oficial",
    "sedes_rural",
    "matricula_rural",
    "sedes_urbana",
    "matricula_urbana",
)
# Column names in the warehouse (English, as the rest of the schema).
RENAMED = {
    "sedes": "sedes",
    "matricula": "enrolment",
    "sedes_oficial": "sedes_public",
    "matricula_oficial": "enrolment_public",
    "sedes_no_oficial": "sedes_private",
    "matricula_no_oficial": "enrolment_private",
    "sedes_rural": "sedes_rural",
    "matricula_rural": "enrolment_rural",
    "sedes_urbana": "sedes_urban",
    "matricula_urbana": "enrolment_urban",
}
SCHEMA = pa.schema(
    [("year", pa.int16()), ("municipality_code", pa.string()), ("department_code", pa.string())]
    + [(name, pa.int64()) for name in RENAMED.values()]
    + [("source", pa.string()), ("vintage", pa.string()), ("is_synthetic", pa.bool_())]
)


def check_row(values: dict[str, int]) -> str | None:
    """The two identities of a row, or what fails."""
    for what in ("sedes", "matricula"):
        total = values[what]
        by_sector = values[f"{what}_oficial"] + values[f"{what}_no_oficial"]
        by_zone = values[f"{what}_rural"] + values[f"{what}_urbana"]
        if by_sector != total or by_zone != total:
            return (
                f"{what}: total {total}, by sector {by_sector}, by zone {by_zone}; "
                "the parts must add up to the total"
            )
    return None


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(SOURCE, dry_run=dry_run)
    try:
        table = read_table(path)  # safe reading; encoding and unread sheets in notices
        headers, rows = table.headers, table.rows
        report.add(table.notices)
        missing = [c for c in ("cod_mpio", *COUNTS) if c not in headers]
        if missing:
            raise FileProblem(
                str(path),
                f"missing columns: {', '.join(missing)}. This source is MEN's 2025 sedes and "
                "enrolment aggregated by municipality (docs/sources.md), not the raw dataset.",
            )
        places = load_places(warehouse, str(path))
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return report
    vintage = file_vintage(path)
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in rows:
        report.rows_read += 1
        code = row.values["cod_mpio"].zfill(5)
        problem: Problem | None = None
        values: dict[str, int] = {}
        for column in COUNTS:
            text = row.values[column].replace(",", "")
            if not text.isdigit():
                problem = Problem(row.line, column, row.values[column], "must be a count ≥ 0")
                break
            values[column] = int(text)
        if problem is None and not (code.isdigit() and len(code) == 5 and code in places.names):
            problem = Problem(
                row.line,
                "cod_mpio",
                row.values["cod_mpio"],
                "not a known 5-digit municipality code",
            )
        if problem is None and code in seen:
            problem = Problem(
                row.line, "cod_mpio", code, f"municipality repeated (line {seen[code]})"
            )
        if problem is None and (message := check_row(values)):
            problem = Problem(row.line, "matricula", str(values["matricula"]), message)
        if problem is not None:
            report.rows_rejected += 1
            report.problems.append(problem)
            continue
        seen[code] = row.line
        records.append(
            {
                "year": YEAR,
                "municipality_code": code,
                "department_code": places.department_of[code],
                **{RENAMED[c]: values[c] for c in COUNTS},
                "source": SOURCE,
                "vintage": vintage,
                "is_synthetic": False,
            }
        )
        report.rows_imported += 1
    table = pa.Table.from_pylist(records, schema=SCHEMA)
    report.details = {
        "municipalities": table.num_rows,
        "sedes": sum(r["sedes"] for r in records),
        "enrolment": sum(r["enrolment"] for r in records),
    }
    return finish(
        report,
        warehouse,
        Merge(
            tables={"sede_summary_municipality": (table, ["year", "municipality_code"])},
            meta={"source": SOURCE, "vintage": vintage, "file": path.name},
        ),
        dry_run=dry_run,
    )
