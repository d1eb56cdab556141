"""`sede-matricula`: enrolment by sede × grade × sex × age × nationality, as SIMAT exports it.

Format: docs/formats/sede-matricula.md. Counts only: a file with a column that looks like a
name or a document number is refused whole, before any row is read.

A national year is about 8.9 million rows, so no row becomes a Python object: DuckDB reads
the file (a workbook is first streamed to CSV through the safe reader, `tabular.read_table`),
types and checks every row in one pass into a staging table on disk
(`sede_matricula_rows.sql`), and only the bad rows come back to Python to be worded.
"""

from __future__ import annotations

import csv
import re
import shutil
import uuid
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.bounds import SEDE_ROW_COUNT
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells, files
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    Incoming,
    file_vintage,
    is_unchanged,
)
from trayecto.importers.tabular import normalise_header, read_table
from trayecto.warehouse import Warehouse, engine

SOURCE = "sede-matricula"
ROWS_SQL = Path(__file__).resolve().parent / "sede_matricula_rows.sql"
# DuckDB works within this and spills the rest to the staging folder on disk.
MEMORY_LIMIT = "1GB"

# Column -> accepted headers (normalised: lower case, no accents, `_` between words).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ano", "anio", "anno", "anno_inf", "vigencia", "year"),
    "sede_code": ("codigo_dane_sede", "cod_dane_sede", "codigo_sede", "sede_code"),
    "sede_name": ("nombre_sede", "sede_name"),
    "establishment_code": (
        "codigo_dane_establecimiento",
        "cod_dane_establecimiento",
        "codigo_establecimiento",
        "establishment_code",
    ),
    "municipality_code": ("codigo_municipio", "cod_mpio", "municipality_code"),
    "zone": ("zona", "zone"),
    "sector": ("sector",),
    "teachers": ("docentes", "teachers"),
    "grade": ("grado", "cod_grado", "grade"),
    "sex": ("sexo", "sex"),
    "age": ("edad", "age"),
    "nationality": ("nacionalidad", "nationality"),
    "enrolled": ("matriculados", "enrolled"),
    "withdrawn": ("retirados", "withdrawn"),
    "passed": ("aprobados", "passed"),
    "failed": ("reprobados", "failed"),
    "repeating": ("repitentes", "repeating"),
}
REQUIRED = ("year", "sede_code", "grade", "sex", "age", "nationality", "enrolled")
SEDE_ATTRIBUTES = (
    "sede_name",
    "establishment_code",
    "municipality_code",
    "zone",
    "sector",
    "teachers",
)

# Names of places and institutions, not of people: ignored (with a warning), never refused.
NOT_PERSONAL = {
    "nombre_establecimiento",
    "nombre_municipio",
    "nombre_departamento",
    "nombre_etc",
    "nombre_secretaria",
}
# Headers that would carry personal data (names, document numbers, contacts, birth dates).
PERSONAL = re.compile(
    r"(apellido|nombre|documento|identificacion|cedula|nuip|tarjeta|nacimiento|direccion"
    r"|telefono|celular|correo|email|estudiante|alumno|acudiente|^doc(_|$)|_doc(_|$)|^id$"
    r"|_id$|^name$|first_name|last_name|surname|document|birth)"
)


@dataclass(frozen=True)
class ColumnMap:
    keys: dict[str, str]  # column -> normalised header in the rows
    shown: dict[str, str]  # column -> header as the user wrote it, for messages
    positions: dict[str, int]  # column -> its position in the header

    def header(self, column: str) -> str:
        return self.shown.get(column, column)


