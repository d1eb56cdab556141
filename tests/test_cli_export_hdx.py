"""`trayecto export hdx --out DIR`: HXL-tagged CSVs read back by libhxl, and a metadata JSON
in CKAN's dataset shape naming the methodology, licence, dates and warehouse version."""

from __future__ import annotations

import json
from pathlib import Path

import hxl
import pytest
from typer.testing import CliRunner

from tests.support.official_data import official_warehouse
from trayecto.cli.main import app

LOCAL = hxl.InputOptions(allow_local=True)


@pytest.fixture
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    root = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    (home / "warehouse").symlink_to(root, target_is_directory=True)
    return home


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    return result.exit_code, result.stdout


def test_the_package_reads_back_with_libhxl(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "hdx"
    code, printed = invoke(
        home, "export", "hdx", "--out", str(out),
        "--indicators", "cobertura_neta,desercion", "--json",
    )  # fmt: skip
    assert code == 0, printed
    metadata = json.loads(printed)
    assert metadata == json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    names = sorted(r["url"] for r in metadata["resources"])
    assert names == [
        "cobertura_neta-department.csv", "cobertura_neta-municipality.csv",
        "desercion-department.csv", "desercion-municipality.csv",
    ]  # fmt: skip
    _, cli_json = invoke(home, "indicator", "cobertura_neta", "--level", "department", "--json")
    expected = json.loads(cli_json)
    source = hxl.data(str(out / "cobertura_neta-department.csv"), LOCAL)
    tags = source.display_tags
    assert "#adm1+code" in tags
    assert "#indicator+value+num" in tags
    assert "#meta+manifest" in tags
    rows = list(source)
    assert len(rows) == len(expected) > 100
    arauca_2022 = [r for r in rows if r.get("#adm1+code") == "81" and r.get("#date+year") == "2022"]
    want = [r for r in expected if (r["area_code"], r["year"]) == ("81", 2022)]
    assert float(arauca_2022[0].get("#indicator+value+num")) == pytest.approx(want[0]["value"])
    version = want[0]["provenance"]["manifest_version"]
    assert arauca_2022[0].get("#meta+manifest") == str(version)
    municipal = list(hxl.data(str(out / "desercion-municipality.csv"), LOCAL))
    assert municipal[0].get("#adm2+code")


def test_the_metadata_has_ckans_shape_and_the_warehouse_version(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "hdx"
    code, _ = invoke(home, "export", "hdx", "--out", str(out), "--indicators", "cobertura_neta",
                     "--level", "department")  # fmt: skip
    assert code == 0
    metadata = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    for field in ("name", "title", "notes", "license_id", "methodology", "methodology_other",
                  "dataset_source", "dataset_date", "groups", "tags", "resources"):  # fmt: skip
        assert metadata[field], field
    assert metadata["license_id"] == "cc-by"
    assert metadata["groups"] == [{"name": "col"}]
    extras = {e["key"]: e["value"] for e in metadata["extras"]}
    version = int(extras["warehouse_manifest_version"])
    assert version > 0
    assert metadata["name"].endswith(f"-v{version}")
    assert metadata["dataset_date"].startswith("[2011-01-01")  # MEN's series start in 2011
    assert "never averaged" in metadata["methodology_other"]


def test_bad_choices_are_usage_errors(home: Path, tmp_path: Path) -> None:
    assert invoke(home, "export", "hdx", "--out", str(tmp_path), "--indicators", "nope")[0] == 2
    assert invoke(home, "export", "hdx", "--out", str(tmp_path), "--level", "sede")[0] == 2
