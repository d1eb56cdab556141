"""Read a CSV or XLSX file as header + rows of text, keeping the line number users see."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trayecto.domain.problems import FileProblem


@dataclass(frozen=True)
class TextRow:
    line: int  # 1 = header line of a CSV / first row of a sheet
    values: dict[str, str]  # normalised header -> stripped text


def normalise_header(text: str) -> str:
    """`Código DANE ` -> `codigo_dane`: lower case, no accents, words joined by `_`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(plain.lower().replace("%", " pct ").split())


def read_rows(path: Path) -> tuple[list[str], Iterator[TextRow]]:
    """Original headers and the rows; a workbook is read from its first sheet."""
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        return _read_workbook(path)
    return _read_csv(path)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # SIMAT and Migración exports saved from Excel on Windows are Latin-1.
        return data.decode("latin-1")


def _read_csv(path: Path) -> tuple[list[str], Iterator[TextRow]]:
    text = _decode(path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
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

    return headers, rows()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 127001003453 and 5 as floats
    return str(value).strip()


def _read_workbook(path: Path) -> tuple[list[str], Iterator[TextRow]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileProblem(str(path), f"not a readable Excel workbook ({exc})") from exc
    if not sheet:
        raise FileProblem(str(path), "the first sheet is empty")
    headers = [_cell_text(h) for h in sheet[0]]
    keys = [normalise_header(h) for h in headers]

    def rows() -> Iterator[TextRow]:
        for line, record in enumerate(sheet[1:], start=2):
            cells = [_cell_text(v) for v in record]
            if not any(cells):
                continue
            yield TextRow(
                line, {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys)}
            )

    return headers, rows()
