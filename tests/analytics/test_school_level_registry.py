"""School-level indicators through the registry: every level, real geography, the MEN 2025
totals behind the synthetic sedes, and a small SIMAT-format file written here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.support.schools import publish_geography_with_etc
from trayecto.analytics import compute, registry
from trayecto.importers import dane_proyecciones, men_sedes, sede_matricula
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
SCHOOL_CODES = sorted(
    c
    for c, i in registry.indicators().items()
    if {"sede_enrolment", "sede_enrolment_grade", "sede"} & set(i.requires)
)
DANE_MUNICIPAL = (
    "dane_proyecciones_edad_simple/"
    "dane_proyeccion_poblacion_municipio_edad_simple_sexo_2012_2024.csv"
)
HEADER = [
    "año",
    "codigo_dane_sede",
    "nombre_sede",
    "codigo_municipio",
    "docentes",
    "grado",
    "sexo",
    "edad",
    "nacionalidad",
    "matriculados",
    "retirados",
    "repitentes",
]
# Synthetic rows written by the test: one Quibdó sede and one Nuevo Belén de Bajirá sede
# (code 27615…, municipality 27493), two years each.
SIMAT = [
    ["2024", "127001000011", "SEDE QUIBDÓ", "", "4", "1", "F", "6", "COL", "30", "3", "1"],
    ["2024", "127001000011", "SEDE QUIBDÓ", "", "4", "2", "M", "7", "VEN", "20", "1", "0"],
    ["2025", "127001000011", "SEDE QUIBDÓ", "", "5", "2", "F", "7", "COL", "27", "2", "2"],
    ["2025", "127001000011", "SEDE QUIBDÓ", "", "5", "3", "M", "8", "VEN", "18", "0", "1"],
    ["2024", "227615000022", "SEDE BAJIRÁ", "27493", "1", "1", "M", "9", "COL", "10", "2", "1"],
    ["2025", "227615000022", "SEDE BAJIRÁ", "27493", "1", "2", "M", "10", "COL", "7", "1", "0"],
]


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    root = tmp_path_factory.mktemp("schools")
    warehouse = Warehouse(root / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not dane_proyecciones.load(
        shared_data / DANE_MUNICIPAL, warehouse, dry_run=False
    ).refused
    assert not generate_synthetic_sedes(warehouse, seed=3).refused
    path = root / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *SIMAT])
    assert not sede_matricula.load(path, warehouse).refused
    return warehouse


def run(warehouse: Warehouse, code: str, level: str, **kw: object) -> list[dict[str, object]]:
    return compute.run(warehouse, compute.Query(code, level, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("code", SCHOOL_CODES)
def test_every_school_indicator_runs_at_every_level(schools: Warehouse, code: str) -> None:
    for level in registry.get(code).levels:
        rows = run(schools, code, level, year=2024)
        assert rows, f"{code} has no rows at {level}"
        assert any(r["value"] is not None for r in rows)
        for r in rows:
            assert r["provenance"]["source"]
            assert r["provenance"]["synthetic"] == ("synthetic" in str(r["provenance"]["source"]))


def test_higher_levels_sum_the_sede_parts(schools: Warehouse) -> None:
    sedes = run(schools, "desercion_sede", "sede", year=2025)
    nation = run(schools, "desercion_sede", "nation", year=2025)
    numerator = sum(float(r["numerator"]) for r in sedes)  # type: ignore[arg-type]
    denominator = sum(float(r["denominator"]) for r in sedes)  # type: ignore[arg-type]
    assert nation[0]["numerator"] == numerator
    assert nation[0]["value"] == pytest.approx(100 * numerator / denominator, abs=1e-4)


def test_desercion_at_sede_level_uses_the_sede_data(schools: Warehouse) -> None:
    rows = run(schools, "desercion", "sede", area="127001000011")
    assert [(r["year"], r["indicator"]) for r in rows] == [
        (2024, "desercion_sede"),
        (2025, "desercion_sede"),
    ]
    enrolled_2024 = int(SIMAT[0][9]) + int(SIMAT[1][9])
    withdrawn_2024 = int(SIMAT[0][10]) + int(SIMAT[1][10])
    assert rows[0]["value"] == pytest.approx(100 * withdrawn_2024 / enrolled_2024, abs=1e-4)
    assert rows[0]["area_name"] == "SEDE QUIBDÓ"
    assert rows[0]["provenance"]["synthetic"] is False


def test_bajirá_sedes_count_in_27493_not_in_riosucio(schools: Warehouse) -> None:
    in_27493 = run(schools, "desercion", "sede", area="27493", year=2025)
    assert "227615000022" in {r["area_code"] for r in in_27493}
    assert all(r["area_code"][1:6] == "27615" for r in in_27493)  # codes keep Riosucio's prefix
    riosucio = run(schools, "desercion", "sede", area="27615", year=2025)
    assert "227615000022" not in {r["area_code"] for r in riosucio}
    municipal = {
        r["area_code"]: r for r in run(schools, "desercion_sede", "municipality", year=2025)
    }
    parts = list(in_27493)
    assert municipal["27493"]["denominator"] == sum(float(r["denominator"]) for r in parts)  # type: ignore[arg-type]


def test_coverage_is_never_offered_below_the_municipality() -> None:
    population_based = [
        i
        for i in registry.indicators().values()
        if "poblaci" in i.denominator.lower() or i.code.startswith(("cobertura", "uis_tasa_neta"))
    ]
    assert len(population_based) > 10
    for indicator in population_based:
        assert "sede" not in indicator.levels, indicator.code
        assert indicator.base_level == "municipality"
