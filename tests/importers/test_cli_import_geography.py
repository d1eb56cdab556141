"""`trayecto import <geography source> PATH [--json]` end to end, with TRAYECTO_HOME in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trayecto.cli.main import app
from trayecto.importers import registry

from .test_geography import DIVIPOLA

pytestmark = pytest.mark.django_db  # `trayecto` migrates $TRAYECTO_HOME's database first


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_import_divipola_json(shared_data: Path, trayecto_home: Path) -> None:
    code, out = invoke("import", "divipola", str(shared_data / DIVIPOLA), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (
        1121,
        1121,
        0,
    )
    assert report["problems"] == []
    assert report["tables"] == {"department": 33, "municipality": 1123}
    assert (trayecto_home / "warehouse" / "manifest.json").exists()

    code, out = invoke("import", "divipola", str(shared_data / DIVIPOLA), "--json")
    assert code == 0
    assert json.loads(out)["unchanged"] is True


@pytest.mark.usefixtures("trayecto_home")
def test_every_geography_source_imports_in_order(shared_data: Path) -> None:
    for source_id in ("divipola", "pcodes", "mgn2018", "etc", "place-aliases"):
        source = registry.get(source_id)
        code, out = invoke(
            "import", source_id, str(shared_data / source.folder / source.filename), "--json"
        )
        assert code == 0, out
        report = json.loads(out)
        assert report["rows_read"] == report["rows_imported"] + report["rows_rejected"]
        for problem in report["problems"]:
            assert set(problem) >= {"row", "column", "value", "message"}


@pytest.mark.usefixtures("trayecto_home")
def test_a_refused_file_exits_1_with_the_line(shared_data: Path, tmp_path: Path) -> None:
    broken = tmp_path / "divipola.csv"
    broken.write_bytes((shared_data / DIVIPOLA).read_text(encoding="utf-8").encode("latin-1"))
    code, out = invoke("import", "divipola", str(broken), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["refused"] is True
    assert report["problems"][0]["row"] == 2
    assert "not UTF-8" in report["problems"][0]["message"]


@pytest.mark.usefixtures("trayecto_home")
def test_the_text_report_says_unchanged(shared_data: Path) -> None:
    invoke("import", "pcodes", str(shared_data / "ocha_pcodes_col/global_pcodes_adm1_adm2_COL.csv"))
    code, out = invoke(
        "import", "pcodes", str(shared_data / "ocha_pcodes_col/global_pcodes_adm1_adm2_COL.csv")
    )
    assert code == 0
    assert "rows read 1155, imported 1155, rejected 0" in out
    assert "unchanged: this file is already the current version" in out


@pytest.mark.usefixtures("trayecto_home")
def test_usage_errors_exit_2(shared_data: Path, tmp_path: Path) -> None:
    assert invoke("import", "nosuch", str(shared_data / DIVIPOLA))[0] == 2
    assert invoke("import", "divipola", str(tmp_path / "missing.csv"))[0] == 2


@pytest.mark.slow
def test_the_installed_command_runs_in_a_fresh_home(shared_data: Path, tmp_path: Path) -> None:
    """The real `trayecto` process (the test process has Django started by pytest-django, so
    only a process of its own shows what the command starts). An import writes only the
    warehouse: it creates the home and no database, since starting Django and migrating cost
    1.6 s of every import; a command on the operational database creates and migrates it."""
    home = tmp_path / "fresh"
    env = {**os.environ, "TRAYECTO_HOME": str(home)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):  # the default database: a file
        env.pop(name, None)

    def trayecto(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "trayecto.cli", *args]
        return subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=120, check=False
        )

    done = trayecto("import", "divipola", str(shared_data / DIVIPOLA), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_imported"] == 1121
    assert (home / "warehouse" / "manifest.json").exists()
    assert not (home / "trayecto.sqlite3").exists()
    added = trayecto("org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo")
    assert added.returncode == 0, added.stderr[-2000:]
    assert (home / "trayecto.sqlite3").exists()
