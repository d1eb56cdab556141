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
    comments = [c.value for c in sheet[1]].index("Comentarios")
    assert sheet.cell(3, comments + 1).value.startswith("'=HYPERLINK")
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


def test_the_export_carries_names_sex_age_group_disability_and_ethnicity(tmp_path: Path) -> None:
    line = {
        "org": "nrc", "org_name": "NRC", "municipality": "81001", "municipality_name": "Arauca",
        "population_group": "transito",
        "population_group_name": "Refugiados y migrantes en tránsito",
        "cells": {"f:6-11": 6, "m:6-11": 4}, "of_which": {"discapacidad": 1, "indigena": 2},
    }  # fmt: skip
    sheet = openpyxl.load_workbook(write_lines_xlsx(tmp_path / "5w.xlsx", [line])).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert values["Nuevos mujeres 6-11"] == 6
    assert values["Nuevos hombres 6-11"] == 4
    assert values["Municipio"] == "Arauca"
    assert values["De los cuales: con discapacidad"] == 1
    assert values["De los cuales: indígenas"] == 2
    assert values["Grupo poblacional (nombre)"] == "Refugiados y migrantes en tránsito"
    text = lines_hxl_csv([line])
    path = tmp_path / "5w.csv"
    path.write_text(text, encoding="utf-8")
    data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    assert "#reached+new+f+age6_11" in data.display_tags
