"""The 5W commands end to end, as a user types them, on a fresh $TRAYECTO_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS

TRAYECTO = [sys.executable, "-m", "trayecto.cli"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAYECTO_HOME": str(home), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    return subprocess.run(
        [*TRAYECTO, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def fill(path: Path, rows: list[dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(path)
    sheet = wb["5W"]
    for i, row in enumerate(rows):
        for j, column in enumerate(TEMPLATE_COLUMNS):
            sheet.cell(FIRST_DATA_ROW + i, j + 1, row.get(column.field))
    wb.save(path)


@pytest.mark.slow
def test_template_import_and_reach_from_the_command_line(tmp_path: Path, shared_data: Path) -> None:
    home = tmp_path / "home"
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    assert run(home, "import", "divipola", str(divipola)).returncode == 0
    added = run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo", "--json")
    assert json.loads(added.stdout)["created"] is True
    assert run(home, "org", "add", "X", "--code", "x", "--type", "alien").returncode == 2
    unknown = run(home, "template", "5w", "--period", "2026-03", "--org", "nobody", "--out", "x")
    assert unknown.returncode == 2

    workbook = tmp_path / "nrc-2026-03.xlsx"
    made = run(
        home, "template", "5w", "--period", "2026-03", "--org", "nrc", "--out", str(workbook)
    )
    assert made.returncode == 0, made.stderr
    line = {
        "org": "nrc", "month": "2026-03", "municipality": "81001 - Arauca (Arauca)",
        "activity": "EDU-04", "population_group": "Refugiados y migrantes en tránsito",
        "beneficiary_type": "Nuevo", "beneficiaries": 12, "cell:f:6-11": 12,
    }  # fmt: skip
    fill(workbook, [line, {**line, "activity": "EDU-09"}, {**line, "beneficiaries": "doce"}])

    dry = run(home, "import", "5w", str(workbook), "--dry-run", "--json")
    report = json.loads(dry.stdout)
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (3, 2, 1)
    assert report["problems"][0]["row"] == FIRST_DATA_ROW + 2
    assert report["dry_run"] is True

    done = run(home, "import", "5w", str(workbook), "--org", "nrc", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["submissions"][0]["action"] == "import"

    published = run(home, "reach", "--period", "2026-03", "--json")
    assert json.loads(published.stdout) == []  # nothing published yet
    submitted = run(home, "reach", "--period", "2026-03", "--status", "submitted", "--json")
    (figure,) = json.loads(submitted.stdout)
    assert (figure["area_code"], figure["value"]) == ("CO", 12)  # max across the two activities
    by_muni = run(
        home, "reach", "--level", "municipality", "--period", "2026-03",
        "--status", "submitted", "--rule", "sum_new", "--json",
    )  # fmt: skip
    (arauca,) = json.loads(by_muni.stdout)
    assert (arauca["area_code"], arauca["value"], arauca["provenance"]["method"]) == (
        "81001",
        24,
        "sum_new",
    )
    assert arauca["area_name"]
    assert run(home, "reach", "--period", "2026-13").returncode == 2
    assert run(home, "import", "divipola", str(divipola), "--org", "nrc").returncode == 2
