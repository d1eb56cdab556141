"""`men-municipio`: every quirk of the real municipal export is handled on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import MEN_MUNICIPIO
from trayecto.importers import men_municipio
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

HEADER = (
    "AÑO,CÓDIGO_MUNICIPIO,MUNICIPIO,CÓDIGO_DEPARTAMENTO,DEPARTAMENTO,CÓDIGO_ETC,ETC,"
    "POBLACIÓN_5_16,TASA_MATRICULACIÓN_5_16,COBERTURA_NETA,COBERTURA_NETA_TRANSICIÓN,"
    "COBERTURA_NETA_PRIMARIA,COBERTURA_NETA_SECUNDARIA,COBERTURA_NETA_MEDIA,COBERTURA_BRUTA,"
    "COBERTURA_BRUTA_TRANSICIÓN,COBERTURA_BRUTA_PRIMARIA,COBERTURA_BRUTA_SECUNDARIA,"
    "COBERTURA_BRUTA_MEDIA,TAMAÑO_PROMEDIO_DE_GRUPO,SEDES_CONECTADAS_A_INTERNET,DESERCIÓN,"
    "DESERCIÓN_TRANSICIÓN,DESERCIÓN_PRIMARIA,DESERCIÓN_SECUNDARIA,DESERCIÓN_MEDIA,APROBACIÓN,"
    "APROBACIÓN_TRANSICIÓN,APROBACIÓN_PRIMARIA,APROBACIÓN_SECUNDARIA,APROBACIÓN_MEDIA,"
    "REPROBACIÓN,REPROBACIÓN_TRANSICIÓN,REPROBACIÓN_PRIMARIA,REPROBACIÓN_SECUNDARIA,"
    "REPROBACIÓN_MEDIA,REPITENCIA,REPITENCIA_TRANSICIÓN,REPITENCIA_PRIMARIA,"
    "REPITENCIA_SECUNDARIA,REPITENCIA_MEDIA"
)


@pytest.fixture(scope="module")
def imported(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Warehouse, men_municipio.ImportReport]:
    warehouse = Warehouse(tmp_path_factory.mktemp("men") / "warehouse")
    return warehouse, men_municipio.load(shared_data / MEN_MUNICIPIO, warehouse)


def value(warehouse: Warehouse, area: str, year: int, code: str) -> float:
    [row] = rows(
        warehouse.connect(),
        "select value from official_indicator where area_code = $a and year = $y "
        "and indicator_code = $c",
        {"a": area, "y": year, "c": code},
    )
    return float(row["value"])


def test_every_row_is_imported_and_counts_reconcile(imported: tuple) -> None:
    _, report = imported
    assert report.rows_read == 13464
    assert report.rows_imported == 13464
    assert report.reconciles
    assert not report.refused


def test_year_and_integers_with_thousands_separators(imported: tuple) -> None:
    warehouse, report = imported
    assert report.details["quirks"]["thousands_separator"] > 1121  # the years, then integers
    [row] = rows(
        warehouse.connect(),
        "select population from official_population_5_16 where area_code = '05001' and year = 2021",
    )
    assert row["population"] == 379616  # written "379,616" on a row whose year is "2,021"
    assert value(warehouse, "05001", 2021, "cobertura_neta") == 96.94


def test_codes_regain_their_leading_zero(imported: tuple) -> None:
    warehouse, report = imported
    assert report.details["quirks"]["code_leading_zero_restored"] > 0
    assert value(warehouse, "05001", 2011, "cobertura_neta") == 108.5  # written 5001
    codes = rows(
        warehouse.connect(),
        "select distinct length(area_code) as n from official_indicator "
        "where level = 'municipality'",
    )
    assert codes == [{"n": 5}]


def test_decimal_comma_in_group_size(imported: tuple) -> None:
    warehouse, report = imported
    assert report.details["quirks"]["decimal_comma"] == 1882
    sizes = rows(
        warehouse.connect(),
        "select max(value) as top from official_indicator "
        "where indicator_code = 'tamano_promedio_de_grupo'",
    )
    assert sizes[0]["top"] < 100  # "18,538" is 18.538 pupils, not 18,538


def test_national_rows_become_percentage_points(imported: tuple) -> None:
    warehouse, _ = imported
    assert value(warehouse, "CO", 2019, "cobertura_neta") == pytest.approx(92.35)
    assert value(warehouse, "CO", 2021, "desercion") == pytest.approx(3.58)
    [row] = rows(
        warehouse.connect(),
        "select population from official_population_5_16 where level = 'nation' and year = 2020",
    )
    assert row["population"] == 9540230


def test_municipality_changes_are_reported(imported: tuple) -> None:
    _, report = imported
    assert report.details["areas_not_every_year"] == {"94663": list(range(2011, 2020))}


def test_all_zero_flow_rates_are_left_out_with_a_warning(imported: tuple) -> None:
    _, report = imported
    zero = [p for p in report.problems if "all three are 0" in p.message]
    assert zero
    assert all(p.severity == "warning" and p.row > 1 for p in zero)


def test_importing_the_same_file_twice_changes_nothing(shared_data: Path, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    first = men_municipio.load(shared_data / MEN_MUNICIPIO, warehouse)
    version = warehouse.manifest().version
    second = men_municipio.load(shared_data / MEN_MUNICIPIO, warehouse)
    assert first.details["manifest_version"] == version
    assert second.details["unchanged"] is True
    assert warehouse.manifest().version == version


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "men_municipio_synthetic.csv"  # synthetic: written by this test
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


ROW_TAIL = (
    ",3759,Medellín,1000,90,91,80,95,85,50,100,90,110,100,80,,,"
    "3,3,3,3,3,95,95,95,95,95,2,2,2,2,2,1,1,1,1,1"
)


def test_bad_rows_are_rejected_with_line_column_and_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2022,5001,Medellín,5,Antioquia" + ROW_TAIL,
        "2022,8001,Barranquilla,5,Antioquia" + ROW_TAIL,  # code not in its department
        "20x2,5002,Abejorral,5,Antioquia" + ROW_TAIL,  # year unreadable
        "2022,5001,Medellín,5,Antioquia" + ROW_TAIL,  # duplicate
    )
    warehouse = Warehouse(tmp_path / "w")
    report = men_municipio.load(path, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 1, 3)
    problems = {(p.row, p.column): p for p in report.problems if p.severity == "error"}
    assert problems[(3, "CÓDIGO_MUNICIPIO")].value == "8001"
    assert "does not belong to department 05" in problems[(3, "CÓDIGO_MUNICIPIO")].message
    assert problems[(4, "AÑO")].value == "20x2"
    assert "already appears on line 2" in problems[(5, "CÓDIGO_MUNICIPIO")].message
    assert value(warehouse, "05001", 2022, "cobertura_neta") == 91


def test_a_file_without_the_expected_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    warehouse = Warehouse(tmp_path / "w")
    report = men_municipio.load(path, warehouse)
    assert report.refused
    assert "missing columns" in report.problems[0].message
    assert not warehouse.has("official_indicator")


def test_dry_run_publishes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "2022,5001,Medellín,5,Antioquia" + ROW_TAIL)
    warehouse = Warehouse(tmp_path / "w")
    report = men_municipio.load(path, warehouse, dry_run=True)
    assert report.rows_imported == 1
    assert warehouse.manifest().version == 0
