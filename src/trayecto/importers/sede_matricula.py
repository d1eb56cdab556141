"""`sede-matricula`: enrolment by sede × grade × sex × age × nationality, as SIMAT exports it.

Format: docs/formats/sede-matricula.md. Counts only: a file with a column that looks like a
name or a document number is refused whole, before any row is read.

A national year is about 8.9 million rows, so no row becomes a Python object: DuckDB reads
the file (a workbook is first streamed to CSV through the safe reader, `tabular.read_table`),
types and checks every row in one pass into a staging table on disk
(`sede_matricula_rows.sql`), and only the bad rows come back to Python to be worded. The
staging is shared with `simat-estudiantes` (`staging.py`); the columns and their headers are
`sede_matricula_columns.py`, the bad rows' wording `sede_matricula_problems.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.bounds import SEDE_ROW_COUNT
from trayecto.domain.problems import FileProblem, ImportReport
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    Incoming,
    file_vintage,
    first_look,
)
from trayecto.importers.sede_matricula_columns import COLUMNS, ColumnMap, map_columns
from trayecto.importers.sede_matricula_problems import (
    ATTRIBUTES_DIFFER,
    cross_row_problems,
    row_problem,
)
from trayecto.importers.staging import (
    Source,
    encoding_notices,
    imported_before,
    literal,
    lookup,
    open_csv,
    open_workbook,
    refuse_bad_rows,
    staging,
    worded,
)
from trayecto.warehouse import Warehouse, engine

SOURCE = "sede-matricula"
ROWS_SQL = Path(__file__).resolve().parent / "sede_matricula_rows.sql"
FAST_SQL = Path(__file__).resolve().parent / "sede_matricula_fast.sql"
# The columns of `staged`: what the fast pass gives a row, and the rows SQL too (which
# gives the rows it checks their position `r` and the details of their problem besides).
STAGED_COLUMNS = (
    "blank", "problem", "year", "sede_code", "sede_name", "establishment_code",
    "municipality_code", "zone", "sector", "teachers", "grade", "sex", "age", "nationality",
    "enrolled", "withdrawn", "passed", "failed", "repeating",
)  # fmt: skip


def _cells_view(source: Source, columns: ColumnMap, *, parallel: bool) -> str:
    """The view `cells` the fast pass reads: the file's cells as text, as written (one
    column per known column, null when the file lacks it, and every column as c0, c1…).

    Only fixed fragments go into the text: column names of this module, positions, the
    delimiter and encoding picked from fixed pairs, and the path as a quoted literal (a
    view takes no parameters)."""
    names = [f"c{i}" for i in range(len(source.headers))]
    types = ", ".join(f"'{name}': 'VARCHAR'" for name in names)
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"null::varchar as {column}"
        for column in COLUMNS
    )
    delimiter = {";": ";", "\t": "\t"}.get(source.delimiter, ",")
    return (
        f"create or replace view cells as select {known}, * "  # noqa: S608
        f"from read_csv({literal(source.csv)}, "
        f"delim = '{delimiter}', header = true, auto_detect = false, columns = {{{types}}}, "
        "quote = '\"', escape = '\"', "
        f"null_padding = true, strict_mode = false, encoding = '{source.encoding}', "
        f"parallel = {str(parallel).lower()})"
    )


def _raw_view(source: Source, columns: ColumnMap) -> str:
    """The view `raw` sede_matricula_rows.sql reads: the rows the fast pass left, by their
    position, one trimmed text column per known column (spaces trimmed, as people type
    them; the wider set of whitespace cost DuckDB five times more)."""
    names = [f"c{i}" for i in range(len(source.headers))]
    trimmed = ", ".join(f"coalesce(trim({n}), '') as {n}" for n in names)
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"'' as {column}"
        for column in COLUMNS
    )
    blank = " and ".join(f"{n} = ''" for n in names)
    return (
        f"create or replace view raw as select r, {known}, {blank} as blank "  # noqa: S608
        f"from (select rowid as r, {trimmed} from staged where not fast)"
    )


def _exact(
    aliases: dict[str, str], key: Callable[[str], str] = str.lower
) -> tuple[list[str], list[str]]:
    """The spellings of `aliases` the fast pass takes as they are (as written, in capitals,
    capitalised), each with the value sede_matricula_rows.sql gives it (`key` is how it
    looks the cell up); any other spelling goes through the rows SQL."""
    found = {
        spelling: aliases[key(spelling)]
        for alias in aliases
        for spelling in (alias, alias.upper(), alias.capitalize(), alias.title())
        if spelling.isascii() and spelling == spelling.strip() and key(spelling) in aliases
    }
    return list(found), list(found.values())


def stage_rows(
    con: duckdb.DuckDBPyConnection, source: Source, columns: ColumnMap, places: Places
) -> int:
    """Every row of the file, typed and checked, into the table `staged` (file order).

    Two steps: the fast pass types the rows written the plain way (nearly all of a SIMAT
    export) with cheap exact tests; the rows it leaves, every bad row among them, are typed
    and checked cell by cell by the rows SQL, which gives each its first problem (the table
    `slow`, by position `r`, with the details its message needs). Returns how many rows
    the fast pass left."""
    known = pa.table({"code": pa.array(sorted(places.names), pa.string())})
    con.register("known_municipality_list", known)
    engine.execute(con, "create table known_municipality as from known_municipality_list")
    sexes, nationalities = _exact(schools.SEX_ALIASES), _exact(schools.NATIONALITY_ALIASES)
    zones = _exact(schools.ZONES)
    sectors = _exact(schools.SECTORS, lambda text: text.lower().replace("_", " "))
    fast_params = {
        "sex_keys": sexes[0], "sex_values": sexes[1],
        "nationality_keys": nationalities[0], "nationality_values": nationalities[1],
        "zone_keys": zones[0], "zone_values": zones[1],
        "sector_keys": sectors[0], "sector_values": sectors[1],
        "grades": sorted(schools.GRADES), "max_age": schools.MAX_AGE,
        "max_count": SEDE_ROW_COUNT.high,
    }  # fmt: skip
    # The file's cells are kept only on the rows left for the rows SQL.
    kept = ", ".join(
        f"case when fast then null else c{i} end as c{i}" for i in range(len(source.headers))
    )
    fast_sql = (
        "create or replace temp table staged as "  # noqa: S608
        f"select * replace ({kept}) from ({FAST_SQL.read_text(encoding='utf-8')})"
    )
    _read_file(con, source, columns, fast_sql, fast_params)
    [(left,)] = engine.values(con, "select count(*) from staged where not fast")
    if not left:
        return 0
    sexes, nationalities = lookup(schools.SEX_ALIASES), lookup(schools.NATIONALITY_ALIASES)
    zones, sectors = lookup(schools.ZONES), lookup(schools.SECTORS)
    params = {
        "sex_keys": sexes[0], "sex_values": sexes[1],
        "nationality_keys": nationalities[0], "nationality_values": nationalities[1],
        "zone_keys": zones[0], "zone_values": zones[1],
        "sector_keys": sectors[0], "sector_values": sectors[1],
        "grades": sorted(schools.GRADES), "max_age": schools.MAX_AGE,
        "max_count": SEDE_ROW_COUNT.high,
    }  # fmt: skip
    engine.execute(con, _raw_view(source, columns))
    engine.execute(con, f"create temp table slow as {ROWS_SQL.read_text(encoding='utf-8')}", params)
    assigned = ", ".join(f"{name} = slow.{name}" for name in STAGED_COLUMNS)
    engine.execute(
        con,
        f"update staged set {assigned} from slow where staged.rowid = slow.r",  # noqa: S608
    )
    return int(left)


def _read_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    columns: ColumnMap,
    sql: str,
    params: dict[str, object],
) -> None:
    """Run `sql` over the view `cells` of the file, read again as DuckDB's errors ask."""
    # DuckDB's parallel reader refuses short rows in a file with line breaks inside quotes,
    # and a Latin-1 byte may come after an ASCII header: then read again, as it says.
    encodings = ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]
    for encoding in encodings:
        source.encoding = encoding
        for parallel in (True, False):
            engine.execute(con, _cells_view(source, columns, parallel=parallel))
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
            left = stage_rows(con, source, columns, places)
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
    etc = pa.table(
        {
            "municipality_code": pa.array(list(places.etc_of), pa.string()),
            "etc_code": pa.array(list(places.etc_of.values()), pa.string()),
        }
    )
    con.register("etc_of", etc)
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
