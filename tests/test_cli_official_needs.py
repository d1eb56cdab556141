"""`trayecto indicator pin_education | severidad_educacion`: OCHA's needs on the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.official_data import load_official
from trayecto.cli.main import app
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    load_official(shared_data, Warehouse(home / "warehouse"))
    return home


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    return result.exit_code, result.stdout


def test_the_national_education_pin_is_ochas(home: Path) -> None:
    code, out = invoke(home, "indicator", "pin_education", "--level", "nation", "--json")
    assert code == 0, out
    [row] = json.loads(out)
    assert (row["area_code"], row["year"], round(row["value"])) == ("CO", 2025, 3_003_411)
    assert row["provenance"]["source"] == "jiaf-hno"


def test_severity_by_department_carries_its_distribution(home: Path) -> None:
    code, out = invoke(
        home, "indicator", "severidad_educacion", "--level", "department", "--area", "81", "--json"
    )
    assert code == 0, out
    [arauca] = json.loads(out)
    assert arauca["area_name"] == "Arauca"
    assert arauca["unit"] == "severity"
    assert sum(arauca["distribution"].values()) == 7  # Arauca's seven municipalities
    code, text = invoke(home, "indicator", "severidad_educacion", "--level", "nation")
    assert code == 0, text
    assert "Colombia" in text
    assert "1: 92" in text  # the municipalities in phase 1, under the unit
