"""`trayecto import` for the official statistics sources: JSON report, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trayecto.cli import app
from trayecto.importers import registry

pytestmark = pytest.mark.django_db  # `trayecto` migrates $TRAYECTO_HOME's database first

SOURCES = ("men-municipio", "men-departamento", "dane-proyecciones", "migracion-venezolanos")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.mark.usefixtures("trayecto_home")
def test_each_official_source_imports_from_its_registered_file(shared_data: Path) -> None:
    for source_id in SOURCES:
        source = registry.get(source_id)
        assert source.url.startswith("https://")
        path = shared_data / source.folder / source.filename
        code, out = invoke("import", source_id, str(path), "--json")
        assert code == 0, out
        report = json.loads(out)
        assert report["rows_read"] == report["rows_imported"] + report["rows_rejected"]
        assert report["rows_imported"] > 0
        for problem in report["problems"]:
            assert {"row", "column", "value", "message", "severity"} <= problem.keys()
        code, out = invoke("import", source_id, str(path), "--json")
        assert json.loads(out)["unchanged"] is True


@pytest.mark.usefixtures("trayecto_home")
def test_a_refused_file_exits_1_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "not_men.csv"
    path.write_text("x,y\n1,2\n", encoding="utf-8")
    code, out = invoke("import", "men-municipio", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["refused"] is True
    assert "missing columns" in report["problems"][0]["message"]


@pytest.mark.usefixtures("trayecto_home")
def test_dry_run_reports_without_publishing(shared_data: Path, trayecto_home: Path) -> None:
    source = registry.get("migracion-venezolanos")
    code, out = invoke(
        "import",
        "migracion-venezolanos",
        str(shared_data / source.folder / source.filename),
        "--dry-run",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["rows_imported"] == 1114
    assert not (trayecto_home / "warehouse" / "manifest.json").exists()
