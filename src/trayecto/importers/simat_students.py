"""`simat-estudiantes`: one row per student and school year, as an ETC exports it from SIMAT.

Format: docs/formats/simat-estudiantes.md. The file names the students; the warehouse never
does. Every row is checked and pseudonymised inside DuckDB in one pass
(`simat_students_rows.sql`): the document number becomes an HMAC-SHA-256 with the key of
`student_key`, names + birth date + sex a second one (to link a student whose document
changed, NES → PPT), the birth date its year and month. Names, document numbers and birth
dates are never written anywhere: the staging table holds only what comes out of that SQL, a
workbook is read into memory (never written out as CSV), and a problem names the row and the
column but never the value of a column that identifies someone.

As `sede-matricula` does, with the same staging (`staging.py`), no good row becomes a Python
object (a national year is about 10 million rows), only bad ones are worded in Python
(`simat_students_problems.py`), and a file with a bad row is refused whole. The columns and
their headers are `simat_students_columns.py`. The rows go into `student_enrolment`,
partitioned by source × year × department of the sede code like the other school tables
(`finish` with `Merge`).
"""

from __future__ import annotations

import re
import secrets
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import student_key
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    Incoming,
    file_vintage,
    first_look,
)
from trayecto.importers.simat_students_columns import (
    COLUMNS,
    COUNTRIES,
    RESULTS,
    STATUSES,
    ColumnMap,
    map_columns,
)
from trayecto.importers.simat_students_problems import cross_row_warnings, row_problem
from trayecto.importers.staging import (
    MACROS,
    MUNICIPALITY_CODES,
    Source,
    encoding_notices,
    imported_before,
    known_codes,
    lookup,
    open_csv,
    read_cells,
    refuse_bad_rows,
    run_over_csv,
    staging,
    worded,
)
from trayecto.importers.tabular import normalise_header, read_table
from trayecto.warehouse import Warehouse, engine

SOURCE = "simat-estudiantes"
TABLE = "student_enrolment"
ROWS_SQL = Path(__file__).resolve().parent / "simat_students_rows.sql"


def _raw_view(
    source: Source, columns: ColumnMap, relation: str | None, *, parallel: bool = True
) -> str:
    """The `raw` view: one trimmed text column per known column, from the CSV (read in
    parallel or not) or from a workbook's rows registered in memory as `relation`. Only
    fixed fragments go into the text: this module's column names, positions and the reader
    of `staging.read_cells`."""
    names = [f"c{i}" for i in range(len(source.headers))]
    trimmed = ", ".join(f"coalesce(trim({n}), '') as {n}" for n in names)
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"'' as {column}"
        for column in COLUMNS
    )
    blank = " and ".join(f"{n} = ''" for n in names)
    rows = relation if relation is not None else read_cells(source, parallel=parallel)
    return (
        f"create or replace view raw as select {known}, {blank} as blank "  # noqa: S608
        f"from (select {trimmed} from {rows})"
    )


def etc_parameters(etc_of: dict[str, str], key: bytes) -> dict[str, object]:
    """The per-ETC keys of `simat_students_rows.sql`: each municipality's ETC as a position
    in the lists of ETC codes and padded ETC keys (student_key.etc_key of the installation
    key); 0, no pseudonym, for a municipality without an ETC."""
    codes = sorted(set(etc_of.values()))
    position = {code: i + 1 for i, code in enumerate(codes)}
    of = [0] * MUNICIPALITY_CODES
    for municipality, etc in etc_of.items():
        if municipality.isdigit() and len(municipality) == 5:
            of[int(municipality)] = position[etc]
    return _etc_lists(codes, [student_key.etc_key(key, code) for code in codes], of)


def one_etc_parameters(etc_code: str, etc_key: bytes) -> dict[str, object]:
    """Every row hashed with one ETC's key (the ETC's own export, on its own machine)."""
    return _etc_lists([etc_code], [etc_key], [1] * MUNICIPALITY_CODES)


# The rows SQL reads a municipality's ETC position from ETC_BITS bit strings, bit k of the
# position for each 5-digit code (`$etc_bit0` …), not from a list of 100,000 positions:
# DuckDB copies a constant list for every 2,048 rows it indexes, 1 s of CPU per 3 million
# rows (docs/benchmarks.md). Seven bits: up to 127 ETCs (Colombia has fewer than 100).
ETC_BITS = 7


