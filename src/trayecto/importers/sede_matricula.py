"""`sede-matricula`: enrolment by sede × grade × sex × age × nationality, as SIMAT exports it.

Format: docs/formats/sede-matricula.md. Counts only: a file with a column that looks like a
name or a document number is refused whole, before any row is read.

A national year is about 8.9 million rows, so no row becomes a Python object: DuckDB reads
the file (a workbook is first streamed to CSV through the safe reader, `tabular.read_table`),
types and checks every row into a file of the staging folder (`sede_matricula_stage.py`),
and only the bad rows come back to Python to be worded. The staging is shared with
`simat-estudiantes` (`staging.py`); the columns and their headers are
`sede_matricula_columns.py`, the bad rows' wording `sede_matricula_problems.py`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from trayecto.domain.problems import FileProblem, ImportReport
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    Incoming,
    file_vintage,
    first_look,
)
from trayecto.importers.sede_matricula_columns import ColumnMap, map_columns
from trayecto.importers.sede_matricula_problems import (
    ATTRIBUTES_DIFFER,
    cross_row_problems,
    row_problem,
)
from trayecto.importers.sede_matricula_stage import stage_rows
from trayecto.importers.staging import (
    Source,
    encoding_notices,
    imported_before,
    open_csv,
    open_workbook,
    refuse_bad_rows,
    staging,
    worded,
)
from trayecto.warehouse import Warehouse, engine

SOURCE = "sede-matricula"
SEDES_SQL = """
create table incoming_sede as
select year, sede_code, min(sede_name) as sede_name,
    min(establishment_code) as establishment_code, min(municipality_code) as municipality_code,
    min(etc_code) as etc_code, min(zone) as zone, min(sector) as sector,
    min(teachers) as teachers, sum(enrolled)::bigint as enrolment,
    $source as source, $vintage as vintage, false as is_synthetic,
    -- a sede-year whose rows disagree on an attribute (listed row by row when so)
    DIFFERS as differs
from (
    select s.*, e.etc_code from staged s
    left join etc_of e using (municipality_code)
    where problem is null and not blank
)
group by year, sede_code
""".replace("DIFFERS", ATTRIBUTES_DIFFER)


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """Validate every row; publish `sede` and `sede_enrolment` only if no row is rejected."""
    report = ImportReport(SOURCE, dry_run=dry_run)
    seen = first_look(path, warehouse, ["sede", "sede_enrolment"], dry_run=dry_run)
    if seen.unchanged:
        return _unchanged(report, warehouse, seen.vintage)
    workbook = path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}
    try:
        places = load_places(warehouse, str(path))
        source = None if workbook else open_csv(path)
        if source is not None:
            columns, warnings = map_columns(path, source.headers)
            report.add(warnings)
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return report
    vintage = seen.vintage or file_vintage(path)
    with staging(warehouse) as (con, folder):
        try:
            if source is None:
                source = open_workbook(path, folder)
                columns, warnings = map_columns(path, source.headers)
                report.add(warnings)
            left = stage_rows(con, folder, source, columns, places)
            report.add([*source.notices, *encoding_notices(path, source)])
        except FileProblem as exc:
            report.refused = True
            report.problems.append(exc.problem)
            return report
        return _validated(report, warehouse, con, source, columns, places, path, vintage, left)


def _validated(
    report: ImportReport,
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: ColumnMap,
    places: Places,
    path: Path,
    vintage: str,
    left: int,
) -> ImportReport:
    """The report of the staged rows (`left` of them typed by the rows SQL), and the
    publication when no row is bad."""
    [(rows_read,)] = engine.values(con, "select count(*) from staged where not blank")
    report.rows_read = rows_read
    bad = [
        (r, row_problem(0, columns, code, value, outcomes, enrolled, prefix))
        for r, code, value, outcomes, enrolled, prefix in engine.values(
            con,
            "select r, problem, problem_value, problem_outcomes, problem_enrolled, "
            "problem_prefix from slow where problem is not null order by r",
        )
    ] if left else []  # fmt: skip
    # A DuckDB table from two lists rather than an Arrow table: `pa.array` of a Python list
    # imports pandas where it is installed (the benchmarks' baseline), 0.4 s of CPU, to ask
    # whether the list is a pandas object.
    engine.execute(
        con,
        "create temp table etc_of as select unnest($municipalities::varchar[]) as "
        "municipality_code, unnest($etcs::varchar[]) as etc_code",
        {"municipalities": list(places.etc_of), "etcs": list(places.etc_of.values())},
    )
    # The sedes of the good rows, and which of them disagree between rows (one pass).
    engine.execute(con, SEDES_SQL, {"source": SOURCE, "vintage": vintage})
    bad += cross_row_problems(con, columns)
    if bad or not rows_read:
        report.problems.extend(worded(source, bad, "error"))
        return refuse_bad_rows(report, path, rows_read, len(bad))
    report.rows_imported = rows_read
    [(sedes, years)] = engine.values(
        con, "select count(*), list(distinct year order by year) from incoming_sede"
    )
    report.details = {"sedes": sedes, "years": list(years)}
    if report.dry_run:
        return report
    engine.execute(
        con,
        "create view incoming_sede_enrolment as select *, "  # noqa: S608
        f"{_quoted(SOURCE)} as source, {_quoted(vintage)} as vintage, "
        "false as is_synthetic from staged where not blank",
    )
    incoming = Incoming(
        con, {"sede": "incoming_sede", "sede_enrolment": "incoming_sede_enrolment"}, vintage
    )
    meta = {"source": SOURCE, "vintage": vintage, "file": path.name}
    return finish(report, warehouse, Merge(meta=meta, incoming=incoming), dry_run=False)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unchanged(report: ImportReport, warehouse: Warehouse, vintage: str) -> ImportReport:
    """The report of a file already imported, from the manifest alone."""
    tables = warehouse.manifest().tables
    rows = imported_before(warehouse, "sede_enrolment", vintage)
    sede_parts = {
        key: part.meta["imports"][vintage]
        for key, part in tables["sede"].partitions.items()
        if vintage in part.meta.get("imports", {})
    }
    report.rows_read = report.rows_imported = rows
    report.details = {
        "sedes": sum(sede_parts.values()),
        "years": sorted({int(key.split("/")[1]) for key in sede_parts}),
    }
    return report.published(None, current_version=warehouse.manifest().version)
