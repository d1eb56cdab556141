"""An action plan as the workbook the import reads (docs/formats/action-plan.md), plus a
sheet of every dated progress update."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from trayecto.domain.action_plan_layout import COLUMNS, SHEET, UPDATES_SHEET
from trayecto.reports.spreadsheet_cells import neutralise

UPDATE_HEADERS = ("Código", "Fecha", "Valor", "Nota")


def write_action_plan_xlsx(
    out: Path | IO[bytes],
    *,
    actions: Iterable[Mapping[str, Any]],
    updates: Iterable[tuple[str, Any, float, str]],
) -> Path | IO[bytes]:
    """`actions`: one mapping per action with the layout's fields (dates as dates);
    `updates`: (action code, date, value, note)."""
    workbook = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_row(0, 0, [header for _, header, _ in COLUMNS], bold)
    for i, action in enumerate(actions, start=1):
        for j, (field, _, _) in enumerate(COLUMNS):
            value = action.get(field)
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat"):
                sheet.write_datetime(i, j, value, day)
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value)
            else:
                # codes stay text, so 08 keeps its zero
                sheet.write_string(i, j, str(neutralise(value)))
    sheet.set_column(0, len(COLUMNS) - 1, 18)
    sheet.freeze_panes(1, 2)
    history = workbook.add_worksheet(UPDATES_SHEET)
    history.write_row(0, 0, UPDATE_HEADERS, bold)
    for i, (code, on, value, note) in enumerate(updates, start=1):
        history.write_string(i, 0, code)
        history.write_datetime(i, 1, on, day)
        history.write_number(i, 2, value)
        history.write_string(i, 3, str(neutralise(note)))
    workbook.close()
    return out
