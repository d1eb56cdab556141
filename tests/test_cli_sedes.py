"""The school-level CLI: import the three sede sources, generate synthetic sedes, and ask
`trayecto indicator desercion --level sede` (the CLI contract, JSON, exit codes)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.schools import publish_geography_with_etc
from trayecto.cli.main import app
from trayecto.importers import men_sedes
from trayecto.warehouse import Warehouse

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
AFFECTED = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
SEDE = "127001000033"
# Synthetic SIMAT-style rows written by the test.
HEADER = [
    "año",
    "codigo_dane_sede",
    "nombre_sede",
    "grado",
    "sexo",
    "edad",
    "nacionalidad",
    "matriculados",
    "retirados",
]
ROWS = [
    ["2025", SEDE, "SEDE CLI", "4", "F", "9", "VEN", "25", "2"],
    ["2025", SEDE, "SEDE CLI", "4", "M", "9", "COL", "15", "1"],
]


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Geography and MEN 2025 totals, loaded in-process once (the CLI imports are tested below)."""
    home = tmp_path_factory.mktemp("home")
    warehouse = Warehouse(home / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    return home


def test_sede_matricula_import_and_desercion_at_sede_level(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *ROWS])
    code, out = invoke(home, "import", "sede-matricula", str(path), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (2, 2, 0)
    code, out = invoke(home, "indicator", "desercion", "--level", "sede", "--area", SEDE, "--json")
    assert code == 0, out
    [row] = json.loads(out)
    assert (row["area_code"], row["area_name"], row["year"]) == (SEDE, "SEDE CLI", 2025)
    assert row["value"] == pytest.approx(100 * (2 + 1) / (25 + 15), abs=1e-4)
    assert row["unit"] == "percent"
    assert row["provenance"]["source"] == "sede-matricula"
    assert row["provenance"]["synthetic"] is False


def test_a_refused_file_exits_1_and_lists_the_problem(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([[*HEADER, "numero_documento"], [*ROWS[0], "1"]])
    code, out = invoke(home, "import", "sede-matricula", str(path), "--json")
    assert code == 1
    assert "personal data" in json.loads(out)["problems"][0]["message"]


def test_affected_schools_import_reports_the_misfiltered_rows(
    home: Path, shared_data: Path
) -> None:
    code, out = invoke(home, "import", "affected-schools", str(shared_data / AFFECTED), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (303, 300, 3)


def test_generate_sedes_needs_the_synthetic_flag_and_labels_everything(home: Path) -> None:
    code, _ = invoke(home, "generate", "sedes")
    assert code == 2
    code, out = invoke(home, "generate", "sedes", "--synthetic", "--seed", "5", "--json")
    assert code == 0, out
    assert json.loads(out)["synthetic"] is True
    code, out = invoke(
        home,
        "indicator",
        "extraedad",
        "--level",
        "department",
        "--area",
        "27",
        "--year",
        "2025",
        "--json",
    )
    assert code == 0, out
    [row] = json.loads(out)
    assert row["provenance"]["synthetic"] is True
    assert "SYNTHETIC" in row["provenance"]["method"]


def test_men_sedes_import_through_the_cli(home: Path, shared_data: Path) -> None:
    code, out = invoke(home, "import", "men-sedes-2025", str(shared_data / MEN_SEDES), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["rows_read"], report["rows_imported"], report["sedes"]) == (210, 210, 11611)


def test_coverage_at_sede_level_is_a_usage_error(home: Path) -> None:
    code, _ = invoke(home, "indicator", "cobertura_neta", "--level", "sede")
    assert code == 2


def test_indicator_by_population_group(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *ROWS])
    assert invoke(home, "import", "sede-matricula", str(path), "--json")[0] == 0
    by_group: dict[str, dict[str, Any]] = {}
    for group in ("COL", "VEN"):
        args = ["--level", "sede", "--area", SEDE, "--group", group, "--json"]
        code, out = invoke(home, "indicator", "desercion_sede", *args)
        assert code == 0, out
        [by_group[group]] = json.loads(out)
    # from ROWS: VEN 2 withdrawn of 25, COL 1 of 15
    assert (by_group["VEN"]["numerator"], by_group["VEN"]["denominator"]) == (2, 25)
    assert by_group["VEN"]["value"] == pytest.approx(100 * 2 / 25, abs=1e-4)
    assert (by_group["COL"]["numerator"], by_group["COL"]["denominator"]) == (1, 15)
    assert by_group["VEN"]["group"] == by_group["VEN"]["provenance"]["group"] == "VEN"
    # no group: every group together
    code, out = invoke(
        home, "indicator", "desercion_sede", "--level", "sede", "--area", SEDE, "--json"
    )
    [total] = json.loads(out)
    assert total["group"] is None
    assert total["numerator"] == 2 + 1
    code, out = invoke(home, "indicator", "desercion_sede", "--group", "XX")
    assert code == 2
    code, out = invoke(home, "indicator", "estudiantes_por_docente", "--group", "VEN")
    assert code == 2
