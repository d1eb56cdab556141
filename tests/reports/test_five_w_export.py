"""Exports: XLSX and HXL CSV, with formula-like text made inert."""

from __future__ import annotations

from pathlib import Path

import hxl
import openpyxl

from trayecto.reports.five_w_export import lines_hxl_csv, neutralise, write_lines_xlsx

LINES = [
    {"org": "nrc", "month": "2026-03", "municipality": "81001", "activity": "EDU-04",
     "beneficiaries": 10, "comments": "=HYPERLINK(\"http://example.invalid\",\"clic\")"},
    {"org": "@evil", "month": "2026-03", "municipality": "81065", "activity": "-2+3",
     "beneficiaries": 5, "comments": "normal"},
]  # fmt: skip


def test_formula_like_text_is_neutralised_and_numbers_are_kept() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+57 300") == "'+57 300"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("normal") == "normal"
    assert neutralise(-3) == -3


def test_the_xlsx_export_contains_no_formula(tmp_path: Path) -> None:
    path = write_lines_xlsx(tmp_path / "5w.xlsx", LINES)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["O3"].value.startswith("'=HYPERLINK")
    assert sheet["A4"].value == "'@evil"
    assert sheet["J3"].value == 10
    assert sheet["A2"].value == "#org+code"


def test_the_csv_export_is_valid_hxl(tmp_path: Path) -> None:
    text = lines_hxl_csv(LINES)
    path = tmp_path / "5w.csv"
    path.write_text(text, encoding="utf-8")
    data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    assert "#adm2+code" in data.display_tags
    assert [row.get("#adm2+code") for row in data] == ["81001", "81065"]
    assert "'-2+3" in text