def map_columns(path: Path, headers: list[str]) -> tuple[ColumnMap, list[Problem]]:
    """Normalised header of each known column; refuses personal data and missing columns."""
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, str] = {}
    shown: dict[str, str] = {}
    positions: dict[str, int] = {}
    warnings: list[Problem] = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in known:
            mapping[known[key]] = key
            shown[known[key]] = header
            positions[known[key]] = position
        elif PERSONAL.search(key) and key not in NOT_PERSONAL:
            raise FileProblem(
                str(path),
                f"column {header!r} looks like personal data (names, document numbers, "
                "contacts). This format takes counts only: delete the column and export again.",
                column=header,
            )
        elif key:
            warnings.append(Problem(0, header, "", "unknown column, ignored", severity="warning"))
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        expected = ", ".join(COLUMNS[c][0] for c in missing)
        raise FileProblem(str(path), f"missing required columns: {expected}")
    return ColumnMap(mapping, shown, positions), warnings


class Source:
    """The file as DuckDB reads it: a CSV (a workbook is first written out as one)."""

    def __init__(self, csv_path: Path, headers: list[str], delimiter: str, encoding: str) -> None:
        self.csv, self.headers, self.delimiter, self.encoding = (
            csv_path,
            headers,
            delimiter,
            encoding,
        )
        self.sheet_lines: array[int] | None = None  # a workbook's row number of each data row
        self.notices: list[Problem] = []  # what the reader did that the user should know

    def lines(self, ordinals: set[int]) -> dict[int, int]:
        """The line users see of the data rows at these positions (0 = first data row).

        DuckDB skips empty lines, which the line numbers count: read the file again up to
        the last row asked for (only when some row has a problem)."""
        if self.sheet_lines is not None:
            return {k: self.sheet_lines[k] for k in ordinals}
        found: dict[int, int] = {}
        last, ordinal = max(ordinals, default=-1), 0
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        with open(self.csv, encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            next(reader, None)
            for line, record in enumerate(reader, start=2):
                if not record:
                    continue
                if ordinal in ordinals:
                    found[ordinal] = line
                if ordinal >= last:
                    break
                ordinal += 1
        return found


def open_csv(path: Path) -> Source:
    """Header, delimiter and encoding of a CSV, from its first line only (the encoding
    policy of importers/files.py: UTF-16 by its mark or zero bytes, UTF-8, else Latin-1
    with a warning once the rows are read)."""
    what = "a SIMAT export (CSV or XLSX)"
    try:
        with open(path, "rb") as fh:
            start = fh.read(1 << 20)
    except (FileNotFoundError, IsADirectoryError):
        raise FileProblem(str(path), f"file not found; expected {what}") from None
    files.refuse_binary(path, start, what=what)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in start[:4096]:
        # Excel's "Unicode text": UTF-16, tab-separated; DuckDB reads it as it is.
        text, encoding = start[: len(start) // 2 * 2].decode("utf-16", errors="ignore"), "utf-16"
        text = text.split("\n", 1)[0]
    else:
        first = start.split(b"\n", 1)[0]
        try:
            text, encoding = first.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            # SIMAT exports saved from Excel on Windows are Latin-1.
            text, encoding = first.decode("latin-1"), "latin-1"
    if not text.strip():
        raise FileProblem(str(path), "the file is empty")
    delimiter = max((";", ",", "\t"), key=text.count)
    headers = next(csv.reader([text.rstrip("\r")], delimiter=delimiter))
    return Source(path, headers, delimiter, encoding)


def open_workbook(path: Path, folder: Path) -> Source:
    """A workbook's first sheet, read by the safe reader and streamed to a CSV."""
    table = read_table(path)  # dimensions checked first; hidden sheets reported, not read
    headers, rows = table.headers, table.rows
    keys = [normalise_header(h) for h in headers]
    out = folder / "sheet.csv"
    lines: array[int] = array("q")
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.values.get(k, "") for k in keys])
            lines.append(row.line)
    source = Source(out, headers, ";", "utf-8")
    source.sheet_lines = lines
    source.notices = table.notices
    return source


