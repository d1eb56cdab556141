"""`trayecto import` for the official statistics sources: JSON report, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trayecto.cli.main import app
from trayecto.domain.problems import UNCHANGED
from trayecto.importers import registry
from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db  # `trayecto` migrates $TRAYECTO_HOME's database first

OFFICIAL = sorted(s.id for s in registry.SOURCES.values() if s.official)
TEXT_TABLES = [s for s in OFFICIAL if registry.get(s).filename.lower().endswith(".csv")]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def registered_file(shared_data: Path, source_id: str) -> Path:
    source = registry.get(source_id)
    return shared_data / source.folder / source.filename


@pytest.mark.parametrize("source_id", OFFICIAL)
def test_each_official_source_imports_from_its_registered_file_once(
    source_id: str, shared_data: Path, trayecto_home: Path
) -> None:
    # (OCHA's Colombian JIAF extraction comes from a mirror only: docs/sources.md)
    assert registry.get(source_id).url.startswith("https://") or source_id == "jiaf-hno"
    if source_id != "divipola":  # the reference geography every other source is checked against
        code, out = invoke("import", "divipola", str(registered_file(shared_data, "divipola")))
        assert code == 0, out
    warehouse = Warehouse(trayecto_home / "warehouse")
    before = warehouse.manifest().version
    path = registered_file(shared_data, source_id)
    code, out = invoke("import", source_id, str(path), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["rows_read"] == report["rows_imported"] + report["rows_rejected"]
    assert report["rows_imported"] > 0
    for problem in report["problems"]:
        assert {"row", "column", "value", "message", "severity"} <= problem.keys()
    published = warehouse.manifest().version
    assert published == before + 1  # every table of the file in one manifest swap
    assert (report["unchanged"], report["manifest_version"]) == (False, published)
    code, out = invoke("import", source_id, str(path), "--json")
    assert code == 0, out
    again = json.loads(out)
    assert again["rows_imported"] == report["rows_imported"]
    assert warehouse.manifest().version == published  # the same file twice publishes nothing
    # Every loader says so in the same words and keys.
    assert (again["unchanged"], again["manifest_version"]) == (True, published)
    assert again["message"] == UNCHANGED
    code, out = invoke("import", source_id, str(path))
    assert code == 0, out
    said = [line for line in out.splitlines() if "unchanged" in line]
    assert said == [
        f"{report['source']}: rows read {report['rows_read']}, imported {report['rows_imported']}, "
        f"rejected {report['rows_rejected']} — {UNCHANGED} (manifest version {published})"
    ]


@pytest.mark.usefixtures("trayecto_home")
def test_a_refused_file_exits_1_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "not_men.csv"
    path.write_text("x,y\n1,2\n", encoding="utf-8")
    code, out = invoke("import", "men-municipio", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["refused"] is True
    assert "missing columns" in report["problems"][0]["message"]


@pytest.mark.parametrize("source_id", TEXT_TABLES)
@pytest.mark.usefixtures("trayecto_home")
def test_a_file_with_no_usable_rows_is_refused_saying_why(
    source_id: str, shared_data: Path, tmp_path: Path
) -> None:
    """The registered file's header and nothing else: every loader refuses it with a reason."""
    source = registry.get(source_id)
    if source_id != "divipola":
        code, out = invoke("import", "divipola", str(registered_file(shared_data, "divipola")))
        assert code == 0, out
    header = registered_file(shared_data, source_id).read_bytes().splitlines(keepends=True)[0]
    path = tmp_path / source.filename
    path.write_bytes(header)
    code, out = invoke("import", source_id, str(path), "--json")
    assert code == 1, out
    report = json.loads(out)
    assert report["refused"] is True
    assert report["problems"], "a refused file must say why"
    assert report["problems"][0]["message"]


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
