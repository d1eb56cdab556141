"""Supply, demand and gap per municipality on the demo's synthetic sedes (SYNTHETIC: drawn
to add up to MEN's real 2025 municipal totals) and DANE's real population."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import load_official
from trayecto.analytics import supply
from trayecto.domain.supply import SupplyParameters
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse, engine

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


@pytest.fixture(scope="module")
def with_sedes(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("supply") / "warehouse")
    load_official(shared_data, warehouse)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse).refused
    return warehouse


def test_without_sede_data_the_result_names_what_is_missing(official: Warehouse) -> None:
    result = supply.gap(official, SupplyParameters())
    assert result.municipalities == []
    assert result.missing == [
        "sede (sede-matricula (or the demo's synthetic sedes))",
        "sede_enrolment_grade (sede-matricula)",
    ]


def test_the_ranking_puts_the_largest_shortfall_first(with_sedes: Warehouse) -> None:
    result = supply.gap(with_sedes, SupplyParameters(year=2025))
    rows = result.municipalities
    assert len(rows) >= 200  # the priority departments' municipalities
    shortfalls = [r["shortfall"] for r in rows if r["shortfall"] is not None]
    assert shortfalls == sorted(shortfalls, reverse=True)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["is_synthetic"] for r in rows)  # pages must say so
    for row in result.short():
        assert row["demand"] - row["places"] == pytest.approx(row["shortfall"])
        assert row["gap"] < 0


def test_a_municipalitys_figures_add_up_from_its_sedes_and_dane(with_sedes: Warehouse) -> None:
    params = SupplyParameters(year=2025)
    result = supply.gap(with_sedes, params)
    cucuta = next(r for r in result.municipalities if r["municipality_code"] == "54001")
    con, _ = with_sedes.reader()
    sedes = supply.sede_places(con, params, municipality="54001")
    assert cucuta["places"] == sum(r["places"] for r in sedes)
    assert cucuta["short"] == sum(r["short"] for r in sedes)
    assert cucuta["enrolled"] == sum(r["enrolled"] for r in sedes)
    [dane] = engine.rows(
        con,
        "select sum(population) as n from population where level = 'municipality' "
        "and area_code = '54001' and year = 2024 and age between 5 and 16",
    )
    assert (cucuta["demand"], cucuta["demand_year"]) == (dane["n"], 2024)  # nearest year


def test_smaller_groups_leave_fewer_spare_places(with_sedes: Warehouse) -> None:
    """Rounding up to whole groups is what leaves places spare: smaller groups round less."""
    wide = supply.gap(with_sedes, SupplyParameters(year=2025))
    narrow = supply.gap(
        with_sedes,
        SupplyParameters(students_per_group_urban=20, students_per_group_rural=15, year=2025),
    )
    assert sum(r["spare"] for r in narrow.municipalities) < sum(
        r["spare"] for r in wide.municipalities
    )
    for row in narrow.municipalities:
        assert row["places"] >= row["enrolled"]