@contextmanager
def staging(warehouse: Warehouse) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A DuckDB database on disk beside the warehouse, with bounded memory; removed after."""
    folder = warehouse.root / ".staging" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    con = duckdb.connect(str(folder / "staging.duckdb"))
    con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout (--json)
    try:
        engine.execute(con, f"set memory_limit = '{MEMORY_LIMIT}'")
        engine.execute(con, f"set temp_directory = {_literal(folder / 'spill')}")
        for macro in MACROS:
            engine.execute(con, macro)
        yield con, folder
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)


# Whole numbers are read as `importers/cells.py` reads them (docs/formats/limits.md):
# thousands grouped by `.` or `,` in threes (`1.234`, `1,234`), a zero fraction dropped.
GROUPED = "[0-9]{1,3}([.][0-9]{3})+|[0-9]{1,3}(,[0-9]{3})+"
# Most cells are plain digits: they are taken as they are before the dearer patterns are
# tried (the same result, 45 % less CPU for the checks; benchmarks/sede_matricula_import.py).
MACROS = (
    "create macro is_digits(t) as regexp_full_match(t, '[0-9]+')",
    "create macro drop_zero(t) as "  # Excel writes 12 as `12.0`; `1.000` is a thousand
    f"case when is_digits(t) then t when regexp_full_match(t, '{GROUPED}') then t "
    "else regexp_replace(t, '[.,]0+$', '') end",
    f"create macro ungroup(t) as case when regexp_full_match(t, '{GROUPED}') "
    "then regexp_replace(t, '[.,]', '', 'g') else t end",
    # A count (spaces and a zero fraction already dropped): digits, maybe grouped; very long
    # numbers become 10^15, above any bound, rather than overflow.
    "create macro count_of(d) as case when is_digits(d) then "
    "case when length(d) <= 15 then d::bigint else 1000000000000000 end "
    "when is_digits(ungroup(d)) then "
    "case when length(ungroup(d)) <= 15 then ungroup(d)::bigint else 1000000000000000 end end",
)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _raw_view(source: Source, columns: ColumnMap, *, parallel: bool) -> str:
    """The `raw` view the checks read: one trimmed text column per known column (spaces
    trimmed, as people type them; the wider set of whitespace cost DuckDB five times more).

    Only fixed fragments go into the text: column names of this module, positions, the
    delimiter and encoding picked from fixed pairs, and the path as a quoted literal (a
    view takes no parameters)."""
    names = [f"c{i}" for i in range(len(source.headers))]
    types = ", ".join(f"'{name}': 'VARCHAR'" for name in names)
    trimmed = ", ".join(f"coalesce(trim({n}), '') as {n}" for n in names)
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"'' as {column}"
        for column in COLUMNS
    )
    blank = " and ".join(f"{n} = ''" for n in names)
    delimiter = {";": ";", "\t": "\t"}.get(source.delimiter, ",")
    return (
        f"create or replace view raw as select {known}, {blank} as blank "  # noqa: S608
        f"from (select {trimmed} from read_csv({_literal(source.csv)}, "
        f"delim = '{delimiter}', header = true, auto_detect = false, columns = {{{types}}}, "
        "quote = '\"', escape = '\"', "
        f"null_padding = true, strict_mode = false, encoding = '{source.encoding}', "
        f"parallel = {str(parallel).lower()}))"
    )


def _lookup(aliases: dict[str, str]) -> tuple[list[str], list[str]]:
    return list(aliases), list(aliases.values())


def stage_rows(
    con: duckdb.DuckDBPyConnection, source: Source, columns: ColumnMap, places: Places, vintage: str
) -> None:
    """Every row of the file, typed and checked, into the table `staged` (file order)."""
    known = pa.table({"code": pa.array(sorted(places.names), pa.string())})
    con.register("known_municipality_list", known)
    engine.execute(con, "create table known_municipality as from known_municipality_list")
    sexes, nationalities = _lookup(schools.SEX_ALIASES), _lookup(schools.NATIONALITY_ALIASES)
    zones, sectors = _lookup(schools.ZONES), _lookup(schools.SECTORS)
    params = {
        "sex_keys": sexes[0], "sex_values": sexes[1],
        "nationality_keys": nationalities[0], "nationality_values": nationalities[1],
        "zone_keys": zones[0], "zone_values": zones[1],
        "sector_keys": sectors[0], "sector_values": sectors[1],
        "grades": sorted(schools.GRADES), "max_age": schools.MAX_AGE,
        "max_count": SEDE_ROW_COUNT.high,
        "source": SOURCE, "vintage": vintage,
    }  # fmt: skip
    sql = (
        "create table staged as select *, $source as source, $vintage as vintage, "  # noqa: S608
        f"false as is_synthetic from ({ROWS_SQL.read_text(encoding='utf-8')})"
    )
    # DuckDB's parallel reader refuses short rows in a file with line breaks inside quotes,
    # and a Latin-1 byte may come after an ASCII header: then read again, as it says.
    encodings = ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]
    for encoding in encodings:
        source.encoding = encoding
        for parallel in (True, False):
            engine.execute(con, _raw_view(source, columns, parallel=parallel))
            try:
                engine.execute(con, sql, params)
                return
            except duckdb.InvalidInputException as exc:
                text = str(exc)
                if "parallel" in text and parallel:
                    continue
                if "not utf-8" in text and encoding == "utf-8":
                    break
                first = text.splitlines()[0]
                raise FileProblem(str(source.csv), f"cannot be read as CSV ({first})") from None
    raise FileProblem(str(source.csv), "cannot be read as CSV")


# Problem code of the rows SQL -> message (values of the row filled in by `row_problem`).
MESSAGES = {
    "year:year": "year must be a four-digit year, e.g. 2025",
    "sede_code:format": "must be the 12-digit DANE code of the sede",
    "sede_code:prefix": (
        "digits 2–6 ({prefix}) are not a known municipality code: check the sede code"
    ),
    "municipality_code:format": "must be a 5-digit DIVIPOLA code",
    "municipality_code:unknown": "not a known municipality code",
    "grade:grade": "not a MEN grade code; use one of " + ", ".join(str(g) for g in schools.GRADES),
    "sex:sex": "sex must be F or M",
    "age:age": "age must be a whole number of years from 0 to 99",
    "nationality:nationality": "nationality must be COL, VEN or OTH",
    "count": "must be a whole number ≥ 0",
    "enrolled:outcomes": (
        "withdrawn + passed + failed = {outcomes} is more than the {enrolled} enrolled on this row"
    ),
    "repeating:more": "more repeating students than enrolled on this row",
    "zone:zone": "zone must be URBANA or RURAL",
    "sector:sector": "sector must be OFICIAL or NO OFICIAL",
    "establishment_code:format": "must be a 12-digit DANE code",
}


def _number(text: str) -> float:
    try:
        return float(cells.parse_integer(text))
    except cells.CellError:
        return float(SEDE_ROW_COUNT.high + 1)


def row_problem(
    line: int,
    columns: ColumnMap,
    code: str,
    value: str,
    outcomes: int | None,
    enrolled: int | None,
    prefix: str | None,
) -> Problem:
    column, check = code.split(":")
    if check == "bound":  # the one plausibility bound of domain/bounds.py, worded there
        return Problem(
            line, columns.header(column), value, SEDE_ROW_COUNT.refusal(_number(value)) or ""
        )
    template = MESSAGES.get(code) or MESSAGES[check]
    message = template.format(prefix=prefix, outcomes=outcomes, enrolled=enrolled)
    return Problem(line, columns.header(column), value or "", message)


DUPLICATES_SQL = """
with good as (
    select rowid as r, * from staged where problem is null and not blank
),
first_row as (select year, sede_code, min(r) as first_r from good group by all),
compared as (
    select g.r, g.year, g.sede_code, g.grade, g.sex, g.age, g.nationality,
        [g.sede_name, g.establishment_code, g.municipality_code, g.zone, g.sector,
         g.teachers::varchar] as attributes,
        [f.sede_name, f.establishment_code, f.municipality_code, f.zone, f.sector,
         f.teachers::varchar] as first_attributes,
        f.r as first_r
    from good g join first_row using (year, sede_code) join good f on f.r = first_row.first_r
),
accepted_first as (
    select year, sede_code, grade, sex, age, nationality, min(r) as accepted_r
    from compared where attributes is not distinct from first_attributes group by all
)
select c.r, a.accepted_r, c.first_r, c.attributes, c.first_attributes
from compared c left join accepted_first a using (year, sede_code, grade, sex, age, nationality)
where a.accepted_r < c.r or c.attributes is distinct from c.first_attributes
order by c.r
"""

SEDES_SQL = """
create table incoming_sede as
select year, sede_code, min(sede_name) as sede_name,
    min(establishment_code) as establishment_code, min(municipality_code) as municipality_code,
    min(etc_code) as etc_code, min(zone) as zone, min(sector) as sector,
    min(teachers) as teachers, sum(enrolled)::bigint as enrolment,
    min(source) as source, min(vintage) as vintage, false as is_synthetic,
    -- a sede-year whose rows disagree on an attribute (listed row by row when so)
    bool_or(differs) as differs
