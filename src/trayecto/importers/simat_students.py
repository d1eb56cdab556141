"""`simat-estudiantes`: one row per student and school year, as an ETC exports it from SIMAT.

Format: docs/formats/simat-estudiantes.md. The file names the students; the warehouse never
does. Every row is checked and pseudonymised inside DuckDB in one pass
(`simat_students_rows.sql`): the document number becomes an HMAC-SHA-256 with the key of
`student_key`, names + birth date + sex a second one (to link a student whose document
changed, NES → PPT), the birth date its year and month. Names, document numbers and birth
dates are never written anywhere: the staging table holds only what comes out of that SQL, a
workbook is read into memory (never written out as CSV), and a problem names the row and the
column but never the value of a column that identifies someone.

As `sede-matricula` does, no good row becomes a Python object (a national year is about 10
million rows), only bad ones are worded in Python, and a file with a bad row is refused
whole. The rows go into `student_enrolment`, partitioned by source × year × department of
the sede code like the other school tables (`school_tables.publish_school_tables`).
"""

from __future__ import annotations

import re
import secrets
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import student_key
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    Incoming,
    file_vintage,
    is_unchanged,
    publish_school_tables,
)
from trayecto.importers.staging import (
    MACROS,
    Source,
    encoding_notices,
    imported_before,
    literal,
    lookup,
    open_csv,
    refuse_bad_rows,
    staging,
)
from trayecto.importers.tabular import normalise_header, read_table
from trayecto.warehouse import Warehouse, engine

SOURCE = "simat-estudiantes"
TABLE = "student_enrolment"
ROWS_SQL = Path(__file__).resolve().parent / "simat_students_rows.sql"

# Column -> accepted headers (normalised: lower case, no accents, `_` between words).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ano", "anio", "anno", "vigencia", "year"),
    "document_type": ("tipo_documento", "tipo_doc", "tipodoc", "document_type"),
    "document_number": ("numero_documento", "nro_documento", "num_documento", "documento"),
    "first_name": ("primer_nombre", "nombre1", "first_name"),
    "second_name": ("segundo_nombre", "nombre2", "second_name"),
    "first_surname": ("primer_apellido", "apellido1", "first_surname"),
    "second_surname": ("segundo_apellido", "apellido2", "second_surname"),
    "birth_date": ("fecha_nacimiento", "fecha_nac", "birth_date"),
    "sex": ("genero", "sexo", "sex"),
    "country": ("pais_origen", "pais", "nacionalidad", "country"),
    "sede_code": ("codigo_dane_sede", "cod_dane_sede", "codigo_sede", "sede_code"),
    "grade": ("grado", "cod_grado", "grade"),
    "status": ("estado", "status"),
    "result": ("resultado", "result"),
    "zone": ("zona", "zone"),
    "sector": ("sector",),
    "shift": ("jornada", "shift"),
}
OPTIONAL = ("zone", "sector", "shift")
# Columns whose values identify a student: never repeated in a problem, a log or an error.
IDENTIFYING = frozenset(
    {"document_number", "first_name", "second_name", "first_surname", "second_surname",
     "birth_date"}
)  # fmt: skip

COUNTRIES = {
    "col": "COL", "colombia": "COL", "colombiana": "COL", "co": "COL", "170": "COL",
    "ven": "VEN", "venezuela": "VEN", "venezolana": "VEN", "ve": "VEN", "862": "VEN",
}  # fmt: skip
STATUSES = {"matriculado": "matriculado", "retirado": "retirado", "trasladado": "trasladado"}
RESULTS = {"aprobado": "aprobado", "reprobado": "reprobado"}

MESSAGES = {
    "year:year": "year must be a four-digit year, e.g. 2025",
    "document_type:type": "the document type is missing or not a code such as RC, TI, CC, NES, PPT",
    "document_number:format": (
        "the document number must have 3 to 20 letters or digits (the value is not shown: "
        "it identifies the student)"
    ),
    "first_name:empty": "the first name is empty",
    "first_surname:empty": "the first surname is empty",
    "birth_date:date": (
        "the birth date must be YYYY-MM-DD or DD/MM/YYYY and a real date (the value is not "
        "shown: it identifies the student)"
    ),
    "birth_date:range": (
        "the birth date must be at least two years before the school year and after 1900 "
        "(the value is not shown)"
    ),
    "sex:sex": "sex must be F or M",
    "country:empty": "the country of origin is empty; write COL, VEN or the country",
    "sede_code:format": "must be the 12-digit DANE code of the sede",
    "sede_code:prefix": (
        "digits 2–6 ({prefix}) are not a known municipality code: check the sede code"
    ),
    "grade:grade": "not a MEN grade code; use one of " + ", ".join(str(g) for g in schools.GRADES),
    "status:status": "estado must be MATRICULADO, RETIRADO or TRASLADADO",
    "result:result": "resultado must be APROBADO, REPROBADO or empty",
    "zone:zone": "zone must be URBANA or RURAL",
    "sector:sector": "sector must be OFICIAL or NO OFICIAL",
}
# Warnings of one kind listed row by row up to this many (then one line says how many more).
LISTED_WARNINGS = 1000


