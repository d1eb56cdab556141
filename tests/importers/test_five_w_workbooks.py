"""The 5W importer on real .xlsx files the tests write: our template, GIFMM layouts, HXL CSV."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from trayecto.domain.five_w import UNKNOWN_CELL, Sex
from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS
from trayecto.domain.geography import Municipality
from trayecto.domain.places import PlaceMatcher
from trayecto.domain.problems import Problem
from trayecto.importers.cells import CellError, parse_month
from trayecto.importers.five_w import check_upload, read_five_w
from trayecto.reports.five_w_template import write_five_w_template

FIELDS = [c.field for c in TEMPLATE_COLUMNS]


def template_row(**values: Any) -> list[Any]:
    base: dict[str, Any] = {
        "org": "nrc",
        "month": "2026-03",
        "department": "81 - Arauca",
        "municipality": "81001 - Arauca (Arauca)",
        "activity": "EDU-04 - Alimentación escolar (personas)",
        "population_group": "Refugiados y migrantes en tránsito",
        "beneficiary_type": "Nuevo",
        "beneficiaries": 10,
        "cell:f:6-11": 6,
        "cell:m:6-11": 4,
    }
    base.update(values)
    return [base.get(f) for f in FIELDS]


def fill_template(
    path: Path, municipalities: list[Municipality], rows: list[list[Any] | None]
) -> Path:
    write_five_w_template(path, period="2026-03", org_code="nrc", municipalities=municipalities)
    wb = openpyxl.load_workbook(path)
    sheet = wb["5W"]
    for i, row in enumerate(rows):
        for j, value in enumerate(row or []):
            sheet.cell(row=FIRST_DATA_ROW + i, column=j + 1, value=value)
    wb.save(path)
    return path


def errors_by_row(problems: list[Problem]) -> dict[int, list[Problem]]:
    found: dict[int, list[Problem]] = {}
    for p in problems:
        if p.severity == "error":
            found.setdefault(p.row, []).append(p)
    return found


def test_template_rows_are_validated_one_rule_at_a_time(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    rows: list[list[Any] | None] = [
        template_row(),  # 3 accepted
        template_row(municipality="Medellín", department="Antioquia"),  # 4 a name, accepted
        template_row(  # 5 zeros lost, decimal comma
            municipality="5001", department="05 - Antioquia", beneficiaries="10,0"
        ),
        template_row(**{"cell:f:6-11": 5}),  # 6 cells add up to 9, total 10
        template_row(month="2026-02"),  # 7 outside the period
        template_row(),  # 8 exact duplicate of row 3
        None,  # 9 blank: skipped, not counted
        template_row(beneficiaries=-3),  # 10 negative
        template_row(beneficiary_type=None),  # 11 neither new nor recurrent
        template_row(municipality="Springfield"),  # 12 unknown place
        template_row(**{"cell:f:6-11": 0, "cell:m:6-11": 0}),  # 13 not disaggregated: accepted
        template_row(beneficiaries="diez"),  # 14 not a number
        template_row(month="2026-13"),  # 15 invalid month
        template_row(beneficiary_type="Recurrente", sede="181001000123"),  # 16 with a sede
        template_row(sede="18100100012", month="2026-03-31"),  # 17 short sede: rejected
    ]
    path = fill_template(tmp_path / "nrc.xlsx", colombia, rows)
    result = read_five_w(path, matcher=colombia_matcher, period="2026-03")
    report = result.report
    assert result.profile == "trayecto"
    assert report.rows_read == 14
    assert report.rows_imported == 5
    assert report.rows_rejected == 9
    assert report.reconciles
    errors = errors_by_row(report.problems)
    assert set(errors) == {6, 7, 10, 11, 12, 14, 15, 17}
    assert "suman 9 y el total es 10" in errors[6][0].message
    assert errors[6][0].column == "sexo y edad"
    assert "fuera del periodo" in errors[7][0].message
    assert errors[10][0].column == "Beneficiarios del mes (personas)"
    assert "negativa" in errors[10][0].message
    assert errors[11][0].column == "Nuevos o recurrentes"
    assert errors[12][0].value == "Springfield"
    assert "no es un número" in errors[14][0].message
    assert "mes no válido" in errors[15][0].message
    duplicate = [p for p in report.problems if p.row == 8]
    assert "fila idéntica a la fila 3" in duplicate[0].message

    lines = {line.row: line for line in result.lines}
    assert lines[3].municipality == "81001"
    assert lines[3].department == "81"
    assert lines[3].activity == "EDU-04"
    assert lines[3].population_group == "transito"
    assert lines[3].cells == {(Sex.FEMALE, "6-11"): 6, (Sex.MALE, "6-11"): 4}
    assert lines[4].municipality == "05001"
    assert lines[5].municipality == "05001"
    assert lines[5].beneficiaries == 10
    assert lines[13].cells == {UNKNOWN_CELL: 10}
    assert lines[16].new_beneficiaries == 0
    assert lines[16].sede == "181001000123"
    assert "tiene 11 dígitos y se esperan 12" in errors[17][0].message
    assert 17 not in lines
    assert [p.row for p in report.problems if p.severity == "warning"] == [8]


def gifmm_workbook(path: Path, columns_csv: Path, rows: list[dict[str, Any]]) -> Path:
    """A GIFMM layout as partners send it: a merged group row above, `_x000D_` in headers."""
    with columns_csv.open(encoding="utf-8") as fh:
        spec = list(csv.DictReader(fh))
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("5W GIFMM")
    sheet.write(0, 0, "Reporte 5W – socio de prueba (sintético)")
    groups: dict[str, list[int]] = {}
    for j, column in enumerate(spec):
        groups.setdefault(column.get("group_5w") or "5W", []).append(j)
        header = column["column_name"].replace(" ", "_x000D_\n", 1)
        sheet.write(2, j, header)
    for name, cols in groups.items():
        if len(cols) > 1:
            sheet.merge_range(1, cols[0], 1, cols[-1], name)
        else:
            sheet.write(1, cols[0], name)
    names = [c["column_name"] for c in spec]
    for i, row in enumerate(rows):
        for key, value in row.items():
            sheet.write(3 + i, names.index(key), value)
    sheet.write(3 + len(rows), 0, None)  # a blank row at the end
    workbook.close()
    return path


def test_gifmm_v1_1_layout_with_multi_row_headers(
    tmp_path: Path, shared_data: Path, colombia_matcher: PlaceMatcher
) -> None:
    base = {
        "Socio Principal": "Consejo Noruego para Refugiados",
        "Departamento": "La Guajira",
        "Municipio": "Riohacha",
        "Mes": "Marzo",
        "Indicador": "# de refugiados y migrantes de Venezuela que acceden a servicios de "
        "educación de emergencia no formales y formales",
        "Beneficiarios mensuales": 30,
        "Beneficiarios nuevos": 20,
        "Beneficiarios en tránsito": 20,
        "Niñas y Adolescentes <18": 12,
        "Niños y Adolescentes  <18": 8,
        "Mujeres adultas >=18": 0,
        "Hombres adultos >=18": 0,
        "Mujeres 6-12": 7,
        "Mujeres 13-17": 5,
        "Con discapacidad": 2,
    }
    rows = [
        base,
        {**base, "Beneficiarios nuevos": 40, "Beneficiarios en tránsito": 40},  # new > monthly
        {**base, "Mujeres 6-12": 9},  # fine bands 14 against <18 = 12
        {**base, "Municipio": "44001", "Beneficiarios nuevos": None},  # no new count
    ]
    path = gifmm_workbook(
        tmp_path / "gifmm.xlsx",
        shared_data / "gifmm_reference_catalogs" / "gifmm_5w_template_v1_1_columns.csv",
        rows,
    )
    result = read_five_w(path, matcher=colombia_matcher, period="2026-03")
    report = result.report
    assert result.profile == "gifmm_v1_1"
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 1, 3)
    errors = errors_by_row(report.problems)
    assert "superan a los beneficiarios del mes" in errors[5][0].message
    assert "rangos finos" in errors[6][0].message
    assert "Beneficiarios_x000D_\nnuevos" in errors[7][0].column
    (line,) = result.lines
    assert (line.municipality, line.month, line.activity) == ("44001", "2026-03", "GIFMM-23")
    assert line.population_group == "transito"
    assert line.beneficiary_type == "nuevo"
    assert line.cells == {
        (Sex.FEMALE, "6-12"): 7,
        (Sex.FEMALE, "13-17"): 5,
        (Sex.MALE, "0-17"): 8,
    }
    assert line.of_which == {"discapacidad": 2}


def test_gifmm_export_v2_layout(
    tmp_path: Path, shared_data: Path, colombia_matcher: PlaceMatcher
) -> None:
    row = {
        "Socio Principal": "UNICEF",
        "Departamento": "Norte de Santander",
        "Municipio": "Cúcuta",
        "Mes": "2026-03",
        "Indicador GIFMM": "# de niños en edad escolar (niñas y niños) de Venezuela inscritos en "
        "instituciones educativas apoyadas y escuelas nacionales",
        "Total beneficiarios alcanzados en el mes": 50,
        "Beneficiarios nuevos en el mes": 50,
        "Niñas y adolescentes <17": 20,
        "Niños y adolescentes <17": 30,
        "*Nuevas Niñas y adolescentes <17": 25,
        "*Nuevas Niños y adolescentes <17": 25,
    }
    path = gifmm_workbook(
        tmp_path / "v2.xlsx",
        shared_data / "gifmm_reference_catalogs" / "gifmm_5w_export_v2_columns.csv",
        [row, {**row, "Niñas y adolescentes <17": 21}],
    )
    result = read_five_w(path, matcher=colombia_matcher)
    assert result.profile == "gifmm_export_v2"
    assert (result.report.rows_imported, result.report.rows_rejected) == (1, 1)
    (line,) = result.lines
    assert line.municipality == "54001"
    assert line.activity == "GIFMM-22"
    assert line.cells == {(Sex.FEMALE, "0-17"): 25, (Sex.MALE, "0-17"): 25}


def test_hxl_tagged_csv(tmp_path: Path, colombia_matcher: PlaceMatcher) -> None:
    path = tmp_path / "5w.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Organisation", "When", "Where", "What", "Type", "How many", "Group"])
        writer.writerow(
            [
                "#org +code",
                "#date+month",
                "#adm2+code",
                "#activity+code",
                "#reached+type",
                "#reached+total",
                "#population+type",
            ]
        )
        writer.writerow(["savethechildren", "2026-03", "81065", "EDU-09", "nuevo", "7", "idp"])
        writer.writerow(["savethechildren", "2026-03", "81065", "EDU-09", "", "7", "idp"])
    result = read_five_w(path, matcher=colombia_matcher)
    assert result.profile == "trayecto"
    assert (result.report.rows_read, result.report.rows_imported) == (2, 1)
    assert result.lines[0].municipality == "81065"
    assert result.lines[0].population_group == "desplazados_internos"
    assert result.report.problems[0].column == "Type"


def test_formulas_are_never_evaluated(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    path = fill_template(
        tmp_path / "f.xlsx", colombia, [template_row(beneficiaries="=4+6", **{"cell:f:6-11": 10})]
    )
    result = read_five_w(path, matcher=colombia_matcher)
    assert result.report.rows_imported == 0
    (problem,) = result.report.problems
    assert problem.column == "Beneficiarios del mes (personas)"


def test_files_that_are_not_spreadsheets_are_refused(
    tmp_path: Path, colombia_matcher: PlaceMatcher
) -> None:
    fake = tmp_path / "virus.xlsx"
    fake.write_bytes(b"MZ\x90\x00 not a workbook")
    empty_zip = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    for path, words in ((fake, "no es un libro"), (empty_zip, "no contiene un libro")):
        result = read_five_w(path, matcher=colombia_matcher)
        assert result.report.refused
        assert words in result.report.problems[0].message
        assert result.report.rows_read == 0
    big = tmp_path / "big.csv"
    big.write_text("x" * 2048)
    result = read_five_w(big, matcher=colombia_matcher, max_bytes=1024)
    assert result.report.refused
    assert "el máximo es" in result.report.problems[0].message
    with pytest.raises(Exception, match="suba un libro"):
        check_upload(tmp_path.joinpath("a.pdf") if (tmp_path / "a.pdf").write_text("x") else fake)


def test_an_unknown_layout_is_refused_with_what_is_missing(
    tmp_path: Path, colombia_matcher: PlaceMatcher
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = read_five_w(path, matcher=colombia_matcher)
    assert result.report.refused
    assert "no se reconoce el formato" in result.report.problems[0].message


def test_households_and_of_which_never_add_to_people(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    rows: list[list[Any] | None] = [
        template_row(households=4, **{"of:discapacidad": 3, "of:indigena": 10}),
        template_row(municipality="81065", **{"of:lgbti": 11}),  # of which above the total
    ]
    result = read_five_w(
        fill_template(tmp_path / "hh.xlsx", colombia, rows), matcher=colombia_matcher
    )
    first, second = result.lines
    assert (first.beneficiaries, first.households) == (10, 4)
    assert sum(first.cells.values()) == 10
    assert first.of_which == {"discapacidad": 3, "indigena": 10}
    assert sum(second.cells.values()) == 10  # accepted, counted once, with a warning
    (warning,) = result.report.problems
    assert warning.severity == "warning"
    assert "dentro del total" in warning.message


def test_place_activity_and_organisation_must_agree_or_the_row_says_why(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    rows: list[list[Any] | None] = [
        template_row(),  # 3 accepted
        template_row(municipality="54001"),  # 4 Cúcuta on an Arauca row
        template_row(sede="154001000123"),  # 5 a Cúcuta sede on an Arauca row
        template_row(activity="Kits escolares"),  # 6 not in the catalogue
        template_row(org="fundacion-camino-escolar", beneficiaries=11, **{"cell:m:6-11": 5}),
        template_row(month="3_Marzo", beneficiaries=12, **{"cell:m:6-11": 6}),  # 8 GIFMM month
        template_row(sede="181001000123", beneficiaries=13, **{"cell:m:6-11": 7}),  # 9 its sede
    ]
    path = fill_template(tmp_path / "nrc.xlsx", colombia, rows)
    result = read_five_w(path, matcher=colombia_matcher, period="2026-03", org="nrc",
                         org_names=["Consejo Noruego para Refugiados"])  # fmt: skip
    report = result.report
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (7, 4, 3)
    errors = errors_by_row(report.problems)
    assert set(errors) == {4, 5, 6}
    assert errors[4][0].column == "Departamento"
    assert errors[4][0].value == "81 - Arauca"
    assert "54001 San José de Cúcuta es de Norte de Santander (54), no de Arauca (81)" in (
        errors[4][0].message
    )
    assert errors[5][0].column == "Código DANE de la sede (12 dígitos)"
    assert (
        "la sede 154001000123 es de 54001 San José de Cúcuta, no de 81001 Arauca"
        in errors[5][0].message
    )
    assert errors[6][0].value == "Kits escolares"
    assert "fuera del catálogo" in errors[6][0].message
    assert "una carga no crea actividades" in errors[6][0].message
    assert "Kits escolares" not in {line.activity for line in result.lines}
    warnings = [p for p in report.problems if p.severity == "warning"]
    assert [(p.row, p.value) for p in warnings] == [(7, "fundacion-camino-escolar")]
    assert "se carga para nrc" in warnings[0].message
    kept = {line.row: line for line in result.lines}
    assert kept[7].org == "nrc"
    assert kept[8].month == "2026-03"
    assert kept[9].sede == "181001000123"


def test_an_activity_close_to_the_catalogue_is_suggested_never_applied(
    tmp_path: Path, colombia: list[Municipality], colombia_matcher: PlaceMatcher
) -> None:
    path = fill_template(
        tmp_path / "nrc.xlsx", colombia, [template_row(activity="Alimentacion escolr")]
    )
    result = read_five_w(path, matcher=colombia_matcher, period="2026-03")
    assert result.lines == []
    (problem,) = [p for p in result.report.problems if p.severity == "error"]
    assert "¿quiso decir EDU-04" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10_Octubre", "2026-10"), ("10 - octubre", "2026-10"), ("Octubre", "2026-10"),
     ("11_Octubre", None), ("3_Marzo 2025", "2025-03")],
)  # fmt: skip
def test_gifmm_month_values_with_their_number_are_read(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(CellError, match="no es un mes"):
            parse_month(text, default_year=2026, language="es")
    else:
        assert parse_month(text, default_year=2026) == expected


def test_a_sede_of_the_municipality_a_new_one_came_from_fits_it() -> None:
    """Sedes of Nuevo Belén de Bajirá (27493) still carry Riosucio's 27615 (DESIGN.md)."""
    from trayecto.importers.five_w import sede_fits

    matcher = PlaceMatcher(
        [{"code": "27615", "name": "Riosucio", "department_code": "27"},
         {"code": "27493", "name": "Nuevo Belén de Bajirá", "department_code": "27",
          "status": "new", "parent_code": "27615"},
         {"code": "27001", "name": "Quibdó", "department_code": "27"}],
        [{"code": "27", "name": "Chocó"}],
    )  # fmt: skip
    assert sede_fits("127615000123", "27493", matcher)  # issued in Riosucio, now in Bajirá
    assert sede_fits("127615000123", "27615", matcher)
    assert not sede_fits("127001000123", "27493", matcher)  # a Quibdó sede
