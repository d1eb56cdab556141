"""The 5W file itself, before any row: size and signature checked (`check_upload`), then the
CSV or every visible sheet read safely (`read_sheets`, through `workbooks` and the shared
encoding policy)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers.files import decode_text
from trayecto.importers.workbooks import open_workbook

MAX_BYTES = 20 * 1024 * 1024
CSV_WHAT = "un CSV con etiquetas HXL o un libro de Excel (.xlsx)"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm"}
TEMPLATE_LISTS_SHEET = "Listas"  # the template's hidden dropdown lists (five_w_template.py)


def check_upload(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Refuse files too large, and anything that is not really a spreadsheet or a CSV."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FileProblem(
            str(path.name),
            f"el archivo pesa {size / 1e6:.1f} MB; el máximo es {max_bytes / 1e6:.0f} MB",
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return  # its encoding is checked when it is read (read_sheets)
    if suffix not in SPREADSHEET_SUFFIXES:
        raise FileProblem(path.name, "suba un libro de Excel (.xlsx) o un CSV con etiquetas HXL")
    with path.open("rb") as fh:
        signature = fh.read(4)
    if signature != b"PK\x03\x04" or not zipfile.is_zipfile(path):
        raise FileProblem(path.name, "no es un libro de Excel válido (.xlsx): guárdelo de nuevo")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileProblem(path.name, "el .xlsx no contiene un libro de Excel")


def read_sheets(
    path: Path, notices: list[Problem] | None = None
) -> Iterator[tuple[str, list[list[Any]]]]:
    """The CSV, or every visible sheet of the workbook, read safely (`workbooks`: sizes
    checked first); an encoding fallback and the hidden sheets go in `notices`."""
    found = notices if notices is not None else []
    if path.suffix.lower() == ".csv":
        decoded = decode_text(path, path.read_bytes(), what=CSV_WHAT, latin1=True, language="es")
        found.extend([decoded.notice] if decoded.notice else [])
        text = io.StringIO(decoded.text.lstrip("\ufeff"), newline="")
        yield path.stem, [list(row) for row in csv.reader(text)]
        return
    book = open_workbook(path, language="es")
    book.report_unread(book.visible, expected={TEMPLATE_LISTS_SHEET})
    found.extend(book.notices)
    yield from book.grids(book.visible)
