"""`sede-matricula`'s rows typed and checked in DuckDB, as the view `staged` (by position `r`).

Two steps. The fast pass (`sede_matricula_fast.sql`) reads the file and types the rows
written the plain way, nearly all of a SIMAT export, by cheap exact tests: a number read
back as text is the cell itself, a word is one of the accepted spellings. The rows it
leaves, every bad row among them, are read again from the file and checked cell by cell
(`sede_matricula_rows.sql`, with the string functions that read `12.0`, `1.234` or ` f`),
which gives each its first problem. Cutting the string functions from nearly every row
about halved the CPU of the checks (docs/benchmarks.md). No join runs while the rows are
staged: a row's position `r` is its place in the file, which gives its line, and DuckDB
does not keep the order through a join when it reads a file in parallel.

The fast pass writes its rows to a Parquet file in the staging folder rather than to a
table of the staging database: the same rows for a quarter less CPU (a national year:
8.8 s against 11.6 s), and later steps read it as fast. A file cannot be updated, so the
rows the rows SQL types replace the fast pass's in the view `staged`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from trayecto.domain import schools
from trayecto.domain.bounds import SEDE_ROW_COUNT
from trayecto.importers.school_places import Places
from trayecto.importers.sede_matricula_columns import COLUMNS, ColumnMap
from trayecto.importers.staging import (
    Source,
    known_codes,
    literal,
    lookup,
    read_cells,
    run_over_csv,
)
from trayecto.warehouse import engine

ROWS_SQL = Path(__file__).resolve().parent / "sede_matricula_rows.sql"
FAST_SQL = Path(__file__).resolve().parent / "sede_matricula_fast.sql"
# The columns of `staged` besides `r` and `fast`: what the fast pass gives a row, and the
# rows SQL too (which gives the rows it checks the details of their problem besides).
STAGED_COLUMNS = (
    "blank", "problem", "year", "sede_code", "sede_name", "establishment_code",
    "municipality_code", "zone", "sector", "teachers", "grade", "sex", "age", "nationality",
    "enrolled", "withdrawn", "passed", "failed", "repeating",
)  # fmt: skip


def _cells_view(source: Source, columns: ColumnMap, *, parallel: bool) -> str:
    """The view `cells` the fast pass reads: the file's cells as text, as written (one
    column per known column, null when the file lacks it, and every column as c0, c1…)."""
    known = ", ".join(
        f"c{columns.positions[column]} as {column}"
        if column in columns.positions
        else f"null::varchar as {column}"
        for column in COLUMNS
    )
    return (
        f"create or replace view cells as select {known}, * "  # noqa: S608
        f"from {read_cells(source, parallel=parallel)}"
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
        f"from (select rowid as r, {trimmed} from file_cells "
        "where rowid in (select r from fast_rows where not fast))"
    )


Spellings = tuple[list[str], list[str]]  # accepted spellings, and the value of each


def _exact(aliases: dict[str, str], key: Callable[[str], str] = str.lower) -> Spellings:
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


def _parameters(
    sexes: Spellings, nationalities: Spellings, zones: Spellings, sectors: Spellings
) -> dict[str, object]:
    """The parameters of the fast pass and of the rows SQL: the same bounds, and each
    column's spellings as that step looks them up."""
    return {
        "sex_keys": sexes[0], "sex_values": sexes[1],
        "nationality_keys": nationalities[0], "nationality_values": nationalities[1],
        "zone_keys": zones[0], "zone_values": zones[1],
        "sector_keys": sectors[0], "sector_values": sectors[1],
        "grades": sorted(schools.GRADES), "max_age": schools.MAX_AGE,
        "max_count": SEDE_ROW_COUNT.high,
    }  # fmt: skip


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    source: Source,
    columns: ColumnMap,
    places: Places,
) -> int:
    """Every row of the file, typed and checked, as the view `staged` (`r` its position in
    the file, 0 for the first row; `folder` the staging folder its file is written in).

    Two steps: the fast pass types the rows written the plain way (nearly all of a SIMAT
    export) with cheap exact tests; the rows it leaves, every bad row among them, are typed
    and checked cell by cell by the rows SQL, which gives each its first problem (the table
    `slow`, by position `r`, with the details its message needs). Returns how many rows
    the fast pass left."""
    fast_file = literal(folder / "fast_rows.parquet")
    fast_sql = f"copy ({FAST_SQL.read_text(encoding='utf-8')}) to {fast_file} (format parquet)"
    known = known_codes(places.names)
    fast_params = _parameters(
        _exact(schools.SEX_ALIASES),
        _exact(schools.NATIONALITY_ALIASES),
        _exact(schools.ZONES),
        _exact(schools.SECTORS, lambda text: text.lower().replace("_", " ")),
    )
    run_over_csv(
        con,
        source,
        lambda parallel: _cells_view(source, columns, parallel=parallel),
        fast_sql,
        {**fast_params, "known": known},
        quote_error=True,
    )
    fields = ", ".join(STAGED_COLUMNS)
    engine.execute(
        con,
        "create or replace view fast_rows as select file_row_number as r, fast, "  # noqa: S608
        f"{fields} from read_parquet({fast_file}, file_row_number = true)",
    )
    [(left,)] = engine.values(con, "select count(*) from fast_rows where not fast")
    if not left:
        engine.execute(con, "create or replace view staged as from fast_rows")
        return 0
    # The cells of the rows left, by position: the file read again (the view `cells` reads
    # it as the fast pass did), rather than every row's cells kept in `staged` for a few.
    engine.execute(con, "create temp table file_cells as select columns('^c[0-9]+$') from cells")
    params = _parameters(
        lookup(schools.SEX_ALIASES),
        lookup(schools.NATIONALITY_ALIASES),
        lookup(schools.ZONES),
        lookup(schools.SECTORS),
    )
    engine.execute(con, _raw_view(source, columns))
    engine.execute(
        con,
        f"create temp table slow as {ROWS_SQL.read_text(encoding='utf-8')}",
        {**params, "known": known},
    )
    engine.execute(
        con,
        f"create or replace view staged as select r, fast, {fields} from fast_rows "  # noqa: S608
        f"where fast union all select r, false as fast, {fields} from slow",
    )
    return int(left)
