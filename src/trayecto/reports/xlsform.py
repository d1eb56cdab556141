"""An XLSForm workbook as KoboToolbox and ODK load it (sheets `survey`, `choices`,
`settings`; labels in Spanish and English), written from one dict per row. Each form keeps
its questions in its own module (five_w_form.py, damage_assessment_form.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

import xlsxwriter

ES, EN = "Español (es)", "English (en)"
CHOICE_COLUMNS = ("list_name", "name", f"label::{ES}", f"label::{EN}", "departamento")
COUNT_CONSTRAINT = (". >= 0", "Un número entero desde 0", "A whole number from 0")
Rows = Sequence[dict[str, str]]


def write_xlsform(
    target: Path | IO[bytes],
    *,
    survey_columns: Sequence[str],
    survey: Rows,
    choices: Rows,
    title: str,
    form_id: str,
    version: str,
) -> None:
    """Write the three sheets: `survey` and `choices` with the columns named (a key a row
    lacks, or leaves empty, is a blank cell); `settings` with Spanish as the default
    language. Kobo and ODK Central ask for a new `version` on each redeploy."""
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    for sheet_name, columns, rows in (
        ("survey", survey_columns, survey),
        ("choices", CHOICE_COLUMNS, choices),
    ):
        sheet = book.add_worksheet(sheet_name)
        sheet.set_column(0, len(columns) - 1, 18, text)  # codes stay text: "05", "05001"
        for col, name in enumerate(columns):
            sheet.write_string(0, col, name, bold)
        for row, values in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                if values.get(name):
                    sheet.write_string(row, col, values[name])
        sheet.freeze_panes(1, 0)
    sheet = book.add_worksheet("settings")
    settings = (
        ("form_title", title),
        ("form_id", form_id),
        ("version", version),
        ("default_language", ES),
    )
    for col, (name, value) in enumerate(settings):
        sheet.write_string(0, col, name, bold)
        sheet.write_string(1, col, value)
    book.close()
