"""`trayecto import` of a source that writes only the warehouse, in a real process: the test
process has Django started by pytest-django, so only a process of its own shows that the
command does not start it (it cost 1.6 s of every such import, more than recognising an
unchanged national file by its hash)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TRAYECTO = [sys.executable, "-m", "trayecto.cli"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAYECTO_HOME": str(home)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):  # the default database: a file
        env.pop(name, None)
    return subprocess.run(
        [*TRAYECTO, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_a_statistics_file_is_imported_without_starting_django(
    tmp_path: Path, shared_data: Path
) -> None:
    home = tmp_path / "home"
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    done = run(home, "import", "divipola", str(divipola), "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["rows_imported"] > 1_000
    assert (home / "warehouse" / "manifest.json").exists()
    assert not (home / "trayecto.sqlite3").exists()  # no database: Django never started
    again = run(home, "import", "divipola", str(divipola), "--json")
    assert json.loads(again.stdout)["rows_imported"] == report["rows_imported"]
    assert not (home / "trayecto.sqlite3").exists()
    # A command on the operational database still creates and migrates it.
    added = run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo")
    assert added.returncode == 0, added.stderr[-2000:]
    assert (home / "trayecto.sqlite3").exists()
