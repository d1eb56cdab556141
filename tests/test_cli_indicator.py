"""`trayecto indicator` and `trayecto gaps`: the CLI contract (JSON with provenance)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.official_data import MEN_MUNICIPIO, load_official
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


def test_indicator_json_has_the_contract_fields(home: Path) -> None:
    code, out = invoke(
        home,
        "indicator",
        "cobertura_neta",
        "--level",
        "department",
        "--area",
        "81",
        "--year",
        "2022",
        "--json",
    )
    assert code == 0, out
    [row] = json.loads(out)
    assert row["area_code"] == "81"
    assert row["area_name"] == "Arauca"
    assert row["year"] == 2022
    assert row["unit"] == "percent"
    assert row["value"] == pytest.approx(row["published_value"], abs=0.01)
    provenance = row["provenance"]
    assert provenance["source"] == "men-municipio"
    assert provenance["vintage"] == "2022"
    assert provenance["status"] == "computed"
    assert provenance["manifest_version"] >= 1
    assert provenance["published_source"].startswith("men-departamento")


def test_a_published_rate_is_observed_and_its_numerator_computed(home: Path) -> None:
    code, out = invoke(
        home,
        "indicator",
        "cobertura_neta",
        "--level",
        "municipality",
        "--area",
        "54001",
        "--year",
        "2022",
        "--json",
    )
    assert code == 0, out
    [row] = json.loads(out)
    assert row["value"] == 96.94  # as MEN publishes it
    assert row["provenance"]["status"] == "observed"
    assert row["provenance"]["numerator_status"] == "computed"
    assert row["numerator"] == pytest.approx(row["value"] * row["denominator"] / 100)
    assert row["denominator"] == 147312  # Cúcuta's POBLACIÓN_5_16 2022 (README)


def test_indicator_by_sex(home: Path) -> None:
    code, out = invoke(
        home,
        "indicator",
        "poblacion_5_16",
        "--level",
        "nation",
        "--year",
        "2024",
        "--sex",
        "f",
        "--json",
    )
    assert code == 0, out
    [row] = json.loads(out)
    assert row["sex"] == "f"
    assert row["provenance"]["source"] == "dane-proyecciones"


def test_indicator_list(home: Path) -> None:
    code, out = invoke(home, "indicator", "list", "--json")
    assert code == 0
    codes = {item["code"] for item in json.loads(out)}
    assert {"cobertura_neta", "desercion_media", "migrantes_por_1000"} <= codes


def test_usage_errors_exit_2(home: Path) -> None:
    assert invoke(home, "indicator", "cobertura_nada", "--level", "nation")[0] == 2
    assert invoke(home, "indicator", "cobertura_neta", "--level", "planeta")[0] == 2
    assert invoke(home, "indicator", "cobertura_neta", "--level", "sede")[0] == 2
    assert invoke(home, "indicator", "cobertura_neta", "--sex", "x")[0] == 2


def test_missing_data_exits_1_and_says_what_to_import(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["indicator", "cobertura_neta"], env={"TRAYECTO_HOME": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "import" in result.stderr


def test_estimates_are_labelled(home: Path) -> None:
    code, out = invoke(
        home,
        "indicator",
        "poblacion_5_16",
        "--level",
        "department",
        "--area",
        "81",
        "--estimate",
        "dane_ratio",
        "--json",
    )
    assert code == 0, out
    rows = {r["year"]: r for r in json.loads(out)}
    assert rows[2022]["provenance"]["status"] == "computed"
    assert rows[2024]["provenance"]["status"] == "estimated"
    assert rows[2024]["provenance"]["estimate_method"] == "dane_ratio"
    # MEN's 2024 departmental figure is DANE's projection: the estimate reproduces it.
    assert rows[2024]["value"] == rows[2024]["published_value"] == 67864


def test_gaps_json(home: Path) -> None:
    code, out = invoke(home, "gaps", "cobertura_neta", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["counts"]["over_100"] > 100
    assert report["counts"]["missing_area"] > 0
    assert MEN_MUNICIPIO  # the gaps come from the real municipal file
