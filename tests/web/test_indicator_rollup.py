"""The explorer never loses a unit silently: the units a level cannot place are shown."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_divipola_municipalities
from trayecto.importers import affected_schools
from trayecto.importers.etc import load_etc
from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db

LIST = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
MEN_MUNICIPIO = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)


@pytest.fixture(scope="module")
def quibdo_without_etc(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The list imported before the ETC table, and an ETC table that lacks Quibdó."""
    warehouse = Warehouse(tmp_path_factory.mktemp("rollup") / "warehouse")
    publish_divipola_municipalities(warehouse, shared_data)
    assert not affected_schools.load(shared_data / LIST, warehouse).refused
    assert not load_etc(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False).refused
    table = warehouse.read("municipality_etc")
    warehouse.publish(
        "municipality_etc", table.filter(pc.not_equal(table.column("municipality_code"), "27001"))
    )
    return warehouse.root


def test_units_the_level_cannot_place_are_shown(
    client: Client, settings: Settings, quibdo_without_etc: Path
) -> None:
    settings.WAREHOUSE_DIR = quibdo_without_etc
    response = client.get("/indicadores/", {"indicador": "estudiantes_por_docente", "nivel": "etc"})
    [unplaced] = response.context["result"].unplaced
    assert unplaced["municipalities"] == ["27001"]
    notice = response.content.decode().split('id="unplaced-notice"')[1].split("</p>")[0]
    assert f"2026: {unplaced['units']} (municipios 27001)" in notice
    client.cookies["django_language"] = "en"
    html = client.get(
        "/indicadores/", {"indicador": "estudiantes_por_docente", "nivel": "etc"}
    ).content.decode()
    assert "Units that could not be placed at this level" in html
