"""The explorer never loses a unit silently (the units a level cannot place are shown), and
its gap report counts the rows of its table."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pyarrow.compute as pc
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_divipola_municipalities
from trayecto.analytics import gaps
from trayecto.importers import affected_schools
from trayecto.importers.etc import load as load_etc
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


def simat_rows() -> list[list[str]]:
    """Two years of 12 sedes in Quibdó and 12 in Arauca (synthetic, written by this test):
    dropout 5 % then 5–7 %, except one sede per municipality that jumps to 60 % (outlier)."""
    rows = []
    for prefix in ("127001", "181001"):
        for i in range(12):
            code = f"{prefix}{i + 1:06d}"
            jump = 55 if i == 0 else i % 3
            for year, withdrawn in (("2024", 5), ("2025", 5 + jump)):
                rows.append(
                    [
                        year,
                        code,
                        f"SEDE {i}",
                        "",
                        "3",
                        "3",
                        "F",
                        "8",
                        "COL",
                        "100",
                        str(withdrawn),
                        "0",
                    ]
                )
    return rows


@pytest.fixture(scope="module")
def two_municipalities(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.analytics.test_school_level_registry import HEADER
    from tests.support.schools import publish_geography_with_etc
    from trayecto.importers import sede_matricula

    root = tmp_path_factory.mktemp("two-municipalities")
    warehouse = Warehouse(root / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    path = root / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *simat_rows()])
    assert not sede_matricula.load(path, warehouse).refused
    return warehouse.root


def test_at_sede_level_the_gap_report_counts_only_the_sedes_shown(
    as_persona: Callable[[str], Client], settings: Settings, two_municipalities: Path
) -> None:
    settings.WAREHOUSE_DIR = two_municipalities
    client = as_persona("im_officer")
    response = client.get(
        "/indicadores/", {"indicador": "desercion_sede", "nivel": "sede", "area": "27001"}
    )
    rows = response.context["rows"]
    assert {r["area_code"][1:6] for r in rows} == {"27001"}
    outliers = [r for r in rows if any(kind == "outlier" for kind, _ in r["flags"])]
    assert [r["area_code"] for r in outliers] == ["127001000001"]
    # The whole report flags Arauca's jump too; the page counts only the table's sedes.
    whole = gaps.gap_report(Warehouse(two_municipalities), "desercion_sede")
    assert whole["counts"]["outlier"] == 2
    assert dict(response.context["gap_counts"]) == {"atípico": 1}
    report = response.content.decode().split('class="gaps"')[1].split("</p>")[0]
    assert "atípico: 1" in report