def _etc_lists(codes: list[str], keys: list[bytes], of: list[int]) -> dict[str, object]:
    if len(codes) >= 1 << ETC_BITS:
        raise ValueError(f"{len(codes)} ETCs: the rows SQL reads at most {(1 << ETC_BITS) - 1}")
    padded = [student_key.pads(k) for k in keys]
    return {
        **{f"etc_bit{k}": _bit_string(of, k) for k in range(ETC_BITS)},
        "etc_codes": codes,
        "etc_ipads": [p["key_ipad"] for p in padded],
        "etc_opads": [p["key_opad"] for p in padded],
    }


def _bit_string(positions: list[int], k: int) -> str:
    """Bit k of each position, as the text of `0` and `1` DuckDB casts to BIT."""
    return "".join("1" if p >> k & 1 else "0" for p in positions)


def row_parameters(key: bytes, etc: dict[str, object]) -> dict[str, object]:
    params: dict[str, object] = {"grades": sorted(schools.GRADES), **etc}
    for name, aliases in (
        ("sex", schools.SEX_ALIASES),
        ("country", COUNTRIES),
        ("status", STATUSES),
        ("result", RESULTS),
        ("zone", schools.ZONES),
        ("sector", schools.SECTORS),
    ):
        params[f"{name}_keys"], params[f"{name}_values"] = lookup(aliases)
    return {**params, **student_key.pads(key)}


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: ColumnMap,
    places: Places | None,
    key: bytes,
    relation: str | None = None,
    etc: dict[str, object] | None = None,
) -> None:
    """Every row, checked and pseudonymised, into the table `staged` (file order). The ETC
    pseudonyms use `etc` (`one_etc_parameters`) or else each municipality's ETC of `places`;
    without `places` (an ETC's machine has no warehouse) any municipality code is taken."""
    etc = etc if etc is not None else etc_parameters(places.etc_of if places else {}, key)
    known = known_codes(places.names if places else None)
    sql = f"create or replace table staged as {ROWS_SQL.read_text(encoding='utf-8')}"
    run_over_csv(
        con,
        source,
        lambda parallel: _raw_view(source, columns, relation, parallel=parallel),
        sql,
        {**row_parameters(key, etc), "known": known},
        quote_error=False,  # DuckDB's message may quote the line, and the line holds names
    )


def open_workbook(path: Path, con: duckdb.DuckDBPyConnection) -> tuple[Source, str]:
    """A workbook's first sheet read into memory and registered in `con` as `sheet_rows`:
    written to no file (it holds names)."""
    table = read_table(path)
    keys = [normalise_header(h) for h in table.headers]
    values: list[list[str]] = [[] for _ in keys]
    lines: list[int] = []
    for row in table.rows:
        for i, k in enumerate(keys):
            values[i].append(row.values.get(k, ""))
        lines.append(row.line)
    arrow = pa.table({f"c{i}": pa.array(v, pa.string()) for i, v in enumerate(values)})
    con.register("sheet_rows", arrow)
    source = Source(path, table.headers, ";", "utf-8")
    source.sheet_lines = array("q", lines)
    source.notices = table.notices
    return source, "sheet_rows"


def load(
    path: Path, warehouse: Warehouse, *, dry_run: bool = False, synthetic: bool = False
) -> ImportReport:
    """Check every row; publish `student_enrolment` only if no row is rejected.
    `synthetic` marks the rows `is_synthetic` (the demo's generated files, never real ones)."""
    report = ImportReport(SOURCE, dry_run=dry_run)
    seen = first_look(path, warehouse, [TABLE], dry_run=dry_run)
    if seen.unchanged:
        return _unchanged(report, warehouse, seen.vintage)
    workbook = path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}
    try:
        key = student_key.load_key(warehouse.root.parent, create=not dry_run)
        places = load_places(warehouse, str(path))
        source = None if workbook else open_csv(path)
        if source is not None:
            columns, warnings = map_columns(path, source.headers)
            report.add(warnings)
    except (FileProblem, student_key.KeyProblem) as exc:
        problem = (
            exc.problem
            if isinstance(exc, FileProblem)
            else Problem(0, "", student_key.ENV, str(exc))
        )
        return report.refuse(problem)
    # A dry run never creates the key: it checks the rows with a throwaway one.
    key = key or secrets.token_bytes(32)
    vintage = seen.vintage or file_vintage(path)
    with _staging(warehouse) as con:
        try:
            relation = None
            if source is None:
                source, relation = open_workbook(path, con)
                columns, warnings = map_columns(path, source.headers)
                report.add(warnings)
            stage_rows(con, source, columns, places, key, relation)
            report.add([*source.notices, *encoding_notices(path, source)])
        except FileProblem as exc:
            return report.refuse(exc.problem)
        return _validated(report, warehouse, con, source, columns, path, vintage, synthetic)


