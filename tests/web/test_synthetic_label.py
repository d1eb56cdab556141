"""Pages that show values computed from synthetic sede data say so, on every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_geography_with_etc
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


@pytest.fixture(scope="module")
def synthetic_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = Warehouse(tmp_path_factory.mktemp("synthetic") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse, seed=11).refused
    return warehouse.root


@pytest.mark.django_db
def test_the_explorer_labels_synthetic_values(
    client: Client, settings: Settings, synthetic_warehouse: Path
) -> None:
    settings.WAREHOUSE_DIR = synthetic_warehouse
    response = client.get(
        "/indicadores/", {"indicador": "extraedad", "nivel": "department", "area": "27"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="synthetic-notice"' in html
    rows = response.context["rows"]
    assert rows
    assert all(("synthetic", "SINTÉTICO") in r["flags"] for r in rows)
    download = client.get(
        "/indicadores/",
        {"indicador": "extraedad", "nivel": "department", "area": "27", "formato": "csv"},
    )
    assert "synthetic" in download.getvalue().decode().lower()
