"""Our affected-schools workbook: dropdowns, and filled in as a user would, read back by the
same importer that reads the response's lists."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from tests.support.schools import publish_divipola_municipalities
from trayecto.importers import affected_schools
from trayecto.importers.affected_schools import Territory
from trayecto.reports.affected_schools_template import COLUMNS, write_affected_schools_template
from trayecto.warehouse import Warehouse

CHOCO_LIST = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"


def test_the_workbook_offers_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "plantilla.xlsx"
    write_affected_schools_template(path, municipalities=["Quibdó", "Bojayá", "Quibdó"])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Sedes", "Listas", "Instrucciones"]
    assert book["Listas"].sheet_state == "hidden"
    sheet = book["Sedes"]
    assert [c.value for c in sheet[1]] == [c[0] for c in COLUMNS]
    rules = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert rules["C2"] == "Listas!$A$1:$A$2"
    assert rules["D2"] == '"1,2,3"'
    assert rules["F2"] == '"Ninguno,Parcial,Destruida"'
    assert rules["H2"] == '"Sí,No"'


def test_a_filled_workbook_is_read_by_the_importer(
    warehouse: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    publish_divipola_municipalities(warehouse, shared_data)
    with open(shared_data / CHOCO_LIST, encoding="utf-8", newline="") as fh:
        source = [r for r in csv.DictReader(fh, delimiter=";") if r["Departamento"] == "Chocó"][:3]
    path = tmp_path / "plantilla.xlsx"
    write_affected_schools_template(path, municipalities=[r["Municipio"] for r in source])
    book = openpyxl.load_workbook(path)
    sheet = book["Sedes"]
    headers = [c[0] for c in COLUMNS]
    assessed = {"Daño": "Destruida", "Albergue": "Sí", "Ocupada": "No", "Aulas afectadas": 4,
                "Días de clase perdidos": 15, "Docentes afectados": 2}  # fmt: skip
    for row, r in enumerate(source, start=2):
        for col, name in enumerate(headers, start=1):
            value = assessed.get(name) if name in assessed else r.get(name, "")
            if name in {"Matrícula total", "Primera infancia", "Primaria", "Secundaria", "Media",
                        "Adultos", "Severidad"}:  # fmt: skip
                value = int(r[name])  # Excel keeps numbers as numbers
            sheet.cell(row, col, value if value != "" else None)
    book.save(path)
    found = affected_schools.read(path, warehouse, territory=Territory(frozenset({"27"})))
    assert found.report.rows_read == 3
    assert found.report.rows_imported == 3, found.report.problems
    first = found.records[0]
    assert first["sede_code"] == source[0]["Código DANE"]
    assert first["enrolment_total"] == int(source[0]["Matrícula total"])
    assert (first["damage"], first["used_as_shelter"], first["occupied"]) == (
        "destroyed",
        True,
        False,
    )
    assert (first["classrooms_damaged"], first["days_lost"], first["teachers_affected"]) == (
        4,
        15,
        2,
    )


def test_every_column_of_the_workbook_is_one_the_importer_reads() -> None:
    from trayecto.importers.affected_schools import REQUIRED
    from trayecto.importers.affected_schools_rows import LEVELS, OPTIONAL_COUNTS, OPTIONAL_FLAGS
    from trayecto.importers.tabular import normalise_header

    read = {*REQUIRED, *LEVELS, *OPTIONAL_COUNTS, *OPTIONAL_FLAGS, "dano", "estado_fisico",
            "docentes", "directivos_docentes", "sector", "zona", "secretaria",
            "organizaciones_aliadas"}  # fmt: skip
    assert {normalise_header(c[0]) for c in COLUMNS} <= read
    assert set(REQUIRED) <= {normalise_header(c[0]) for c in COLUMNS}
