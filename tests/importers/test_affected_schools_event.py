"""affected-schools read for an event: the territory, duplicates with contradictory
severities, unknown sede codes and the rapid-assessment columns of our template."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pytest

from tests.support.schools import publish_divipola_municipalities
from trayecto.importers import affected_schools
from trayecto.importers.affected_schools import Territory
from trayecto.importers.school_tables import SEDE_SCHEMA
from trayecto.warehouse import Warehouse

FOLDER = "emergencia_sismo2026_sedes_choco"
FILE = "sedes_educativas_afectadas_choco_ago2026.csv"
CHOCO = Territory(frozenset({"27"}), year=2026, event="1")


@pytest.fixture
def places(warehouse: Warehouse, shared_data: Path) -> Warehouse:
    publish_divipola_municipalities(warehouse, shared_data)
    return warehouse


def choco_rows(shared_data: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(shared_data / FOLDER / FILE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        rows = [r for r in reader if r["Departamento"] == "Chocó"]
        return list(reader.fieldnames or []), rows


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_repeated_sede_with_another_severity_is_reported_as_contradictory(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    header, rows = choco_rows(shared_data)
    twin = dict(rows[0])
    twin["Severidad"], twin["Estado físico"] = (
        ("1", "Bajo") if rows[0]["Severidad"] != "1" else ("3", "Crítico")
    )
    same = dict(rows[1])
    path = write(tmp_path / "lista.csv", header, [*rows[:5], twin, same])
    found = affected_schools.read(path, places, territory=CHOCO)
    report = found.report
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (7, 5, 2)
    contradictory, repeated = report.problems
    assert (contradictory.row, contradictory.column) == (7, "Severidad")
    assert "line 2" in contradictory.message
    assert "Contradictory severities" in contradictory.message
    assert (repeated.row, repeated.message) == (8, "sede repeated (line 3)")


def test_a_code_no_sede_list_knows_is_reported_and_imported(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    header, rows = choco_rows(shared_data)
    known = rows[:3]
    # The warehouse knows Chocó's sedes from another source (a SIMAT export): these three;
    # and synthetic sedes of Chocó (the demo's), whose made-up codes say nothing of real ones.
    synthetic = {
        "year": 2025,
        "sede_code": "127001888888",
        "sede_name": "SINTÉTICA",
        "municipality_code": "27001",
        "source": "synthetic",
        "vintage": None,
        "is_synthetic": True,
    }
    places.publish_many(
        {
            "sede": pa.Table.from_pylist(
                [
                    *({"year": 2025, "sede_code": r["Código DANE"], "sede_name": r["Sede"],
                       "municipality_code": "27001", "source": "sede-matricula",
                       "vintage": "2025", "is_synthetic": False}
                      for r in known),
                    synthetic,
                ],
                schema=SEDE_SCHEMA,
            )
        },
        {"source": "test"},
    )  # fmt: skip
    stranger = dict(rows[3])
    stranger["Código DANE"] = "127001999999"
    path = write(tmp_path / "lista.csv", header, [*known, stranger])
    report = affected_schools.read(path, places, territory=CHOCO).report
    assert report.rows_imported == 4
    warnings = [p for p in report.problems if p.severity == "warning" and p.column == "Código DANE"]
    assert [(p.row, p.value) for p in warnings] == [(5, "127001999999")]
    assert "unknown sede" in warnings[0].message
    # with only synthetic sedes for the department, no code is called unknown
    places.publish_many(
        {"sede": pa.Table.from_pylist([synthetic], schema=SEDE_SCHEMA)}, {"source": "test"}
    )
    report = affected_schools.read(path, places, territory=CHOCO).report
    assert report.rows_imported == 4
    assert [p for p in report.problems if p.column == "Código DANE"] == []


def test_the_template_columns_are_read(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    header, rows = choco_rows(shared_data)
    extra = ["Daño", "Aulas afectadas", "Albergue", "Ocupada", "Reabierta",
             "Días de clase perdidos", "Estudiantes afectados mujeres",
             "Estudiantes afectados hombres", "Docentes afectados"]  # fmt: skip
    filled = dict(rows[0]) | dict(
        zip(extra, ["Parcial", "2", "Sí", "No", "", "12", "40", "38", "3"], strict=True)
    )
    bad = dict(rows[1]) | {"Daño": "Regular", "Albergue": "tal vez"}
    path = write(tmp_path / "plantilla.csv", [*header, *extra], [filled, bad])
    found = affected_schools.read(path, places, territory=CHOCO)
    (record,) = found.records
    assert {k: record[k] for k in ("damage", "classrooms_damaged", "used_as_shelter", "occupied",
            "reopened", "days_lost", "students_affected_female", "students_affected_male",
            "teachers_affected")} == {
        "damage": "partial", "classrooms_damaged": 2, "used_as_shelter": True, "occupied": False,
        "reopened": None, "days_lost": 12, "students_affected_female": 40,
        "students_affected_male": 38, "teachers_affected": 3,
    }  # fmt: skip
    (problem,) = found.report.problems
    assert (problem.row, problem.column, problem.value) == (3, "Albergue", "tal vez")
