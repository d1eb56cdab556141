"""affected-schools: the real Chocó earthquake list (303 rows, 3 misfiltered)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.support.schools import publish_divipola_municipalities
from trayecto.importers import affected_schools
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

FOLDER = "emergencia_sismo2026_sedes_choco"
FILE = "sedes_educativas_afectadas_choco_ago2026.csv"
LEVELS = ["Primera infancia", "Primaria", "Secundaria", "Media", "Adultos"]


@pytest.fixture
def places(warehouse: Warehouse, shared_data: Path) -> Warehouse:
    publish_divipola_municipalities(warehouse, shared_data)
    return warehouse


def read_source(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / FOLDER / FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_the_real_list_loads_the_chocó_sedes_and_rejects_the_misfiltered_ones(
    places: Warehouse, shared_data: Path
) -> None:
    source = read_source(shared_data)
    report = affected_schools.load(shared_data / FOLDER / FILE, places)
    outside = [r for r in source if r["Departamento"] != "Chocó"]
    assert report.rows_read == len(source)
    assert report.rows_rejected == len(outside) == 3
    assert report.reconciles
    rejected = {p.value for p in report.problems if p.severity == "error"}
    assert rejected == {r["Código DANE"][1:3] for r in outside}
    con = places.connect()
    total = rows(con, "select sum(enrolment_total) as n, count(*) as sedes from affected_school")
    expected = sum(int(r["Matrícula total"]) for r in source if r["Departamento"] == "Chocó")
    assert total == [{"n": expected, "sedes": len(source) - 3}]
    # The identity of the README holds in every imported row.
    assert rows(
        con,
        "select count(*) as n from affected_school where enrolment_total <> "
        "enrolment_early_childhood + enrolment_primary + enrolment_secondary "
        "+ enrolment_upper_secondary + enrolment_adults",
    ) == [{"n": 0}]


def test_the_municipality_comes_from_the_name_not_the_code(
    places: Warehouse, shared_data: Path
) -> None:
    affected_schools.load(shared_data / FOLDER / FILE, places)
    source = read_source(shared_data)
    bajira = [r["Código DANE"] for r in source if r["Municipio"] == "Nuevo Belén de Bajirá"]
    assert bajira
    assert all(code[1:6] == "27615" for code in bajira)
    con = places.connect()
    found = rows(
        con,
        "select distinct municipality_code from affected_school where sede_code in "
        "(select unnest($codes))",
        {"codes": bajira},
    )
    assert found == [{"municipality_code": "27493"}]
    sede = rows(
        con, "select count(*) as n, sum(enrolment) as e from sede where source = 'affected-schools'"
    )
    assert sede[0]["n"] == len(source) - 3


def test_a_level_sum_that_disagrees_with_the_total_is_rejected(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    text = (shared_data / FOLDER / FILE).read_bytes().decode("utf-8")  # keep CRLF
    lines = text.split("\r\n")
    cells = lines[1].split(";")
    cells[8] = str(int(cells[8]) + 1)  # Primera infancia one more than the total allows
    lines[1] = ";".join(cells)
    path = tmp_path / "edited.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    report = affected_schools.load(path, places)
    problem = next(p for p in report.problems if p.row == 2)
    assert problem.column == "Matrícula total"
    assert f"add up to {int(cells[4]) + 1}" in problem.message
    assert report.rows_rejected == 4
    assert report.reconciles


def test_a_share_that_implies_another_etc_total_is_reported(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    text = (shared_data / FOLDER / FILE).read_bytes().decode("utf-8")  # keep CRLF
    lines = text.split("\r\n")
    cells = lines[1].split(";")
    share = float(cells[5])
    cells[5] = f"{share * 2:.4f}"  # the first Quibdó sede now implies half the ETC
    lines[1] = ";".join(cells)
    path = tmp_path / "edited.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    report = affected_schools.load(path, places)
    warnings = [p for p in report.problems if p.severity == "warning"]
    assert [(p.row, p.column) for p in warnings] == [(2, "Aporte % ETC")]
    implied = int(cells[4]) / (share * 2) * 100
    assert f"{implied:,.0f}" in warnings[0].message
    # The unedited file implies one total per ETC: no warning at all.
    clean = affected_schools.load(shared_data / FOLDER / FILE, places)
    assert not [p for p in clean.problems if p.severity == "warning"]


def test_the_same_list_twice_changes_nothing_and_a_dry_run_publishes_nothing(
    places: Warehouse, shared_data: Path
) -> None:
    dry = affected_schools.load(shared_data / FOLDER / FILE, places, dry_run=True)
    assert (dry.rows_imported, dry.rows_rejected) == (300, 3)
    assert not places.has("affected_school")
    affected_schools.load(shared_data / FOLDER / FILE, places)
    version = places.manifest().version
    again = affected_schools.load(shared_data / FOLDER / FILE, places)
    assert (again.details["unchanged"], again.details["manifest_version"]) == (True, version)
    assert places.manifest().version == version


def test_the_vintage_is_the_lists_date_and_the_hash_is_kept_apart(
    places: Warehouse, shared_data: Path
) -> None:
    report = affected_schools.load(shared_data / FOLDER / FILE, places)
    # `..._ago2026.csv`: the list's cut-off month, not the file's content hash
    assert report.details["vintage"] == "2026-08"
    assert len(report.details["file_sha256"]) == 64
    con = places.connect()
    for table in ("affected_school", "sede"):
        assert rows(con, f"select distinct vintage from {table}") == [  # noqa: S608
            {"vintage": "2026-08"}
        ]
    assert rows(con, "select distinct file_sha256 from affected_school") == [
        {"file_sha256": report.details["file_sha256"]}
    ]
    assert places.entry("affected_school").meta["file_sha256"] == report.details["file_sha256"]


@pytest.mark.parametrize(
    ("name", "vintage"),
    [
        ("sedes_afectadas_20260815.csv", "2026-08-15"),
        ("sedes_afectadas_2026-09-01.csv", "2026-09-01"),
        ("sedes_afectadas_choco_sept2026.csv", "2026-09"),
        ("sedes_afectadas.csv", "2026"),  # no date in the name: the decree's year
    ],
)
def test_the_vintage_comes_from_the_file_name_else_the_decree_year(name: str, vintage: str) -> None:
    assert affected_schools.list_vintage(Path(name), 2026) == vintage


def test_cells_read_the_counts_and_a_bad_cell_names_the_users_column(
    places: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    """Counts and shares go through `cells`: `2.975` is 2975, `51,0` is 51; a bad
    cell rejects its row under the header as the user wrote it, and the counts reconcile."""
    text = (shared_data / FOLDER / FILE).read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    first = lines[1].split(";")  # 2975 enrolled, share 8.0992, 51 teachers (OCHA's row)
    first[4], first[5], first[14] = "2.975", "8,0992", "51,0"  # synthetic spellings
    lines[1] = ";".join(first)
    second = lines[2].split(";")
    second[14] = "-4"  # synthetic: a negative number of teachers
    lines[2] = ";".join(second)
    path = tmp_path / "edited.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    report = affected_schools.load(path, places)
    assert report.reconciles
    assert report.rows_rejected == 3 + 1  # the three misfiltered rows, and the negative one
    [negative] = [p for p in report.problems if p.row == 3]
    assert (negative.column, negative.value, negative.severity) == ("Docentes", "-4", "error")
    assert negative.message == "is negative: the value must be zero or more"
    [sede] = rows(
        places.connect(),
        "select enrolment_total, etc_share_pct, teachers, in_decree from affected_school "
        "where sede_code = $code",
        {"code": first[0]},
    )
    assert sede == {
        "enrolment_total": 2975,
        "etc_share_pct": 8.0992,
        "teachers": 51,
        "in_decree": True,
    }