from (
    select s.*, e.etc_code, false as differs from staged s
    left join etc_of e using (municipality_code)
    where problem is null and not blank
)
group by year, sede_code
"""
ATTRIBUTES_DIFFER = " or ".join(
    f"(count({a}) > 0 and count({a}) < count(*)) or min({a}) <> max({a})" for a in SEDE_ATTRIBUTES
)


def cross_row_problems(
    con: duckdb.DuckDBPyConnection, columns: ColumnMap
) -> list[tuple[int, Problem]]:
    """Rows repeating a cell, or disagreeing with the first row of their sede-year on an
    attribute: the same outcome as reading the rows one by one, computed only when the
    cheap counts say there are some. Returns (row position, problem with line to fill)."""
    [(repeated,)] = engine.values(
        con,
        "select count(*) from (select 1 from staged where problem is null and not blank "
        "group by year, sede_code, grade, sex, age, nationality having count(*) > 1)",
    )
    [(differing,)] = engine.values(
        con,
        f"select count(*) from (select 1 from staged where problem is null and not blank "  # noqa: S608
        f"group by year, sede_code having {ATTRIBUTES_DIFFER})",
    )
    if not repeated and not differing:
        return []
    found: list[tuple[int, Problem]] = []
    for r, accepted_r, first_r, attributes, first_attributes in engine.values(con, DUPLICATES_SQL):
        if accepted_r is not None and accepted_r < r:
            found.append(
                (
                    r,
                    Problem(
                        0,
                        "",
                        "",
                        "same sede, year, grade, sex, age and nationality as line "
                        f"{{{accepted_r}}}: merge the two rows into one",
                    ),
                )
            )
            continue
        i = next(
            i for i, (a, b) in enumerate(zip(attributes, first_attributes, strict=True)) if a != b
        )
        name = SEDE_ATTRIBUTES[i]
        first = first_attributes[i]
        shown = int(first) if name == "teachers" and first is not None else first
        found.append(
            (
                r,
                Problem(
                    0,
                    columns.header(name),
                    str(attributes[i] or ""),
                    f"line {{{first_r}}} gives {shown!r} for this sede and year: "
                    "one sede has one value",
                ),
            )
        )
    return found


def encoding_notices(path: Path, source: Source) -> list[Problem]:
    """The encoding policy's warning when the file was not UTF-8 (files.TEXT_MESSAGES)."""
    say = files.TEXT_MESSAGES["en"]
    if source.encoding == "utf-16":
        return [Problem(0, "", path.name, say["utf16"], "warning")]
    if source.encoding == "latin-1":
        message = (
            "the file is not UTF-8: it was read as Windows-1252/Latin-1; check that accented "
            "names (Cúcuta, Nariño) look right, or save it as 'CSV UTF-8'"
        )
        return [Problem(0, "", path.name, message, "warning")]
    return []


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """Validate every row; publish `sede` and `sede_enrolment` only if no row is rejected."""
    report = ImportReport(SOURCE, dry_run=dry_run)
    workbook = path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}
    try:
        places = load_places(warehouse, str(path))
        source = None if workbook else open_csv(path)
        if source is not None:
            columns, warnings = map_columns(path, source.headers)
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return report
    vintage = file_vintage(path)
    if source is not None:
        report.add(warnings)
        if not dry_run and is_unchanged(warehouse.manifest(), ["sede", "sede_enrolment"], vintage):
            return _unchanged(report, warehouse, vintage)
    with staging(warehouse) as (con, folder):
        try:
            if source is None:
                source = open_workbook(path, folder)
                columns, warnings = map_columns(path, source.headers)
                report.add(warnings)
            stage_rows(con, source, columns, places, vintage)
            report.add([*source.notices, *encoding_notices(path, source)])
        except FileProblem as exc:
            report.refused = True
            report.problems.append(exc.problem)
            return report
        return _validated(report, warehouse, con, source, columns, places, path, vintage)


