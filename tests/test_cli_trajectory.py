"""`trayecto import simat-estudiantes` and `trayecto trajectory`: the CLI contract (JSON
fields, exit codes), and nothing identifying left anywhere in $TRAYECTO_HOME."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.importers.test_simat_students import identities
from tests.support.schools import publish_geography_with_etc
from tests.support.students import write_years
from trayecto.analytics import risk, trajectory_uis
from trayecto.cli.main import app
from trayecto.domain import trajectory as rules
from trayecto.domain import trajectory_uis as uis
from trayecto.importers import student_key
from trayecto.warehouse import Warehouse, engine

pytestmark = pytest.mark.django_db  # `trayecto import` migrates $TRAYECTO_HOME's database

FIELDS = {
    "area_code", "area_name", "year", "enrolled", "promoted", "repeated", "dropped_out",
    "graduated", "changed_sede", "changed_municipality", "returned", "promotion_rate",
    "repetition_rate", "dropout_rate",
}  # fmt: skip


CUCUTA, ARAUCA = "3802", "3824"  # the ETCs of the test's sedes (Cúcuta's is its own)


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


def _imported(home: tuple[Path, list[Path]]) -> tuple[Path, list[Path]]:
    folder, files = home
    for path in files:
        invoke(folder, "import", "simat-estudiantes", str(path))
    return folder, files


def _downloaded(folder: Path, etc: str, year: int, to: Path) -> list[dict[str, str]]:
    """The list the ETC's analyst downloads (the page writes it with the same function)."""
    con = Warehouse(folder / "warehouse").connect()
    try:
        text = risk.list_csv(risk.Risk(con, year).pseudonymous_list(etc), etc, year)
    finally:
        con.close()
    to.write_text(text, encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _key(folder: Path, etc: str, to: Path) -> Path:
    result = CliRunner().invoke(app, ["trajectory", "etc-key", etc, "--out", str(to)],
                                env={"TRAYECTO_HOME": str(folder)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return to


def test_etc_key_writes_an_owner_only_file_of_that_etc_and_is_audited(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, _ = _imported(home)
    path = _key(folder, CUCUTA, tmp_path / "k.txt")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    etc, key = student_key.read_etc_key(path)
    master = student_key.load_key(folder, create=False)
    assert master is not None
    assert (etc, key) == (CUCUTA, student_key.etc_key(master, CUCUTA))
    assert key != master
    assert key != student_key.etc_key(master, ARAUCA)
    assert master.hex() not in path.read_text()
    from trayecto.web.response.models import AuditLog

    entry = AuditLog.objects.filter(action="etc_key_given").latest("id")
    assert (entry.object_type, entry.object_id, entry.user_id) == ("etc", int(CUCUTA), None)
    assert entry.detail == {"etc": CUCUTA, "via": "cli"}
    # never overwritten, never for something that is not an ETC code
    for args in ([CUCUTA, "--out", str(path)], ["81001", "--out", str(tmp_path / "x")]):
        result = CliRunner().invoke(app, ["trajectory", "etc-key", *args],
                                    env={"TRAYECTO_HOME": str(folder)})  # fmt: skip
        assert result.exit_code == 2


def test_etc_key_without_an_import_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["trajectory", "etc-key", CUCUTA, "--out",
                                      str(tmp_path / "k.txt")],
                                env={"TRAYECTO_HOME": str(tmp_path / "empty")})  # fmt: skip
    assert result.exit_code == 1
    assert not (tmp_path / "k.txt").exists()


def test_reidentify_gives_the_etc_its_list_back_with_names_from_three_files_only(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = _imported(home)
    listed = _downloaded(folder, CUCUTA, 2024, tmp_path / "seudonimos.csv")
    key = _key(folder, CUCUTA, tmp_path / "clave.txt")
    out = tmp_path / "con_riesgo.csv"
    # on the ETC's machine: no $TRAYECTO_HOME, no installation key, no warehouse
    elsewhere = tmp_path / "etc-machine"
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(files[1]), "--list", str(tmp_path / "seudonimos.csv"),
              "--key-file", str(key), "--out", str(out), "--json"],
        env={"TRAYECTO_HOME": str(elsewhere), student_key.ENV: ""},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert not elsewhere.exists()
    summary = json.loads(result.stdout)
    with open(files[1], encoding="utf-8", newline="") as fh:
        source = list(csv.DictReader(fh, delimiter=";"))
    with open(out, encoding="utf-8", newline="") as fh:
        written = list(csv.DictReader(fh, delimiter=";"))
    # the same rows, in the same order, with the three columns added
    assert summary["rows"] == len(source) == len(written)
    assert [r["numero_documento"] for r in written] == [r["numero_documento"] for r in source]
    assert list(written[0])[-3:] == ["riesgo_puntos", "riesgo_alto", "riesgo_condiciones"]
    # every student of the list is found, and only the ETC's own sede's rows get a score
    assert summary["listed"] == len(listed) == summary["listed_found"] > 0
    scored = [r for r in written if r["riesgo_puntos"]]
    assert len(scored) == summary["scored"] > 0
    assert {r["codigo_dane_sede"] for r in scored} == {"154001000001"}
    # each score is the one the warehouse computed for that student (installation pseudonym)
    master = student_key.load_key(folder, create=False)
    assert master is not None
    con = Warehouse(folder / "warehouse").connect()
    try:
        risk.Risk(con, 2024)
        truth = dict(engine.values(con, "select student_id, score from student_risk"))
    finally:
        con.close()
    for row in scored:
        student = student_key.hmac_hex(master, "doc:" + row["numero_documento"].upper())
        assert int(row["riesgo_puntos"]) == truth[student]
        assert set(row["riesgo_condiciones"].split()) <= set(rules.CONDITIONS)
    high = {r["numero_documento"] for r in scored if r["riesgo_alto"] == "SI"}
    assert len(high) == sum(r["riesgo_alto"] == "SI" for r in listed)


def test_another_etcs_key_gets_no_name_back_from_a_list(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = _imported(home)
    listed = _downloaded(folder, ARAUCA, 2024, tmp_path / "arauca.csv")
    key = _key(folder, CUCUTA, tmp_path / "cucuta.txt")
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(files[1]), "--list", str(tmp_path / "arauca.csv"),
              "--key-file", str(key), "--out", str(tmp_path / "x.csv")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"ETC {CUCUTA}" in result.stderr
    assert f"ETC {ARAUCA}" in result.stderr
    assert not (tmp_path / "x.csv").exists()
    # the list relabelled as Cúcuta's: the key still turns no Arauca student into a pseudonym
    forged = tmp_path / "forged.csv"
    with open(forged, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(listed[0]), delimiter=";")
        writer.writeheader()
        writer.writerows({**r, "etc": CUCUTA} for r in listed)
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(files[1]), "--list", str(forged),
              "--key-file", str(key), "--out", str(tmp_path / "y.csv"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["listed"] == len(listed) > 0
    assert (summary["listed_found"], summary["scored"]) == (0, 0)


def test_reidentify_refuses_a_list_that_is_not_the_download(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = _imported(home)
    key = _key(folder, CUCUTA, tmp_path / "k.txt")
    old = tmp_path / "old.csv"  # the list as downloaded before the ETC keys
    old.write_text("seudonimo;sede;grado;puntos;riesgo_alto\nabc;154001000001;3;4;SI\n")
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(files[1]), "--list", str(old),
              "--key-file", str(key), "--out", str(tmp_path / "x.csv")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "download it again" in " ".join(result.stderr.split())
    bad_key = tmp_path / "bad.txt"
    bad_key.write_text("etc=3802\nkey=xyz\n")
    _downloaded(folder, CUCUTA, 2024, tmp_path / "l.csv")
    result = CliRunner().invoke(
        app, ["trajectory", "reidentify", str(files[1]), "--list", str(tmp_path / "l.csv"),
              "--key-file", str(bad_key), "--out", str(tmp_path / "x.csv")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "64 hexadecimal digits" in result.stderr
    # a key file others can read: a warning, not a refusal
    assert "chmod 600" in " ".join(result.stderr.split())


def test_reidentify_reads_a_latin1_export_with_commas_like_its_utf8_twin(
    home: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    folder, files = _imported(home)
    _downloaded(folder, CUCUTA, 2024, tmp_path / "l.csv")
    key = _key(folder, CUCUTA, tmp_path / "k.txt")
    latin = tmp_path / "latin.csv"
    with open(files[1], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    with open(latin, "w", encoding="latin-1", newline="") as fh:
        csv.writer(fh, delimiter=",").writerows(rows)
    outputs = []
    for path in (files[1], latin):
        out = tmp_path / f"out-{path.stem}.csv"
        code, output = invoke(folder, "trajectory", "reidentify", str(path), "--list",
                              str(tmp_path / "l.csv"), "--key-file", str(key),
                              "--out", str(out))  # fmt: skip
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
