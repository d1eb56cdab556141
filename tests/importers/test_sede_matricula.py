"""sede-matricula: SIMAT-style counts by sede, grade, sex, age and nationality."""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from tests.support.schools import publish_divipola_municipalities, publish_geography_with_etc
from trayecto.importers import sede_matricula
from trayecto.importers.sede_matricula_problems import SHOWN_LENGTH
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

HEADER = [
    "AÑO", "CÓDIGO DANE SEDE", "NOMBRE SEDE", "CÓDIGO MUNICIPIO", "ZONA", "SECTOR",
    "DOCENTES", "GRADO", "SEXO", "EDAD", "NACIONALIDAD",
    "MATRICULADOS", "RETIRADOS", "APROBADOS", "REPROBADOS", "REPITENTES",
]  # fmt: skip
# Synthetic rows written by the test: two sedes of Quibdó and one of Nuevo Belén de Bajirá
# (code still 27615 Riosucio, current municipality 27493).
A = ["2025", "127001003453", "SEDE A", "", "URBANA", "OFICIAL", "3"]
B = ["2025", "127001004107", "SEDE B", "", "RURAL", "OFICIAL", "1"]
BAJIRA = ["2025", "227615000111", "SEDE BAJIRÁ", "27493", "RURAL", "OFICIAL", "2"]
GOOD = [
    [*A, "1", "F", "6", "COL", "20", "1", "17", "2", "1"],
    [*A, "1", "M", "9", "VEN", "5", "2", "2", "1", "0"],
    [*B, "0", "F", "5", "COL", "8", "0", "8", "0", "0"],
    [*BAJIRA, "5", "M", "10", "COL", "12", "3", "8", "1", "2"],
]


def write_csv(path: Path, records: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(records)
    return path


@pytest.fixture
def places(warehouse: Warehouse, shared_data: Path) -> Warehouse:
    publish_divipola_municipalities(warehouse, shared_data)
    return warehouse


def test_it_imports_every_row_and_builds_the_sede_list(places: Warehouse, tmp_path: Path) -> None:
    report = sede_matricula.load(write_csv(tmp_path / "m.csv", GOOD), places)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 4, 0)
    assert not report.refused
    con = places.connect()
    sedes = rows(con, "select * from sede order by sede_code")
    assert [s["sede_code"] for s in sedes] == ["127001003453", "127001004107", "227615000111"]
    by_code = {s["sede_code"]: s for s in sedes}
    assert by_code["127001003453"]["enrolment"] == int(GOOD[0][11]) + int(GOOD[1][11])
    assert by_code["127001003453"]["teachers"] == 3
    assert by_code["227615000111"]["municipality_code"] == "27493"
    assert by_code["127001004107"]["municipality_code"] == "27001"
    assert all(s["source"] == "sede-matricula" and not s["is_synthetic"] for s in sedes)
    ven = rows(con, "select sum(enrolled) as n from sede_enrolment where nationality = 'VEN'")
    assert ven == [{"n": 5}]


