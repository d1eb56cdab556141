"""`trayecto indicator` reports the units a level cannot place, on stderr (the JSON on
stdout keeps its contract: a list of rows)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
from typer.testing import CliRunner

from tests.support.schools import publish_divipola_municipalities
from trayecto.cli.main import app
from trayecto.importers import affected_schools
from trayecto.importers.etc import load as load_etc
from trayecto.warehouse import Warehouse

LIST = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
MEN_MUNICIPIO = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)


def test_unplaced_units_are_reported_on_stderr(shared_data: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    warehouse = Warehouse(home / "warehouse")
    publish_divipola_municipalities(warehouse, shared_data)
    assert not affected_schools.load(shared_data / LIST, warehouse).refused
    assert not load_etc(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False).refused
    table = warehouse.read("municipality_etc")
    warehouse.publish(
        "municipality_etc", table.filter(pc.not_equal(table.column("municipality_code"), "27001"))
    )
    result = CliRunner().invoke(
        app,
        ["indicator", "estudiantes_por_docente", "--level", "etc", "--json"],
        env={"TRAYECTO_HOME": str(home)},
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["area_code"] for r in rows} == {"3789"}  # Quibdó (ETC 4382) is unplaced
    assert "could not be placed at level etc (municipalities 27001)" in " ".join(
        result.stderr.split()
    )
