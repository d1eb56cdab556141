"""The needs pages' shared warehouse with sede data: the official sources, MEN's 2025 sede
totals and the demo's synthetic sedes that add up to them (labelled SINTÉTICO)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import load_official
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


@pytest.fixture(scope="session")
def sede_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("supply-site") / "warehouse")
    load_official(shared_data, warehouse)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse).refused
    return warehouse