def test_each_sede_gets_the_etc_of_its_municipality(
    warehouse: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    """Bajirá (27493) has no row in MEN's list of its own: it is in the ETC of Riosucio, the
    municipality it was split from."""
    publish_geography_with_etc(warehouse, shared_data)
    assert not sede_matricula.load(write_csv(tmp_path / "m.csv", GOOD), warehouse).refused
    con = warehouse.connect()
    latest: dict[str, tuple[int, str]] = {}  # municipality -> (year, ETC) of its last year
    for r in rows(con, "select municipality_code, year, etc_code from municipality_etc"):
        known = latest.get(r["municipality_code"])
        if known is None or r["year"] > known[0]:
            latest[r["municipality_code"]] = (r["year"], r["etc_code"])
    etc_of = {code: etc for code, (_, etc) in latest.items()}
    sedes = rows(con, "select sede_code, municipality_code, etc_code from sede")
    assert {s["sede_code"]: s["etc_code"] for s in sedes} == {
        "127001003453": etc_of["27001"],
        "127001004107": etc_of["27001"],
        "227615000111": etc_of["27615"],
    }
    assert "27493" not in etc_of
    assert etc_of["27001"] != etc_of["27615"]  # Quibdó is certified, Riosucio is not


def test_the_same_file_twice_changes_nothing(places: Warehouse, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", GOOD)
    first = sede_matricula.load(path, places)
    version = places.manifest().version
    second = sede_matricula.load(path, places)
    assert first.rows_imported == second.rows_imported == 4
    assert second.details["unchanged"] is True
    assert places.manifest().version == version


def test_an_unchanged_file_is_known_by_its_hash_before_anything_is_parsed(
    places: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national file is 700 MB: reading the geography and the header of a file already
    imported cost more than its hash (issue 17)."""
    path = write_csv(tmp_path / "m.csv", GOOD)
    sede_matricula.load(path, places)

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed an unchanged file")

    for step in ("load_places", "open_csv", "map_columns", "staging"):
        monkeypatch.setattr(sede_matricula, step, parsed)
    again = sede_matricula.load(path, places)
    assert (again.details["unchanged"], again.rows_imported) == (True, 4)
    assert (again.details["sedes"], again.details["years"]) == (3, [2025])


def test_an_import_opens_no_view_of_the_school_tables(
    places: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view reads the footer of every file of its table: a decade of partitioned school
    tables made each import into it pay for a thousand files it never reads (issue 17)."""
    sede_matricula.load(write_csv(tmp_path / "first.csv", GOOD), places)
    asked: list[tuple[str, ...] | None] = []
    connect = places.connect

    def recorded(version: int | None = None, *, tables: tuple[str, ...] | None = None) -> Any:
        asked.append(tables)
        return connect(version, tables=tables)

    monkeypatch.setattr(places, "connect", recorded)
    corrected = [r.copy() for r in GOOD]
    corrected[0][11] = "21"
    assert not sede_matricula.load(write_csv(tmp_path / "second.csv", corrected), places).refused
    assert asked
    assert all(tables is not None and "sede_enrolment" not in tables for tables in asked)


def test_a_dry_run_of_an_imported_file_checks_its_rows_again(
    places: Warehouse, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "m.csv", GOOD)
    sede_matricula.load(path, places)
    dry = sede_matricula.load(path, places, dry_run=True)
    assert (dry.dry_run, dry.rows_read, "unchanged" in dry.details) == (True, 4, False)


def test_a_missing_file_is_refused_by_the_reader_not_the_hash(
    places: Warehouse, tmp_path: Path
) -> None:
    report = sede_matricula.load(tmp_path / "none.csv", places)
    assert report.refused
    assert "file not found" in report.problems[0].message


def test_a_newer_vintage_replaces_its_sedes_and_keeps_the_older_in_history(
    places: Warehouse, tmp_path: Path
) -> None:
    sede_matricula.load(write_csv(tmp_path / "v1.csv", GOOD), places)
    corrected = [r.copy() for r in GOOD[:2]]
    corrected[0][11] = "21"  # one more pupil in SEDE A
    sede_matricula.load(write_csv(tmp_path / "v2.csv", corrected), places)
    con = places.connect()
    totals = rows(con, "select sede_code, enrolment from sede order by sede_code")
    assert totals[0] == {"sede_code": "127001003453", "enrolment": 21 + 5}
    assert len(totals) == 3  # the other sedes of the first file stay
    assert len(places.history("sede_enrolment")) == 2


def test_a_workbook_is_read_like_the_csv(places: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("matricula")
    sheet.write_row(0, 0, HEADER)
    for i, record in enumerate(GOOD, start=1):
        # Excel users type numbers: codes and counts arrive as numbers, not text.
        sheet.write_row(i, 0, [int(x) if x.isdigit() else x for x in record])
    book.close()
    report = sede_matricula.load(path, places)
    assert (report.rows_imported, report.rows_rejected) == (4, 0)
    assert rows(places.connect(), "select count(*) as n from sede") == [{"n": 3}]
    # The same workbook again is known by its hash too, before its sheet is read.
    again = sede_matricula.load(path, places)
    assert (again.details["unchanged"], again.rows_imported) == (True, 4)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("CÓDIGO DANE SEDE", "12700100345", "12-digit"),
        ("CÓDIGO DANE SEDE", "199999003453", "not a known municipality"),
        ("GRADO", "14", "MEN grade"),
        ("SEXO", "X", "F or M"),
        ("EDAD", "120", "0 to 99"),
        ("NACIONALIDAD", "PERU", "COL, VEN or OTH"),
        ("MATRICULADOS", "-3", "≥ 0"),
        ("RETIRADOS", "2.5", "≥ 0"),
        ("REPITENTES", "30", "more repeating"),
    ],
)
def test_a_bad_value_is_reported_with_row_and_column_and_nothing_is_imported(
    places: Warehouse, tmp_path: Path, column: str, value: str, message: str
) -> None:
    bad = [r.copy() for r in GOOD]
    bad[2][HEADER.index(column)] = value
    report = sede_matricula.load(write_csv(tmp_path / "bad.csv", bad), places)
    assert report.refused
    assert report.reconciles
    assert report.rows_imported == 0
    row_problems = [p for p in report.problems if p.row]
    assert len(row_problems) == 1
    assert row_problems[0].row == 4  # header is line 1, third data row is line 4
    assert row_problems[0].column == column
    assert row_problems[0].value == value
    assert message in row_problems[0].message
    assert not places.has("sede_enrolment")


def test_outcomes_above_enrolment_are_reported_on_the_enrolment(
    places: Warehouse, tmp_path: Path
) -> None:
    bad = [r.copy() for r in GOOD]
    bad[0][HEADER.index("APROBADOS")] = "30"
    report = sede_matricula.load(write_csv(tmp_path / "bad.csv", bad), places)
    problem = next(p for p in report.problems if p.row)
    assert (problem.row, problem.column, problem.value) == (2, "MATRICULADOS", GOOD[0][11])
    outcomes = 30 + int(GOOD[0][12]) + int(GOOD[0][14])
    assert f"= {outcomes} is more than the {GOOD[0][11]} enrolled" in problem.message


def test_a_sede_with_two_teacher_counts_is_reported(places: Warehouse, tmp_path: Path) -> None:
    bad = [r.copy() for r in GOOD]
    bad[1][HEADER.index("DOCENTES")] = "4"
    report = sede_matricula.load(write_csv(tmp_path / "bad.csv", bad), places)
    assert report.refused
    assert [(p.row, p.column) for p in report.problems if p.row] == [(3, "DOCENTES")]


def test_a_repeated_cell_is_reported(places: Warehouse, tmp_path: Path) -> None:
    report = sede_matricula.load(write_csv(tmp_path / "dup.csv", [*GOOD, GOOD[0]]), places)
    assert report.refused
    assert "line 2" in report.problems[-1].message


@pytest.mark.parametrize(
    "header", ["NOMBRE ESTUDIANTE", "Número de documento", "APELLIDO1", "NUIP"]
)
def test_a_file_with_personal_data_is_refused_whole(
    places: Warehouse, tmp_path: Path, header: str
) -> None:
    report = sede_matricula.load(
        write_csv(tmp_path / "p.csv", [[*r, "x"] for r in GOOD], [*HEADER, header]), places
    )
    assert report.refused
    assert report.rows_read == 0
    assert report.problems[0].column == header
    assert "personal data" in report.problems[0].message


def test_a_missing_required_column_refuses_the_file(places: Warehouse, tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "EDAD"]
    records = [[v for h, v in zip(HEADER, r, strict=True) if h != "EDAD"] for r in GOOD]
    report = sede_matricula.load(write_csv(tmp_path / "m.csv", records, header), places)
    assert report.refused
    assert "edad" in report.problems[0].message


def test_a_dry_run_validates_and_publishes_nothing(places: Warehouse, tmp_path: Path) -> None:
    report = sede_matricula.load(write_csv(tmp_path / "m.csv", GOOD), places, dry_run=True)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 4, 0)
    assert report.dry_run
    assert not places.has("sede_enrolment")


def test_names_of_places_and_institutions_are_not_personal_data(
    places: Warehouse, tmp_path: Path
) -> None:
    header = [*HEADER, "NOMBRE ESTABLECIMIENTO", "NOMBRE MUNICIPIO"]
    path = write_csv(tmp_path / "m.csv", [[*r, "IE X", "Quibdó"] for r in GOOD], header)
    report = sede_matricula.load(path, places)
    assert not report.refused
    assert {p.column for p in report.problems if p.severity == "warning"} == set(header[-2:])


def test_an_implausible_count_is_reported_not_overflowed(places: Warehouse, tmp_path: Path) -> None:
    bad = [r.copy() for r in GOOD]
    bad[1][HEADER.index("MATRICULADOS")] = "3000000000"
    bad[2][HEADER.index("DOCENTES")] = "99999999999999999999"
    bad[3][HEADER.index("DOCENTES")] = "99999999999999999999"
    report = sede_matricula.load(write_csv(tmp_path / "big.csv", bad), places)
    assert report.refused
    assert report.reconciles
    problems = [(p.row, p.column, p.value) for p in report.problems if p.row]
    assert problems == [
        (3, "MATRICULADOS", "3000000000"),
        (4, "DOCENTES", "99999999999999999999"),
        (5, "DOCENTES", "99999999999999999999"),
    ]
    assert "3,000,000,000 is more than 50,000, the most plausible" in report.problems[1].message
    assert "1e+20 is more than 50,000, the most plausible" in report.problems[2].message


def test_a_line_break_inside_a_quoted_cell_is_read_and_a_short_row_reported(
    places: Warehouse, tmp_path: Path
) -> None:
    """DuckDB's parallel reader refuses a file with a line break inside quotes (raised from
    a reading thread, as a plain duckdb.Error): the file is read again without it."""
    records = [r.copy() for r in GOOD]
    name = HEADER.index("NOMBRE SEDE")
    for record in records[:2]:  # both rows of sede A: "SEDE" and a second line
        record[name] = "SEDE\nCON SALTO"
    path = write_csv(tmp_path / "break.csv", records)
    report = sede_matricula.load(path, places)
    assert not report.refused, report.problems
    assert (report.rows_read, report.rows_imported) == (len(GOOD), len(GOOD))
    names = rows(places.connect(), "select sede_name from sede order by sede_code")
    assert names[0]["sede_name"] == "SEDE\nCON SALTO"
    short = write_csv(tmp_path / "short.csv", [*records, records[0][:2]])
    report = sede_matricula.load(short, places)
    assert report.refused
    assert [p.row for p in report.problems if p.row] == [len(GOOD) + 2]
    # A quote left open: the rest of the file is one cell, shown back shortened.
    text = (tmp_path / "break.csv").read_text(encoding="utf-8")
    open_quote = tmp_path / "open.csv"
    open_quote.write_text(text.replace(";URBANA;", ';"URBANA;', 1) + "x" * 500, encoding="utf-8")
    report = sede_matricula.load(open_quote, places)
    assert report.refused
    assert all(len(p.value) <= SHOWN_LENGTH + 1 for p in report.problems if p.row)
    assert any(p.value.endswith("…") for p in report.problems if p.row)


def test_line_numbers_count_blank_lines_and_latin1_is_read(
    places: Warehouse, tmp_path: Path
) -> None:
    bad = [r.copy() for r in GOOD]
    bad[3][HEADER.index("SEXO")] = "X"
    text = ";".join(HEADER) + "\n" + "\n".join(";".join(r) for r in bad[:2]) + "\n\n\n"
    text += "\n".join(";".join(r) for r in bad[2:]) + "\n"
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.encode("latin-1"))  # "SEDE BAJIRÁ" and the headers in Latin-1
    report = sede_matricula.load(path, places)
    assert [(p.row, p.column, p.value) for p in report.problems if p.row] == [(7, "SEXO", "X")]
    bad[3][HEADER.index("SEXO")] = "M"
    path.write_bytes(text.replace(";X;", ";M;").encode("latin-1"))
    report = sede_matricula.load(path, places)
    assert (report.rows_read, report.rows_imported) == (4, 4)
    assert any("Latin-1" in p.message for p in report.problems if p.severity == "warning")
    names = rows(places.connect(), "select sede_name from sede order by sede_code")
    assert names[-1] == {"sede_name": "SEDE BAJIRÁ"}