def _validated(
    report: ImportReport,
    warehouse: Warehouse,
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: ColumnMap,
    places: Places,
    path: Path,
    vintage: str,
) -> ImportReport:
    [(rows_read,)] = engine.values(con, "select count(*) from staged where not blank")
    report.rows_read = rows_read
    bad = [
        (r, row_problem(0, columns, code, value, outcomes, enrolled, prefix))
        for r, code, value, outcomes, enrolled, prefix in engine.values(
            con,
            "select rowid, problem, problem_value, problem_outcomes, problem_enrolled, "
            "problem_prefix from staged where problem is not null order by rowid",
        )
    ]
    bad += cross_row_problems(con, columns)
    if bad or not rows_read:
        wanted = {r for r, _ in bad}
        for problem_text in bad:
            wanted |= {int(x) for x in re.findall(r"\{(\d+)\}", problem_text[1].message)}
        lines = source.lines(wanted)
        problems = sorted(
            (
                Problem(
                    lines[r],
                    p.column,
                    p.value,
                    re.sub(r"\{(\d+)\}", lambda m: str(lines[int(m.group(1))]), p.message),
                )
                for r, p in bad
            ),
            key=lambda p: p.row,
        )
        report.problems.extend(problems)
        # All or nothing: a Secretaría fixes the listed rows and sends the file again.
        report.refused = True
        message = (
            f"{len(bad)} rows have errors: nothing was imported; fix them and import the file again"
            if rows_read
            else "the file has no data rows"
        )
        report.problems.insert(0, Problem(0, "", path.name, message))
        report.rows_rejected = rows_read
        return report
    report.rows_imported = rows_read
    etc = pa.table(
        {
            "municipality_code": pa.array(list(places.etc_of), pa.string()),
            "etc_code": pa.array(list(places.etc_of.values()), pa.string()),
        }
    )
    con.register("etc_of", etc)
    engine.execute(con, SEDES_SQL)
    [(sedes, years)] = engine.values(
        con, "select count(*), list(distinct year order by year) from incoming_sede"
    )
    report.details = {"sedes": sedes, "years": list(years)}
    if report.dry_run:
        return report
    engine.execute(
        con, "create view incoming_sede_enrolment as select * from staged where not blank"
    )
    incoming = Incoming(
        con, {"sede": "incoming_sede", "sede_enrolment": "incoming_sede_enrolment"}, vintage
    )
    meta = {"source": SOURCE, "vintage": vintage, "file": path.name}
    return finish(report, warehouse, Merge(meta=meta, incoming=incoming), dry_run=False)


def _unchanged(report: ImportReport, warehouse: Warehouse, vintage: str) -> ImportReport:
    """The report of a file already imported, from the manifest alone."""
    tables = warehouse.manifest().tables
    rows = sum(
        part.meta["imports"][vintage]
        for part in tables["sede_enrolment"].partitions.values()
        if vintage in part.meta.get("imports", {})
    )
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