@contextmanager
def _staging(warehouse: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    with staging(warehouse) as (con, _folder):
        yield con


def _validated(
    report: ImportReport,
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: ColumnMap,
    path: Path,
    vintage: str,
    synthetic: bool,
) -> ImportReport:
    [(rows_read,)] = engine.values(con, "select count(*) from staged where not blank")
    report.rows_read = rows_read
    bad = [
        (r, row_problem(columns, code, value or "", prefix))
        for r, code, value, prefix in engine.values(
            con,
            "select rowid, problem, problem_value, problem_prefix from staged "
            "where problem is not null order by rowid",
        )
    ]
    if bad or not rows_read:
        report.problems.extend(worded(source, bad, "error"))
        return refuse_bad_rows(report, path, rows_read, len(bad))
    warnings = cross_row_warnings(con)
    report.add(worded(source, [(r, Problem(0, "", "", m)) for r, m in warnings], "warning"))
    report.rows_imported = rows_read
    engine.execute(
        con,
        "create temp table import_summary as select count(distinct (year, student_id)) "
        "as students, list(distinct year order by year) as years, "
        "count(distinct sede_code) as sedes from staged where not blank",
    )
    [(students, years, sedes)] = engine.values(con, "select * from import_summary")
    report.details = {"students": students, "years": list(years), "sedes": sedes}
    if report.dry_run:
        return report
    # A view takes no parameters: the source is this module's constant, the vintage hex.
    assert re.fullmatch(r"[0-9a-f]+", vintage)
    engine.execute(
        con,
        "create view incoming_student as select rowid as row_order, *, "  # noqa: S608
        f"'{SOURCE}' as source, '{vintage}' as vintage, {str(synthetic).lower()} as is_synthetic "
        "from staged where not blank",
    )
    incoming = Incoming(con, {TABLE: "incoming_student"}, vintage)
    meta = {"source": SOURCE, "vintage": vintage, "file": path.name}
    return finish(report, warehouse, Merge(meta=meta, incoming=incoming), dry_run=False)


def _unchanged(report: ImportReport, warehouse: Warehouse, vintage: str) -> ImportReport:
    """The report of a file already imported, from the manifest alone."""
    rows = imported_before(warehouse, TABLE, vintage)
    report.rows_read = report.rows_imported = rows
    return report.published(None, current_version=warehouse.manifest().version)


def read_with_pseudonyms(
    path: Path, con: duckdb.DuckDBPyConnection, etc_code: str, etc_key: bytes
) -> list[str]:
    """An ETC's own export, for `trayecto trajectory reidentify` on the ETC's machine (no
    warehouse, no installation key): the rows as they are in the table `original` (c0, c1, …
    in file order) and, row for row, their checked twin in `staged` whose `etc_student_id`
    is the document hashed with the ETC's key as at import. `con` must be an in-memory
    connection: `original` holds names. Returns the headers."""
    engine.execute(con, "set enable_progress_bar = false")
    for macro in MACROS:
        engine.execute(con, macro)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        source, relation = open_workbook(path, con)
    else:
        source = open_csv(path)
        for encoding in ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]:
            source.encoding = encoding
            try:
                engine.execute(
                    con,
                    "create or replace table csv_rows as "  # noqa: S608
                    f"select * from {read_cells(source, parallel=False)}",
                )
                break
            except duckdb.InvalidInputException:
                if encoding != "utf-8":
                    raise FileProblem(path.name, "cannot be read as CSV") from None
        relation = "csv_rows"
    engine.execute(con, f"create table original as from {relation}")
    columns, _ = map_columns(path, source.headers)
    # the installation's pseudonyms are not needed here: a throwaway key makes them
    throwaway = secrets.token_bytes(32)
    etc = one_etc_parameters(etc_code, etc_key)
    stage_rows(con, source, columns, None, throwaway, "original", etc)
    return source.headers
