"""Read a CSV or XLSX file as header + rows of text, keeping the line number users see.

Every file goes through the same safe path: a workbook through `workbooks` (sizes checked
before any cell is read, the first visible sheet, the others reported), a CSV through the
encoding policy of `files.decode_text` (UTF-8 or UTF-16 by their marks, else UTF-8, else
Windows-1252/Latin-1 with a warning). What the reader noticed is returned in `notices`, for
the loader to add to its report.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers import workbooks
from trayecto.importers.files import decode_text, read_bytes

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class TextRow:
    line: int  # 1 = header line of a CSV / first row of a sheet
    values: dict[str, str]  # normalised header -> stripped text


@dataclass
class TabularFile:
    headers: list[str]  # as the user wrote them
    rows: Iterator[TextRow]
    notices: list[Problem] = field(default_factory=list)  # warnings: encoding, unread sheets


def normalise_header(text: str) -> str:
    """`Código DANE ` -> `codigo_dane`: lower case, no accents, words joined by `_`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(plain.lower().replace("%", " pct ").split())


def read_table(
    path: Path, *, sheet: str | None = None, limits: workbooks.Limits = workbooks.LIMITS
) -> TabularFile:
    """Headers, rows and notices of a CSV, or of a workbook's sheet `sheet` (default: the
    first visible one). Raises FileProblem when the file cannot be read whole."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileProblem(
            str(path), "old Excel workbooks (.xls) are not read: save it as .xlsx or CSV UTF-8"
        )
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, sheet, limits)
    return _read_csv(path)


def read_rows(path: Path) -> tuple[list[str], Iterator[TextRow]]:
    """Headers and rows, without the notices (prefer `read_table`, which reports them)."""
    table = read_table(path)
    return table.headers, table.rows


def _read_csv(path: Path) -> TabularFile:
    # SIMAT and Migración exports saved from Excel on Windows are Latin-1: accepted, said.
    decoded = decode_text(path, read_bytes(path, "a CSV file"), what="a CSV file", latin1=True)
    text = decoded.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileProblem(str(path), "the file is empty") from None
    keys = [normalise_header(h) for h in headers]

    def rows() -> Iterator[TextRow]:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            yield TextRow(
                line,
                {k: (record[i].strip() if i < len(record) else "") for i, k in enumerate(keys)},
            )

    notices = [decoded.notice] if decoded.notice else []
    return TabularFile(headers, rows(), notices)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 127001003453 and 5 as floats
    return str(value).strip()


def _read_workbook(path: Path, name: str | None, limits: workbooks.Limits) -> TabularFile:
    book = workbooks.open_workbook(path, limits)
    sheet = book.choose(name)
    numbered = book.rows(sheet)
    header = next(numbered, None)
    if header is None:
        raise FileProblem(str(path), f"the sheet {sheet.name!r} is empty")
    headers = [_cell_text(h) for h in header[1]]
    keys = [normalise_header(h) for h in headers]

    def rows() -> Iterator[TextRow]:
        for line, record in numbered:
            cells = [_cell_text(v) for v in record]
            if not any(cells):
                continue
            yield TextRow(
                line, {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys)}
            )

    return TabularFile(headers, rows(), book.notices)
