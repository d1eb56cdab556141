"""The 5W template read back with openpyxl: sheets, dropdowns, hidden HXL row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from trayecto.domain.five_w_layout import HXL_ROW, TEMPLATE_COLUMNS
from trayecto.domain.geography import Municipality
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.reports.five_w_template import write_five_w_template


@pytest.fixture(scope="module")
def municipalities(shared_data: Path) -> list[Municipality]:
    folder = shared_data / "divipola"
    return municipalities_from_divipola(next(folder.glob("DIVIPOLA*.csv")))


def test_the_template_has_instructions_dropdowns_and_a_hidden_hxl_row(
    tmp_path: Path, municipalities: list[Municipality]
) -> None:
    out = write_five_w_template(
        tmp_path / "5w.xlsx", period="2026-03", org_code="nrc", municipalities=municipalities
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Instrucciones", "5W", "Listas"]
    assert wb["Listas"].sheet_state == "hidden"
    sheet = wb["5W"]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header_es for c in TEMPLATE_COLUMNS]
    assert [c.value for c in sheet[HXL_ROW]] == [c.hxl for c in TEMPLATE_COLUMNS]
    assert sheet.row_dimensions[HXL_ROW].hidden
    instructions = " ".join(str(c.value) for row in wb["Instrucciones"] for c in row if c.value)
    assert "12 dígitos" in instructions
    assert "12-digit" in instructions

    letter = {
        c.field: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(TEMPLATE_COLUMNS)
    }
    validations = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    for field in ("department", "municipality", "activity", "population_group"):
        dv = validations[f"{letter[field]}3"]
        assert dv.type == "list"
        assert dv.formula1.startswith("Listas!")
    assert validations[f"{letter['sede']}3"].type == "textLength"
    assert validations[f"{letter['beneficiaries']}3"].type == "whole"

    lists = wb["Listas"]
    municipios = [c.value for c in lists["B"][1:] if c.value]
    assert len(municipios) == len(municipalities) == 1121
    assert "05001 - Medellín (Antioquia)" in municipios
    assert "81001 - Arauca (Arauca)" in municipios
    departamentos = [c.value for c in lists["A"][1:] if c.value]
    assert len(departamentos) == 33
    assert departamentos[0] == "05 - Antioquia"
    assert sheet["A3"].value == "nrc"
    assert sheet["B3"].value == "2026-03"


def test_prefilled_codes_are_written_as_the_dropdowns_write_them(
    tmp_path: Path, municipalities: list[Municipality]
) -> None:
    from trayecto.domain.five_w_layout import FIRST_DATA_ROW

    out = write_five_w_template(
        tmp_path / "5w.xlsx", period="2026-04", org_code="nrc", municipalities=municipalities,
        prefill=[{"municipality": "54520", "activity": "EDU-04", "beneficiary_type": "Recurrente"}],
    )  # fmt: skip
    sheet = openpyxl.load_workbook(out)["5W"]
    row = {c.field: sheet.cell(FIRST_DATA_ROW, i + 1).value for i, c in enumerate(TEMPLATE_COLUMNS)}
    assert row["municipality"] == "54520 - Pamplonita (Norte de Santander)"
    assert row["department"] == "54 - Norte de Santander"
    assert row["activity"] == "EDU-04 - Alimentación escolar (personas)"
    lists = openpyxl.load_workbook(out)["Listas"]
    listed = {c.value for col in lists.iter_cols() for c in col}
    assert {row["municipality"], row["department"], row["activity"]} <= listed
