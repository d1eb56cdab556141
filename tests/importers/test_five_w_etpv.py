"""The GIFMM 5W v2 columns «Actividad en apoyo en ETPV», «Tipo de apoyo al ETPV» and
«Convenio Financiado»: read from the real v2 column list and from our template, stored on
each line, and every bad value refused with its row, column, value and what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.importers.test_five_w_workbooks import errors_by_row, fill_template, gifmm_workbook
from tests.importers.test_five_w_workbooks import template_row as base_template_row
from trayecto.domain.five_w_etpv import (
    ETPV_SUPPORT_LABELS,
    EtpvSupport,
    funded_project_text,
    parse_etpv_support,
    parse_yes_no,
)
from trayecto.domain.five_w_layout import FIRST_DATA_ROW, HXL_ROW, TEMPLATE_COLUMNS
from trayecto.domain.geography import Municipality
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w import read_five_w

V2_BASE: dict[str, Any] = {
    "Socio Principal": "UNICEF",
    "Departamento": "Norte de Santander",
    "Municipio": "Cúcuta",
    "Mes": "2026-03",
    "Indicador GIFMM": "# de niños en edad escolar (niñas y niños) de Venezuela inscritos en "
    "instituciones educativas apoyadas y escuelas nacionales",
    "Total beneficiarios alcanzados en el mes": 50,
    "Beneficiarios nuevos en el mes": 50,
    "*Nuevas Niñas y adolescentes <17": 25,
    "*Nuevas Niños y adolescentes <17": 25,
}


def v2_file(tmp_path: Path, shared_data: Path, rows: list[dict[str, Any]]) -> Path:
    return gifmm_workbook(
        tmp_path / "v2.xlsx",
        shared_data / "gifmm_reference_catalogs" / "gifmm_5w_export_v2_columns.csv",
        rows,
    )


def test_the_v2_columns_are_stored_on_each_line(
    tmp_path: Path, shared_data: Path, colombia_matcher: PlaceMatcher
) -> None:
    rows = [
        {**V2_BASE, "Actividad en apoyo en ETPV": "Sí", "Tipo de apoyo al ETPV":
         "Prerregistro en el RUMV", "Convenio Financiado": "  ECHO   2026-EDU-01 "},
        {**V2_BASE, "Actividad en apoyo en ETPV": "SI", "Tipo de apoyo al ETPV": "biometría",
         "Convenio Financiado": "No aplica"},
        {**V2_BASE, "Actividad en apoyo en ETPV": "No", "Tipo de apoyo al ETPV": "No aplica"},
        {**V2_BASE},  # both blank: no ETPV support, no project
        {**V2_BASE, "Actividad en apoyo en ETPV": "No aplica", "Convenio Financiado": "-"},
    ]  # fmt: skip
    result = read_five_w(v2_file(tmp_path, shared_data, rows), matcher=colombia_matcher)
    assert result.profile == "gifmm_export_v2"
    assert [p for p in result.report.problems if p.severity == "error"] == []
    assert [(x.etpv_support, x.etpv_support_type, x.funded_project) for x in result.lines] == [
        (True, "prerregistro", "ECHO 2026-EDU-01"),
        (True, "biometria", ""),
        (False, "", ""),
        (False, "", ""),
        (False, "", ""),
    ]


def test_every_bad_etpv_or_project_value_says_row_column_value_and_what_is_allowed(
    tmp_path: Path, shared_data: Path, colombia_matcher: PlaceMatcher
) -> None:
    rows = [
        {**V2_BASE, "Actividad en apoyo en ETPV": "Quizás"},  # row 4
        {**V2_BASE, "Actividad en apoyo en ETPV": "Sí"},  # row 5: no type
        {**V2_BASE, "Actividad en apoyo en ETPV": "Sí", "Tipo de apoyo al ETPV": "Kits"},
        {**V2_BASE, "Actividad en apoyo en ETPV": "No",
         "Tipo de apoyo al ETPV": "Registro biométrico"},
        {**V2_BASE, "Convenio Financiado": "x" * 201},  # row 8
        {**V2_BASE, "Actividad en apoyo en ETPV": "Sí", "Tipo de apoyo al ETPV": "PPT"},  # fine
    ]  # fmt: skip
    result = read_five_w(v2_file(tmp_path, shared_data, rows), matcher=colombia_matcher)
    report = result.report
    # every row read is imported or reported
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (6, 1, 5)
    errors = errors_by_row(report.problems)
    assert sorted(errors) == [4, 5, 6, 7, 8]
    flag, no_type, unknown, contradiction, too_long = (errors[r][0] for r in range(4, 9))
    assert "Actividad_x000D_\nen apoyo en ETPV" in flag.column
    assert flag.value == "Quizás"
    assert "«Sí»" in flag.message
    assert "«No»" in flag.message
    allowed = [es for es, _en in ETPV_SUPPORT_LABELS.values()]
    assert "Tipo_x000D_\nde apoyo al ETPV" in no_type.column
    assert no_type.message.startswith("falta el tipo de apoyo al ETPV")
    assert all(label in no_type.message for label in allowed)
    assert unknown.value == "Kits"
    assert unknown.message.startswith("tipo de apoyo desconocido")
    assert all(label in unknown.message for label in allowed)
    assert contradiction.value == "Registro biométrico"
    assert "no apoya el ETPV pero indica un tipo" in contradiction.message
    assert "Convenio_x000D_\nFinanciado" in too_long.column
    assert "201 caracteres y caben 200" in too_long.message
    (line,) = result.lines
    assert (line.row, line.etpv_support_type) == (9, EtpvSupport.PPT_DELIVERY.value)


def test_our_template_carries_the_columns_with_dropdowns_and_reads_them_back(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    path = fill_template(
        tmp_path / "plantilla.xlsx",
        [m for m in colombia if m.department_code == "81"],
        [
            base_template_row(etpv_support="Sí", funded_project="BPRM-0042",
                              etpv_support_type="Cambio de documento NES → PPT en SIMAT"),
            base_template_row(etpv_support="No"),
        ],
    )  # fmt: skip
    book = openpyxl.load_workbook(path)
    sheet = book["5W"]
    column = {c.field: i + 1 for i, c in enumerate(TEMPLATE_COLUMNS)}
    assert sheet.cell(HXL_ROW, column["etpv_support"]).value == "#activity+etpv"
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in book["Listas"].iter_cols()}
    assert lists["si_no"] == ["Sí", "No"]
    assert lists["apoyos_etpv"] == [es for es, _en in ETPV_SUPPORT_LABELS.values()]
    validated = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    letter = openpyxl.utils.get_column_letter(column["etpv_support_type"])
    start = f"{letter}{FIRST_DATA_ROW}"
    assert any(ref.startswith(start) and "Listas" in str(f) for ref, f in validated.items())
    assert sheet.cell(FIRST_DATA_ROW, column["org"]).value == "nrc"

    result = read_five_w(path, matcher=colombia_matcher, period="2026-03")
    assert result.report.rows_rejected == 0
    assert [(x.etpv_support, x.etpv_support_type, x.funded_project) for x in result.lines] == [
        (True, "actualizacion_simat", "BPRM-0042"),
        (False, "", ""),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sí", True), ("si", True), ("X", True), (1, True), ("No", False), ("0", False),
     ("quizás", None), ("", None)],
)  # fmt: skip
def test_yes_no_values(text: object, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


def test_every_support_type_is_read_by_code_and_by_both_labels() -> None:
    for support, (es, en) in ETPV_SUPPORT_LABELS.items():
        assert parse_etpv_support(support.value) is support
        assert parse_etpv_support(es.upper()) is support
        assert parse_etpv_support(en) is support
    assert parse_etpv_support("kits escolares") is None
    assert funded_project_text(" N/A ") == ""
    assert funded_project_text("ECHO\n2026") == "ECHO 2026"