def test_a_file_rewrites_only_the_partitions_it_touches(places: Warehouse, tmp_path: Path) -> None:
    sede_matricula.load(write_csv(tmp_path / "choco.csv", GOOD), places)
    before = places.entry("sede_enrolment").partitions
    assert sorted(before) == ["sede-matricula/2025/27"]
    other = [["2025", "105001000011", "SEDE MEDELLÍN", "", "URBANA", "OFICIAL", "9", *r[7:]]
             for r in GOOD[:2]]  # fmt: skip
    report = sede_matricula.load(write_csv(tmp_path / "antioquia.csv", other), places)
    assert not report.refused
    after = places.entry("sede_enrolment").partitions
    assert sorted(after) == ["sede-matricula/2025/05", "sede-matricula/2025/27"]
    # the Chocó partition is the very same file: not read, not rewritten
    assert after["sede-matricula/2025/27"].file == before["sede-matricula/2025/27"].file
    assert places.entry("sede_enrolment_grade").partitions.keys() == after.keys()
    total = rows(places.connect(), "select count(*) as n from sede_enrolment")
    assert total == [{"n": len(GOOD) + len(other)}]


def test_two_imports_at_once_keep_both_files(places: Warehouse, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", GOOD[:2])
    second = write_csv(tmp_path / "b.csv", GOOD[2:])
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(
            pool.map(lambda p: sede_matricula.load(p, Warehouse(places.root)), [first, second])
        )
    assert not any(r.refused for r in reports)
    sedes = rows(places.connect(), "select sede_code from sede order by sede_code")
    assert [s["sede_code"] for s in sedes] == ["127001003453", "127001004107", "227615000111"]


def test_a_bad_row_of_a_workbook_is_reported_by_its_sheet_row(
    places: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("matricula")
    sheet.write_row(0, 0, HEADER)
    bad = [r.copy() for r in GOOD]
    bad[3][HEADER.index("EDAD")] = "120"
    for i, record in enumerate(bad):
        # a blank sheet row between the second and third data rows
        sheet.write_row(i + 1 + (i >= 2), 0, [int(x) if x.isdigit() else x for x in record])
    book.close()
    report = sede_matricula.load(path, places)
    assert report.refused
    assert [(p.row, p.column, p.value) for p in report.problems if p.row] == [(6, "EDAD", "120")]


def test_a_file_again_after_another_replaced_some_of_its_sedes_is_imported_again(
    places: Warehouse, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "v1.csv", GOOD)
    sede_matricula.load(first, places)
    corrected = [r.copy() for r in GOOD[:2]]
    corrected[0][11] = "21"  # SEDE A, corrected by a second file
    sede_matricula.load(write_csv(tmp_path / "v2.csv", corrected), places)
    again = sede_matricula.load(first, places)
    assert again.details["unchanged"] is False  # the first file's SEDE A is not current
    enrolment = rows(
        places.connect(), "select enrolment from sede where sede_code = '127001003453'"
    )
    assert enrolment == [{"enrolment": int(GOOD[0][11]) + int(GOOD[1][11])}]
    assert sede_matricula.load(first, places).details["unchanged"] is True


def test_excel_unicode_text_utf16_with_tabs_is_read_and_said(
    places: Warehouse, tmp_path: Path
) -> None:
    """Excel's "Unicode text" (UTF-16, tab-separated) gave "missing columns" before."""
    text = "\t".join(HEADER) + "\n" + "\n".join("\t".join(r) for r in GOOD) + "\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    report = sede_matricula.load(path, places)
    assert not report.refused, report.problems
    assert (report.rows_read, report.rows_imported) == (4, 4)
    assert any("UTF-16" in p.message for p in report.problems if p.severity == "warning")


def test_counts_are_read_as_every_importer_reads_a_whole_number(
    places: Warehouse, tmp_path: Path
) -> None:
    """`1.234` = `1,234` = 1234 and `20,0` = 20, as in the 5W and MEN readers
    (importers/cells.py); a real fraction is still refused."""
    grouped = [r.copy() for r in GOOD]
    enrolled, teachers = HEADER.index("MATRICULADOS"), HEADER.index("DOCENTES")
    grouped[0][enrolled], grouped[0][teachers] = "1.020", "3,0"
    grouped[1][enrolled] = "1,005"
    report = sede_matricula.load(write_csv(tmp_path / "grouped.csv", grouped), places)
    assert (report.rows_imported, report.refused) == (4, False), report.problems
    [sede] = rows(places.connect(), "select * from sede where sede_code = '127001003453'")
    assert (sede["enrolment"], sede["teachers"]) == (1020 + 1005, 3)
    grouped[0][enrolled] = "1,5"
    refused = sede_matricula.load(write_csv(tmp_path / "fraction.csv", grouped), places)
    assert refused.refused
    [problem] = [p for p in refused.problems if p.row]
    assert (problem.row, problem.column, problem.value) == (2, "MATRICULADOS", "1,5")
