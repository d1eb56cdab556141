"""`trayecto import` groups repeated problems in its printed report; --json lists each one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.official_data import MIGRANTS
from trayecto.cli.main import app

BAD_ROWS = 25


@pytest.fixture
def damaged(shared_data: Path, tmp_path: Path) -> Path:
    """The real Migración file with one count of 25 rows spoiled (synthetic damage)."""
    lines = (shared_data / MIGRANTS).read_bytes().decode("latin-1").splitlines()
    for i in range(1, BAD_ROWS + 1):
        fields = lines[i].split(",")
        fields[4] = "muchos"
        lines[i] = ",".join(fields)
    path = tmp_path / "migrants_synthetic.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


def test_repeated_problems_print_as_one_line_with_the_first_ten_rows(
    damaged: Path, trayecto_home: Path
) -> None:
    result = CliRunner().invoke(app, ["import", "migracion-venezolanos", str(damaged)])
    assert result.exit_code == 0, result.stdout
    column = damaged.read_bytes().decode("latin-1").split("\n", 1)[0].split(",")[4].strip()
    [grouped] = [line for line in result.stdout.splitlines() if "muchos" in line]
    assert grouped.startswith(f"  [error] {BAD_ROWS} rows, column {column}: not a whole number")
    assert "rows 2 ('muchos'), 3 ('muchos')" in grouped
    assert "11 ('muchos'), …" in grouped
    assert "12 (" not in grouped
    assert "(first 10; --json lists all)" in grouped
    # A problem seen once prints as before: row, column, value, message.
    assert "  [warning] row 0: 'migrants_synthetic.csv': the file is not UTF-8" in result.stdout


def test_the_json_keeps_every_row(damaged: Path, trayecto_home: Path) -> None:
    result = CliRunner().invoke(
        app, ["import", "migracion-venezolanos", str(damaged), "--json", "--dry-run"]
    )
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    bad = [p for p in report["problems"] if p["value"] == "muchos"]
    assert [p["row"] for p in bad] == list(range(2, BAD_ROWS + 2))
    assert report["rows_rejected"] == BAD_ROWS
