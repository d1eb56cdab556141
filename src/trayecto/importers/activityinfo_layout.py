"""Whether a 5W file is an ActivityInfo export (the GIFMM 5W v2 layout), told by its header
row alone, so the upload page sends it to the import that splits it by organisation
(web/response/services/activityinfo_imports.py) and any other file to the partner upload.

The layout is found exactly as the 5W reader finds it (`five_w.layout.find_layout` over the
first rows of each sheet); a file that cannot be read is not an ActivityInfo export, and the
5W reader then reports why.
"""

from __future__ import annotations

import csv
import io
from itertools import islice
from pathlib import Path

from trayecto.importers.files import decode_text
from trayecto.importers.five_w.layout import HEADER_SEARCH_ROWS, find_layout
from trayecto.importers.five_w.upload import check_upload
from trayecto.importers.five_w_profiles import GIFMM_EXPORT_V2
from trayecto.importers.workbooks import open_workbook

PROFILE = GIFMM_EXPORT_V2.name


def is_activityinfo(path: Path) -> bool:
    """True when the first sheet with a known 5W layout is in the GIFMM 5W v2 layout."""
    try:
        check_upload(path)
        for name, rows in _first_rows(path):
            layout = find_layout(name, rows)
            if layout is not None:
                return layout.profile.name == PROFILE
    except Exception:  # FileProblem, or calamine's own types: the 5W reader reports them
        return False
    return False


def _first_rows(path: Path) -> list[tuple[str, list[list[object]]]]:
    if path.suffix.lower() == ".csv":
        text = decode_text(path, path.read_bytes(), what="CSV", latin1=True).text
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        return [(path.stem, [list(r) for r in islice(reader, HEADER_SEARCH_ROWS)])]
    book = open_workbook(path)
    return [
        (sheet.name, [cells for _, cells in islice(book.rows(sheet), HEADER_SEARCH_ROWS)])
        for sheet in book.visible
    ]
