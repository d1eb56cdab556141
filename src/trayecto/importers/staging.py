"""Large SIMAT files staged in DuckDB, shared by `sede-matricula` and `simat-estudiantes`.

A national year is millions of rows, so no row becomes a Python object: DuckDB reads the
file (`Source`: a CSV, or a workbook first streamed to one through the safe reader), types
and checks every row into a staging database on disk (`staging`, with bounded memory and
the number macros that read whole numbers as `importers/cells.py` does), and only the bad
rows come back to Python to be worded on the line users see. `refuse_bad_rows` and
`imported_before` end both imports the same way.
"""

from __future__ import annotations

import csv
import re
import shutil
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import files
from trayecto.importers.tabular import normalise_header, read_table
from trayecto.warehouse import Warehouse, engine

# DuckDB works within this and spills the rest to the staging folder on disk.
MEMORY_LIMIT = "1GB"


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
        engine.execute(con, f"set temp_directory = {literal(folder / 'spill')}")
        for macro in MACROS:
            engine.execute(con, macro)
        yield con, folder
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)


# What to do when a file cannot be read as CSV.
SIMAT_EXPORT_HINT = ": check that it is a SIMAT export"


def run_over_csv(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    view: Callable[[bool], str],
    sql: str,
    params: dict[str, object],
    *,
    quote_error: bool,
) -> None:
    """Run `sql` over the file, read again as DuckDB's errors ask: `view(parallel)` is the
    statement that creates the view `sql` reads. Raises FileProblem when the file cannot be
    read as CSV, with DuckDB's first line of explanation when `quote_error` (never for a
    file that holds names: DuckDB may quote the line)."""
    # DuckDB's parallel reader refuses short rows in a file with line breaks inside quotes,
    # and a Latin-1 byte may come after an ASCII header: then read again, as it says. Its
    # CSV errors are not all of one class: raised from a reading thread, a plain duckdb.Error.
    encodings = ["utf-8", "latin-1"] if source.encoding == "utf-8" else [source.encoding]
    for encoding in encodings:
        source.encoding = encoding
        for parallel in (True, False):
            engine.execute(con, view(parallel))
            try:
                engine.execute(con, sql, params)
                return
            except duckdb.Error as exc:
                text = str(exc)
                if not (isinstance(exc, duckdb.InvalidInputException) or "CSV Error" in text):
                    raise
                if "parallel" in text and parallel:
                    continue
                if "not utf-8" in text.lower() and encoding == "utf-8":
                    break
                detail = f" ({text.splitlines()[0]})" if quote_error else ""
                message = f"cannot be read as CSV{detail}{SIMAT_EXPORT_HINT}"
                raise FileProblem(source.csv.name, message) from None
    raise FileProblem(source.csv.name, f"cannot be read as CSV{SIMAT_EXPORT_HINT}")


# 5-digit DANE codes: the rows SQL look municipalities up in a bit string indexed by code
# rather than join a table, because DuckDB does not keep the rows' file order through a
# join when it reads a file in parallel, and a row's place in the file gives its line. A bit
# string rather than a list of booleans: DuckDB copies a constant list for every chunk of
# rows it indexes, which cost 2.9 s of CPU for a national year (docs/benchmarks.md).
MUNICIPALITY_CODES = 100_000

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
    # Whether a municipality code (a number; null when out of range) is one of `known_codes`.
    f"create macro is_known(bits, code) as case when code between 0 and {MUNICIPALITY_CODES - 1} "
    "then get_bit(bits::bit, code::integer) = 1 end",
    "create macro count_of(d) as case when is_digits(d) then "
    "case when length(d) <= 15 then d::bigint else 1000000000000000 end "
    "when is_digits(ungroup(d)) then "
    "case when length(ungroup(d)) <= 15 then ungroup(d)::bigint else 1000000000000000 end end",
)


def literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def read_cells(source: Source, *, parallel: bool = True) -> str:
    """`read_csv(…)` of the file's cells as text, as written (c0, c1…; null when empty).

    Only fixed fragments go into the text: positions, the delimiter and encoding picked
    from fixed pairs, and the path as a quoted literal (a view takes no parameters)."""
    types = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(source.headers)))
    delimiter = {";": ";", "\t": "\t"}.get(source.delimiter, ",")
    encoding = {"latin-1": "latin-1", "utf-16": "utf-16"}.get(source.encoding, "utf-8")
    return (
        f"read_csv({literal(source.csv)}, delim = '{delimiter}', header = true, "
        f"auto_detect = false, columns = {{{types}}}, quote = '\"', escape = '\"', "
        f"null_padding = true, strict_mode = false, encoding = '{encoding}', "
        f"parallel = {str(parallel).lower()})"
    )


def known_codes(codes: Iterable[str] | None) -> str:
    """`$known` of the rows SQL: one bit per 5-digit municipality code, read by the macro
    `is_known($known, code)`; every code is known when `codes` is None (an ETC's machine
    has no warehouse)."""
    known = bytearray((b"1" if codes is None else b"0") * MUNICIPALITY_CODES)
    for code in codes or ():
        if code.isdigit() and len(code) == 5:
            known[int(code)] = ord("1")
    return known.decode("ascii")


def lookup(aliases: dict[str, str]) -> tuple[list[str], list[str]]:
    return list(aliases), list(aliases.values())


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


def refuse_bad_rows(report: ImportReport, path: Path, rows_read: int, bad: int) -> ImportReport:
    """All or nothing: a file with a bad row (or no row) imports nothing; the Secretaría
    fixes the rows listed and sends the file again. The problems are already in `report`."""
    message = (
        f"{bad} rows have errors: nothing was imported; fix them and import the file again"
        if rows_read
        else "the file has no data rows"
    )
    report.problems.insert(0, Problem(0, "", path.name, message))
    report.rows_rejected = rows_read
    report.refused = True
    return report


def imported_before(warehouse: Warehouse, table: str, vintage: str) -> int:
    """How many rows the file of `vintage` gave `table` when it was imported (manifest only)."""
    return sum(
        part.meta["imports"][vintage]
        for part in warehouse.manifest().tables[table].partitions.values()
        if vintage in part.meta.get("imports", {})
    )


def worded(source: Source, bad: list[tuple[int, Problem]], severity: str) -> list[Problem]:
    """Problems of staged rows (by position) with the line users see filled in, and the
    lines their messages refer to (`{position}`)."""
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