@dataclass(frozen=True)
class ColumnMap:
    positions: dict[str, int]  # column -> its position in the header
    shown: dict[str, str]  # column -> header as the user wrote it

    def header(self, column: str) -> str:
        return self.shown.get(column, column)


def map_columns(path: Path, headers: list[str]) -> tuple[ColumnMap, list[Problem]]:
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    shown: dict[str, str] = {}
    warnings: list[Problem] = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in known and known[key] not in positions:
            positions[known[key]] = position
            shown[known[key]] = header
        elif key:
            # the column is not read, so its values go nowhere
            warnings.append(Problem(0, header, "", "unknown column, ignored", severity="warning"))
    missing = [c for c in COLUMNS if c not in positions and c not in OPTIONAL]
    if missing:
        expected = ", ".join(COLUMNS[c][0] for c in missing)
        raise FileProblem(str(path), f"missing required columns: {expected}")
    return ColumnMap(positions, shown), warnings


def _raw_view(source: Source, columns: ColumnMap, relation: str | None) -> str:
    """The `raw` view: one trimmed text column per known column, from the CSV (or from a
    workbook's rows registered in memory as `relation`). Only fixed fragments go into the
    text: this module's column names, positions, the delimiter and encoding picked from
    fixed pairs, and the path as a quoted literal (a view takes no parameters)."""
    names = [f"c{i}" for i in range(len(source.headers))]
    trimmed = ", ".join(f"coalesce(trim({n}), '') as {n}" for n in names)
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"'' as {column}"
        for column in COLUMNS
    )
    blank = " and ".join(f"{n} = ''" for n in names)
    if relation is not None:
        rows = relation
    else:
        types = ", ".join(f"'{name}': 'VARCHAR'" for name in names)
        delimiter = {";": ";", "\t": "\t"}.get(source.delimiter, ",")
        rows = (
            f"read_csv({literal(source.csv)}, delim = '{delimiter}', header = true, "
            f"auto_detect = false, columns = {{{types}}}, quote = '\"', escape = '\"', "
            f"null_padding = true, strict_mode = false, encoding = '{source.encoding}')"
        )
    return (
        f"create or replace view raw as select {known}, {blank} as blank "  # noqa: S608
        f"from (select {trimmed} from {rows})"
    )


def row_parameters(key: bytes) -> dict[str, object]:
    params: dict[str, object] = {"grades": sorted(schools.GRADES)}
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
    places: Places,
    key: bytes,
    relation: str | None = None,
) -> None:
    """Every row, checked and pseudonymised, into the table `staged` (file order)."""
    known = pa.table({"code": pa.array(sorted(places.names), pa.string())})
    con.register("known_municipality_list", known)
    engine.execute(
        con, "create or replace table known_municipality as from known_municipality_list"
    )
    sql = f"create or replace table staged as {ROWS_SQL.read_text(encoding='utf-8')}"
    encodings = ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]
    for encoding in encodings:
        source.encoding = encoding
        engine.execute(con, _raw_view(source, columns, relation))
        try:
            engine.execute(con, sql, row_parameters(key))
            return
        except duckdb.InvalidInputException as exc:
            if "utf-8" in str(exc).lower() and encoding == "utf-8":
                continue
            # DuckDB's message may quote the line: say where, never what it holds.
            raise FileProblem(
                str(source.csv.name), "cannot be read as CSV: check that it is a SIMAT export"
            ) from None
    raise FileProblem(str(source.csv.name), "cannot be read as CSV")


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


def row_problem(columns: ColumnMap, code: str, value: str, prefix: str | None) -> Problem:
    column = code.split(":")[0]
    shown = "" if column in IDENTIFYING else value
    return Problem(0, columns.header(column), shown, MESSAGES[code].format(prefix=prefix))


# The cross-row checks read every good row: written with `execute` (no read time limit, as
# every import statement), then only the few rows found are read back.
DUPLICATES_SQL = """
create temp table duplicate_row as
select r, first_r from (
    select rowid as r, min(rowid) over (
        partition by year, sede_code, student_id, link_id, document_type, birth_year,
        birth_month, sex, nationality, grade, status, result, zone, sector, shift
    ) as first_r
    from staged where problem is null and not blank
) where r > first_r
"""
TWO_SEDES_SQL = """
create temp table two_sedes_row as
with enrolled as (
    select rowid as r, year, student_id, sede_code from staged
    where problem is null and not blank and status = 'matriculado'
),
twice as (
    select year, student_id from enrolled group by all having count(distinct sede_code) > 1
)
select r, first_r from (
    select r, sede_code,
        first_value(r) over (partition by year, student_id order by r) as first_r,
        first_value(sede_code) over (partition by year, student_id order by r) as first_sede
    from enrolled join twice using (year, student_id)
) where r > first_r and sede_code <> first_sede
"""


