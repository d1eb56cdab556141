"""Any list of a page as an XLSX sheet: a title row, bold headers and one row per item.

Text cells go through `neutralise`, so a name typed as a formula arrives as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from trayecto.reports.spreadsheet_cells import neutralise

SHEET_NAME_LIMIT = 31  # Excel's limit on a sheet name


def write_table_xlsx(
    out: Path | IO[bytes],
    *,
    sheet: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> Path | IO[bytes]:
    workbook = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "in_memory": True,
            "remove_timezone": True,
        },
    )
    worksheet = workbook.add_worksheet(sheet[:SHEET_NAME_LIMIT])
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    worksheet.write(0, 0, title, bold)
    worksheet.write_row(2, 0, list(headers), bold)
    for i, row in enumerate(rows, start=3):
        for j, value in enumerate(row):
            if hasattr(value, "isoformat") and not isinstance(value, str):
                worksheet.write_datetime(i, j, value, dates)
            elif value is None:
                worksheet.write_blank(i, j, None)
            else:
                worksheet.write(i, j, neutralise(value))
    worksheet.set_column(0, max(len(headers) - 1, 0), 22)
    worksheet.freeze_panes(3, 0)
    workbook.close()
    return out
