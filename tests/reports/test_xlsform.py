"""The XLSForm writer both forms share: the sheets Kobo and ODK read, codes kept as text."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from trayecto.reports.xlsform import CHOICE_COLUMNS, ES, write_xlsform


def test_the_sheets_hold_the_rows_with_codes_as_text_and_spanish_by_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "form.xlsx"
    write_xlsform(
        path,
        survey_columns=("type", "name", "required"),
        survey=[{"type": "text", "name": "sede", "required": ""}, {"type": "end_repeat"}],
        choices=[{"list_name": "municipio", "name": "05001", "departamento": "05"}],
        title="Formulario",
        form_id="f",
        version="1",
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].iter_rows(values_only=True))
    assert survey == [("type", "name", "required"), ("text", "sede", None),
                      ("end_repeat", None, None)]  # fmt: skip
    choices = list(book["choices"].iter_rows(values_only=True))
    assert choices[0] == CHOICE_COLUMNS
    assert choices[1] == ("municipio", "05001", None, None, "05")  # "05001", not 5001
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings == [("form_title", "form_id", "version", "default_language"),
                        ("Formulario", "f", "1", ES)]  # fmt: skip
