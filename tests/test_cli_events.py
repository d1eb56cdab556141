"""`trayecto event add|show|list` and `trayecto import affected-schools FILE --event ID` on the
real Chocó 2026 list (the CLI contract: JSON, exit codes 0 / 1 / 2)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.schools import publish_geography_with_etc
from trayecto.cli.main import app
from trayecto.warehouse import Warehouse

AFFECTED = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"

pytestmark = pytest.mark.django_db


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def as_json(home: Path, *args: str) -> Any:
    code, output = invoke(home, *args, "--json")
    assert code == 0, output
    return json.loads(output)


@pytest.fixture
def home(shared_data: Path, tmp_path: Path) -> Path:
    publish_geography_with_etc(Warehouse(tmp_path / "warehouse"), shared_data)
    return tmp_path


def source_rows(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / AFFECTED, encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter=";") if r["Departamento"] == "Chocó"]


def test_an_event_is_recorded_its_list_imported_and_its_figures_shown(
    home: Path, shared_data: Path
) -> None:
    added = as_json(
        home, "event", "add", "--type", "earthquake", "--date", "2026-08-09",
        "--department", "27", "--title", "Sismo Chocó",
    )  # fmt: skip
    event_id = str(added["id"])
    report = as_json(
        home, "import", "affected-schools", str(shared_data / AFFECTED), "--event", event_id
    )
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (303, 300, 3)
    assert {p["column"] for p in report["problems"] if p["severity"] == "error"} == {"Departamento"}
    shown = as_json(home, "event", "show", event_id)
    rows = source_rows(shared_data)
    assert shown["sedes_affected"] == len(rows) == 300
    assert shown["students_affected"] == sum(int(r["Matrícula total"]) for r in rows)
    assert shown["teachers_affected"] == sum(int(r["Docentes"] or 0) for r in rows)
    assert shown["sedes_reached"] == 0
    quibdo = next(m for m in shown["by_municipality"] if m["area_code"] == "27001")
    assert quibdo["area_name"] == "Quibdó"
    in_quibdo = [r for r in rows if r["Municipio"] == "Quibdó"]
    assert (quibdo["sedes"], quibdo["students"]) == (
        len(in_quibdo),
        sum(int(r["Matrícula total"]) for r in in_quibdo),
    )
    assert sum(m["sedes"] for m in shown["by_municipality"]) == 300
    listed = as_json(home, "event", "list")
    assert [(e["id"], e["sedes_affected"]) for e in listed] == [(added["id"], 300)]
    # Importing the same list again replaces it: the figures do not double.
    as_json(home, "import", "affected-schools", str(shared_data / AFFECTED), "--event", event_id)
    assert as_json(home, "event", "show", event_id)["sedes_affected"] == 300


def test_a_dry_run_imports_nothing(home: Path, shared_data: Path) -> None:
    added = as_json(
        home, "event", "add", "--type", "natural_disaster", "--date", "2026-08-09",
        "--department", "27", "--title", "Sismo",
    )  # fmt: skip
    report = as_json(
        home, "import", "affected-schools", str(shared_data / AFFECTED),
        "--event", str(added["id"]), "--dry-run",
    )  # fmt: skip
    assert report["dry_run"]
    assert report["rows_imported"] == 300
    assert as_json(home, "event", "show", str(added["id"]))["sedes_affected"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "add", "--type", "volcano", "--date", "2026-08-09", "--department", "27",
          "--title", "x"], "unknown event type 'volcano'"),
        (["event", "add", "--type", "flood", "--date", "9/8/2026", "--department", "27",
          "--title", "x"], "--date must be YYYY-MM-DD"),
        (["event", "add", "--type", "flood", "--date", "2026-08-09", "--department", "27",
          "--municipality", "05001", "--title", "x"], "not in the event's departments"),
        (["event", "show", "41"], "no event 41"),
        (["import", "affected-schools", "{list}", "--event", "41"], "no event 41"),
        (["import", "men-sedes-2025", "{list}", "--event", "1"], "--event applies to"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_and_say_why(
    home: Path, shared_data: Path, args: list[str], message: str
) -> None:
    args = [a.replace("{list}", str(shared_data / AFFECTED)) for a in args]
    result = CliRunner().invoke(app, args, env={"TRAYECTO_HOME": str(home)})
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_a_list_that_cannot_be_read_is_refused_with_exit_1(home: Path, tmp_path: Path) -> None:
    added = as_json(
        home, "event", "add", "--type", "flood", "--date", "2026-05-02",
        "--department", "27", "--title", "Inundación",
    )  # fmt: skip
    bad = tmp_path / "lista.csv"
    bad.write_text("Código DANE;Sede\n127001000004;X\n", encoding="utf-8")
    code, output = invoke(
        home, "import", "affected-schools", str(bad), "--event", str(added["id"]), "--json"
    )
    assert code == 1
    assert "missing columns: severidad" in json.loads(output)["problems"][0]["message"]