def cross_row_warnings(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """Exact duplicates (counted once by the trajectory) and a student enrolled in two
    sedes at once: (row position, message with `{position}` of the other row)."""
    engine.execute(con, DUPLICATES_SQL)
    engine.execute(con, TWO_SEDES_SQL)
    limit = {"limit": LISTED_WARNINGS}
    found: list[tuple[int, str]] = [
        (r, f"the same row as line {{{first_r}}}: counted once")
        for r, first_r in engine.values(
            con, "select r, first_r from duplicate_row order by r limit $limit", limit
        )
    ]
    found += [
        (
            r,
            f"the same student is MATRICULADO at another sede on line {{{first_r}}}: "
            "the trajectory counts the last row; check which sede is right",
        )
        for r, first_r in engine.values(
            con, "select r, first_r from two_sedes_row order by r limit $limit", limit
        )
    ]
    return found


def _worded(
    source: Source, columns: ColumnMap, bad: list[tuple[int, Problem]], severity: str
) -> list[Problem]:
    """Problems with the line users see (and the lines they refer to) filled in."""
    wanted = {r for r, _ in bad}
    for _, p in bad:
        wanted |= {int(x) for x in re.findall(r"\{(\d+)\}", p.message)}
    lines = source.lines(wanted)
    return sorted(
        (
            Problem(
                lines[r],
                p.column,
                p.value,
                re.sub(r"\{(\d+)\}", lambda m: str(lines[int(m.group(1))]), p.message),
                severity,
            )
            for r, p in bad
        ),
        key=lambda p: p.row,
    )


def load(
    path: Path, warehouse: Warehouse, *, dry_run: bool = False, synthetic: bool = False
) -> ImportReport:
    """Check every row; publish `student_enrolment` only if no row is rejected.
    `synthetic` marks the rows `is_synthetic` (the demo's generated files, never real ones)."""
    report = ImportReport(SOURCE, dry_run=dry_run)
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
    vintage = file_vintage(path)
    if source is not None and not dry_run and is_unchanged(warehouse.manifest(), [TABLE], vintage):
        return _unchanged(report, warehouse, vintage)
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
        report.problems.extend(_worded(source, columns, bad, "error"))
        return refuse_bad_rows(report, path, rows_read, len(bad))
    warnings = cross_row_warnings(con)
    report.add(
        _worded(source, columns, [(r, Problem(0, "", "", m)) for r, m in warnings], "warning")
    )
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
    version = publish_school_tables(warehouse, incoming, {}, meta)
    return report.published(version, current_version=warehouse.manifest().version)


def _unchanged(report: ImportReport, warehouse: Warehouse, vintage: str) -> ImportReport:
    """The report of a file already imported, from the manifest alone."""
    rows = imported_before(warehouse, TABLE, vintage)
    report.rows_read = report.rows_imported = rows
    return report.published(None, current_version=warehouse.manifest().version)


def read_with_pseudonyms(
    path: Path, warehouse: Warehouse, key: bytes, con: duckdb.DuckDBPyConnection
) -> list[str]:
    """An ETC's own export, for `trayecto trajectory reidentify` on the ETC's machine: the
    rows as they are in the table `original` (c0, c1, … in file order) and, row for row,
    their checked and pseudonymised twin in `staged` (same key, same SQL as the import).
    `con` must be an in-memory connection: `original` holds names. Returns the headers."""
    places = load_places(warehouse, str(path))
    engine.execute(con, "set enable_progress_bar = false")
    for macro in MACROS:
        engine.execute(con, macro)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        source, relation = open_workbook(path, con)
    else:
        source = open_csv(path)
        names = [f"c{i}" for i in range(len(source.headers))]
        types = ", ".join(f"'{name}': 'VARCHAR'" for name in names)
        delimiter = {";": ";", "\t": "\t"}.get(source.delimiter, ",")
        for encoding in ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]:
            source.encoding = encoding
            try:
                engine.execute(
                    con,
                    "create or replace table csv_rows as select * from read_csv("  # noqa: S608
                    f"{literal(source.csv)}, delim = '{delimiter}', header = true, "
                    f"auto_detect = false, columns = {{{types}}}, quote = '\"', escape = '\"', "
                    "null_padding = true, strict_mode = false, "
                    f"encoding = '{encoding}', parallel = false)",
                )
                break
            except duckdb.InvalidInputException:
                if encoding != "utf-8":
                    raise FileProblem(path.name, "cannot be read as CSV") from None
        relation = "csv_rows"
    engine.execute(con, f"create table original as from {relation}")
    columns, _ = map_columns(path, source.headers)
    stage_rows(con, source, columns, places, key, "original")
    return source.headers
