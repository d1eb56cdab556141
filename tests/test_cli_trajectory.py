"""`trayecto import simat-estudiantes` and `trayecto trajectory`: the CLI contract (JSON
fields, exit codes), and nothing identifying left anywhere in $TRAYECTO_HOME."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.importers.test_simat_students import identities
from tests.support.schools import publish_geography_with_etc
from tests.support.students import write_years
from trayecto.analytics import trajectory_uis
from trayecto.cli import app
from trayecto.domain import trajectory_uis as uis
from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db  # `trayecto import` migrates $TRAYECTO_HOME's database

FIELDS = {
    "area_code", "area_name", "year", "enrolled", "promoted", "repeated", "dropped_out",
    "graduated", "changed_sede", "changed_municipality", "returned", "promotion_rate",
    "repetition_rate", "dropout_rate",
}  # fmt: skip


def invoke(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    home = tmp_path_factory.mktemp("home")
    publish_geography_with_etc(Warehouse(home / "warehouse"), shared_data)
    _, _, files = write_years(tmp_path_factory.mktemp("files"))
    return home, files


def test_import_then_trajectory_by_etc_with_the_contract_fields(
    home: tuple[Path, list[Path]],
) -> None:
    folder, files = home
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code, output = invoke(folder, "import", "simat-estudiantes", str(files[0]), "--dry-run",
                          "--json")  # fmt: skip
    assert code == 0
    assert json.loads(output)["dry_run"]
    for path in files:
        code, output = invoke(folder, "import", "simat-estudiantes", str(path), "--json")
        report = json.loads(output)
        assert code == 0, report["problems"][:3]
        assert report["rows_read"] == report["rows_imported"] > 0
    code, output = invoke(folder, "trajectory", "--level", "etc", "--year", "2024", "--json")
    assert code == 0, output
    rows = json.loads(output)
    # the test's sedes are in Arauca, Saravena (the department's ETC) and Cúcuta (its own)
    assert {r["area_name"] for r in rows} == {"Arauca (ETC)", "Cúcuta"}
    for row in rows:
        assert set(row) == FIELDS
        assert row["year"] == 2024
        parts = row["promoted"] + row["repeated"] + row["dropped_out"] + row["graduated"]
        assert row["enrolled"] == parts
        assert row["dropout_rate"] == round(100 * row["dropped_out"] / row["enrolled"], 2)
    # the department of Arauca is one ETC: the same figures at both levels
    code, output = invoke(folder, "trajectory", "--level", "department", "--area", "81",
                          "--year", "2024", "--json")  # fmt: skip
    [arauca] = json.loads(output)
    assert arauca["area_name"] == "Arauca"
    [etc] = [r for r in rows if r["area_name"] == "Arauca (ETC)"]
    assert {k: v for k, v in etc.items() if k not in ("area_code", "area_name")} == {
        k: v for k, v in arauca.items() if k not in ("area_code", "area_name")
    }
    # nothing identifying anywhere in the home: warehouse, database, secrets, logs
    secrets = identities(files)
    changed = [p for p in folder.rglob("*") if p.is_file() and before.get(p) != p.read_bytes()]
    assert changed
    assert [p for p in changed for s in secrets if s in p.read_bytes()] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--level", "planet", "--year", "2024"], "--level must be one of"),
        (["--level", "nation"], "--year is required"),
        (["--level", "nation", "--year", "2024", "--group", "XX"], "--group must be one of"),
        (["--level", "nation", "--year", "2024", "--sex", "x"], "--sex must be f or m"),
    ],
)
def test_usage_errors_exit_2_saying_what_is_allowed(
    tmp_path: Path, args: list[str], says: str
) -> None:
    result = CliRunner().invoke(app, ["trajectory", *args], env={"TRAYECTO_HOME": str(tmp_path)})
    assert result.exit_code == 2
    assert says in result.stderr


def test_a_year_without_its_next_year_exits_1(home: tuple[Path, list[Path]]) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    result = CliRunner().invoke(
        app, ["trajectory", "--level", "nation", "--year", "2025"],
        env={"TRAYECTO_HOME": str(folder)},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "years that can be asked: 2023, 2024" in " ".join(result.stderr.split())


def test_reidentify_adds_the_score_to_the_etcs_own_export(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    out = tmp_path / "con_riesgo.csv"
    code, output = invoke(folder, "trajectory", "reidentify", str(files[1]), "--out", str(out),
                          "--json")  # fmt: skip
    assert code == 0, output
    result = json.loads(output)
    with open(files[1], encoding="utf-8", newline="") as fh:
        source = list(csv.DictReader(fh, delimiter=";"))
    with open(out, encoding="utf-8", newline="") as fh:
        written = list(csv.DictReader(fh, delimiter=";"))
    assert result["rows"] == len(source) == len(written)
    # the same rows, in the same order, with the two columns added
    assert [r["numero_documento"] for r in written] == [r["numero_documento"] for r in source]
    assert {r["riesgo_alto"] for r in written} <= {"SI", "NO", ""}
    scored = [r for r in written if r["riesgo_puntos"]]
    assert len(scored) == result["scored"] > 0
    # a row's score is its student's: the figures of `trajectory risk` per sede add up
    code, output = invoke(folder, "trajectory", "risk", "--year", "2024", "--level", "nation",
                          "--json")  # fmt: skip
    [nation] = json.loads(output)["areas"]
    high = {
        r["numero_documento"] for r in written if r["riesgo_alto"] == "SI"
    }  # a student's rows (a transfer, a duplicate) carry the same score
    assert len(high) == nation["high_risk"]


def test_reidentify_without_the_key_of_the_import_exits_1(
    shared_data: Path, tmp_path: Path
) -> None:
    _, _, files = write_years(tmp_path / "files")
    code, _ = invoke(tmp_path / "empty-home", "trajectory", "reidentify", str(files[0]),
                     "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert code == 1
    assert not (tmp_path / "x.csv").exists()


def test_reidentify_reads_a_latin1_export_with_commas_like_its_utf8_twin(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    latin = tmp_path / "latin.csv"
    with open(files[1], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    with open(latin, "w", encoding="latin-1", newline="") as fh:
        csv.writer(fh, delimiter=",").writerows(rows)
    outputs = []
    for path in (files[1], latin):
        out = tmp_path / f"out-{path.stem}.csv"
        code, output = invoke(folder, "trajectory", "reidentify", str(path), "--out", str(out))
        assert code == 0, output
        with open(out, encoding="utf-8", newline="") as fh:
            outputs.append([(r["primer_apellido"], r["riesgo_puntos"])
                            for r in csv.DictReader(fh, delimiter=";")])  # fmt: skip
    assert outputs[0] == outputs[1]
    assert any(score for _, score in outputs[0])


def test_survival_gives_each_cohorts_share_reaching_each_grade(
    home: tuple[Path, list[Path]],
) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    code, output = invoke(folder, "trajectory", "survival", "--year", "2023", "--grade", "1",
                          "--level", "etc", "--json")  # fmt: skip
    assert code == 0, output
    rows = json.loads(output)
    assert {r["area_name"] for r in rows} == {"Arauca (ETC)", "Cúcuta"}
    for row in rows:
        assert (row["entry_year"], row["entry_grade"], row["last_year"]) == (2023, 1, 2025)
        assert [s["grade"] for s in row["survival"]] == [1, 2, 3]
        assert [s["on_time_year"] for s in row["survival"]] == [2023, 2024, 2025]
        assert row["survival"][0]["reached"] == row["cohort"]
        for step in row["survival"]:
            assert step["rate"] == round(100 * step["reached"] / row["cohort"], 2)
    result = CliRunner().invoke(
        app, ["trajectory", "survival", "--year", "2025"], env={"TRAYECTO_HOME": str(folder)}
    )
    assert result.exit_code == 1
    assert "can be asked: 2023, 2024" in " ".join(result.stderr.split())
    result = CliRunner().invoke(
        app, ["trajectory", "survival", "--year", "2023", "--grade", "12"],
        env={"TRAYECTO_HOME": str(folder)},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "0 to 11" in result.stderr


def test_survival_sets_uis_reconstructed_cohort_beside_the_true_one(
    home: tuple[Path, list[Path]],
) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    code, output = invoke(folder, "trajectory", "survival", "--year", "2023", "--grade", "1",
                          "--level", "department", "--json")  # fmt: skip
    assert code == 0, output
    rows = json.loads(output)
    con = Warehouse(folder / "warehouse").connect()
    counts = trajectory_uis.grade_counts(con, year=2023, level="department")
    for row in rows:
        expected = uis.survival(counts[row["area_code"]], 1, 2)
        assert row["uis"] == json.loads(json.dumps(expected))
        for step, estimate in zip(row["survival"], expected["survival"], strict=False):
            assert step["uis_by_last_year"] == estimate["by_last_year"]
            assert step["uis_eventual"] == estimate["eventual"]
            assert step["difference"] == round(step["rate"] - estimate["by_last_year"], 2)
        assert row["survival"][0]["uis_by_last_year"] == 100.0
        assert next(r["grade"] for r in row["uis"]["rates"]) == 1
    code, output = invoke(folder, "trajectory", "survival", "--year", "2023", "--level",
                          "nation")  # fmt: skip
    assert code == 0, output
    assert "UIS reconstructed cohort" in output
    [nation] = trajectory_uis.beside_true_survival(con, year=2023, grade=1, level="nation")
    last = nation["survival"][-1]
    assert f"{last['uis_eventual']}" in output
    assert f"{last['difference']}" in output


def test_etpv_indicators_per_etc_from_the_student_files(home: tuple[Path, list[Path]]) -> None:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    code, output = invoke(folder, "trajectory", "etpv", "--year", "2024", "--json")
    assert code == 0, output
    rows = json.loads(output)
    assert rows
    assert {r["year"] for r in rows} == {2024}
    for r in rows:
        assert r["nes"] + r["pep"] + r["ppt"] + r["other"] == r["venezuelan"]
    code, output = invoke(folder, "trajectory", "etpv", "--year", "1999", "--json")
    assert (code, json.loads(output)) == (0, [])  # no student file that year
