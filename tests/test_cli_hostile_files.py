"""`trayecto import` on hostile workbooks, in a real process: a refusal with a message and
exit 1, never an abort (exit 134 / -6 when the reader asked for 512 GB)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.hostile_files import SheetSpec, repeated_rows, table_rows, two_corners
from tests.support.hostile_files import write_workbook as write_hostile
from trayecto.importers.workbooks import LIMITS

TRAYECTO = [sys.executable, "-m", "trayecto.cli"]
SEDE_HEADER = [
    "año", "codigo_dane_sede", "nombre_sede", "grado", "sexo", "edad", "nacionalidad",
    "matriculados",
]  # fmt: skip


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAYECTO_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [*TRAYECTO, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    home = tmp_path_factory.mktemp("home")
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    assert run(home, "import", "divipola", str(divipola)).returncode == 0
    assert (
        run(home, "org", "add", "Consejo Noruego", "--code", "nrc", "--type", "ingo").returncode
        == 0
    )
    return home


def refusal(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    report = json.loads(done.stdout)
    assert report["refused"] is True
    assert report["rows_imported"] == 0
    return " ".join(p["message"] for p in report["problems"])


@pytest.mark.slow
def test_a_two_cell_workbook_spanning_the_whole_sheet_is_refused(
    home: Path, tmp_path: Path
) -> None:
    path = two_corners(tmp_path / "corners.xlsx")
    five_w = refusal(run(home, "import", "5w", str(path), "--org", "nrc", "--dry-run", "--json"))
    assert "la hoja 'Hoja1' declara celdas hasta XFD1048576 (1,048,576 filas" in five_w
    sede = refusal(run(home, "import", "sede-matricula", str(path), "--json"))
    assert "sheet 'Hoja1' declares cells up to XFD1048576" in sede
    assert "Delete the empty rows and columns after your data" in sede


@pytest.mark.slow
def test_a_workbook_of_identical_rows_past_the_row_limit_is_refused(
    home: Path, tmp_path: Path
) -> None:
    """Rows like the 1.58 MB workbook that unpacked to 399 MB; no dimension declared, so it
    is the scan that stops it."""
    row = ["2025", "127001003453", "SEDE", "4", "F", "9", "VEN", "25"]
    path = repeated_rows(tmp_path / "rows.xlsx", SEDE_HEADER, row, LIMITS.rows, dimension=False)
    assert path.stat().st_size < 30_000_000
    message = refusal(run(home, "import", "sede-matricula", str(path), "--dry-run", "--json"))
    assert "holds cells up to H600001 (600,001 rows × 8 columns)" in message


@pytest.mark.slow
def test_sede_matricula_reads_the_visible_sheet_not_the_hidden_one(
    home: Path, tmp_path: Path
) -> None:
    """It imported the hidden sheet's one row and ignored the 3,000 visible ones (exit 0)."""
    hidden = SheetSpec(
        "Oculta",
        table_rows(SEDE_HEADER, [["2025", "144001000001", "OCULTA", "4", "F", "9", "COL", 1]]),
        hidden=True,
    )
    visible_rows = [
        ["2025", f"1810010{i:05d}", f"SEDE {i}", "4", sex, "9", "VEN", 10]
        for i in range(1_500)
        for sex in ("F", "M")
    ]
    visible = SheetSpec("Matrícula", table_rows(SEDE_HEADER, visible_rows))
    path = write_hostile(tmp_path / "hidden.xlsx", [hidden, visible])
    done = run(home, "import", "sede-matricula", str(path), "--json")
    assert done.returncode == 0, done.stdout[-2000:]
    report = json.loads(done.stdout)
    assert (report["rows_read"], report["rows_imported"]) == (3_000, 3_000)
    warnings = [p["message"] for p in report["problems"] if p["severity"] == "warning"]
    assert any("sheet 'Oculta' is hidden: it was not imported" in w for w in warnings)


@pytest.mark.slow
def test_implausible_counts_are_refused_with_their_row(home: Path, tmp_path: Path) -> None:
    rows = [
        ["2025", "181001000001", "SEDE", "4", "F", "9", "VEN", 3_000_000_000],
        ["2025", "181001000001", "SEDE", "4", "M", "9", "VEN", 12],
    ]
    path = write_hostile(tmp_path / "big.xlsx", [SheetSpec("H", table_rows(SEDE_HEADER, rows))])
    done = run(home, "import", "sede-matricula", str(path), "--json")
    assert done.returncode == 1, done.stderr[-2000:]
    report = json.loads(done.stdout)
    (problem,) = [p for p in report["problems"] if p["row"] == 2]
    assert problem["value"] == "3000000000"
    assert "3,000,000,000 is more than 50,000, the most plausible" in problem["message"]
