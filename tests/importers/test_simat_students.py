"""`simat-estudiantes`: student files pseudonymised at import; no identity is ever stored."""

from __future__ import annotations

import csv
import hmac
import json
import os
import stat
import unicodedata
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
import xlsxwriter

from tests.support.schools import publish_divipola_municipalities, publish_geography_with_etc
from tests.support.students import write_years
from trayecto.importers import registry, simat_students, student_key
from trayecto.warehouse import Warehouse

HEADER = ";".join(
    ["Año", "Tipo Documento", "Número Documento", "Primer Nombre", "Segundo Nombre",
     "Primer Apellido", "Segundo Apellido", "Fecha Nacimiento", "GÉNERO", "País Origen",
     "Código DANE Sede", "Grado", "Estado", "Resultado"]
)  # fmt: skip
GOOD = (
    "2024;TI;1.098.765.432;Luz;Dary;Peñaranda;Quiñónez;2013-05-17;F;COL;181001000001;5;"
    "MATRICULADO;APROBADO"
)


@pytest.fixture
def places(tmp_path: Path, shared_data: Path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "home" / "warehouse")
    publish_divipola_municipalities(warehouse, shared_data)
    return warehouse


def write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def identities(files: list[Path]) -> set[bytes]:
    """Every document number, full birth date and long surname or name of the files, as
    bytes in the forms they could be written in (as read, in capitals without accents,
    Latin-1): none of them may appear under $TRAYECTO_HOME after the import."""
    found: set[str] = set()
    for path in files:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                found.add(row["numero_documento"])
                found.add(row["fecha_nacimiento"])
                y, m, d = row["fecha_nacimiento"].split("-")
                found.add(f"{d}/{m}/{y}")
                for column in ("primer_nombre", "primer_apellido", "segundo_apellido"):
                    if len(row[column]) >= 7:  # shorter words may occur in any binary file
                        found.add(row[column])
    forms: set[bytes] = set()
    for text in found:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        forms |= {text.encode(), plain.upper().encode(), text.encode("latin-1", "ignore")}
    return forms


def test_no_name_document_number_or_birth_date_is_written_anywhere(
    places: Warehouse, trayecto_home: Path, tmp_path: Path
) -> None:
    _, _years, files = write_years(tmp_path / "files")
    # the geography loaded before holds place names (a municipality may be called like a
    # surname): every file the imports wrote or changed is searched
    before = {p: p.read_bytes() for p in trayecto_home.rglob("*") if p.is_file()}
    for path in files:
        report = simat_students.load(path, places)
        assert not report.refused, report.problems[:3]
        assert report.reconciles
        assert report.rows_imported > 400
        text = json.dumps(report.as_dict(), ensure_ascii=False).encode()
        assert not [s for s in identities([path]) if s in text]
    secrets = identities(files)
    written = [
        p for p in trayecto_home.rglob("*") if p.is_file() and before.get(p) != p.read_bytes()
    ]
    assert any("student_enrolment" in str(p) for p in written)
    leaks = [
        (str(p.relative_to(trayecto_home)), s)
        for p in written
        for s in secrets
        if s in p.read_bytes()
    ]
    assert leaks == []
    # only what the warehouse and the secret key need: the staging folder is gone
    assert not list((places.root / ".staging").glob("*/*"))


def test_each_student_gets_the_keyed_hash_of_its_document_number(
    places: Warehouse, tmp_path: Path, trayecto_home: Path
) -> None:
    path = write(tmp_path / "one.csv", HEADER, GOOD)
    report = simat_students.load(path, places)
    assert not report.refused, report.problems
    key = student_key.load_key(trayecto_home, create=False)
    assert key is not None
    [row] = places.read("student_enrolment").to_pylist()
    # dots and spaces of the number dropped; names in capitals without accents
    assert row["student_id"] == student_key.hmac_hex(key, "doc:1098765432")
    assert row["link_id"] == student_key.hmac_hex(
        key, "link:LUZ DARY|PENARANDA QUINONEZ|2013-05-17|f"
    )
    assert (row["birth_year"], row["birth_month"], row["sex"], row["grade"]) == (2013, 5, "f", 5)
    assert (row["status"], row["result"], row["nationality"]) == ("matriculado", "aprobado", "COL")
    assert "birth_date" not in row
    assert "numero_documento" not in row
    # the key: owner-only file in an owner-only folder
    path = student_key.key_path(trayecto_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_each_row_also_gets_the_hash_made_with_the_key_of_its_sedes_etc(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = Warehouse(tmp_path / "home" / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    key = bytes(range(32))
    monkeypatch.setenv(student_key.ENV, key.hex())
    cucuta = GOOD.replace("181001000001", "154001000001").replace("1.098.765.432", "77-123")
    path = write(tmp_path / "two.csv", HEADER, GOOD, cucuta)
    assert not simat_students.load(path, warehouse).refused
    rows = {r["sede_code"]: r for r in warehouse.read("student_enrolment").to_pylist()}
    # Arauca's sede: the ETC of the department (3824); Cúcuta's: its own ETC (3802)
    for sede, etc, number in (("181001000001", "3824", "1098765432"),
                              ("154001000001", "3802", "77123")):  # fmt: skip
        row = rows[sede]
        assert row["pseudonym_etc"] == etc
        etc_key = student_key.etc_key(key, etc)
        assert etc_key == hmac.new(key, f"etc:{etc}".encode(), "sha256").digest()
        assert row["etc_student_id"] == student_key.hmac_hex(etc_key, f"doc:{number}")
        assert row["etc_student_id"] != row["student_id"]


def test_without_the_etc_of_each_municipality_no_etc_hash_is_made(
    places: Warehouse, tmp_path: Path
) -> None:
    assert not simat_students.load(write(tmp_path / "one.csv", HEADER, GOOD), places).refused
    [row] = places.read("student_enrolment").to_pylist()
    assert (row["etc_student_id"], row["pseudonym_etc"]) == (None, None)
    assert row["student_id"]


def test_the_key_from_the_environment_gives_the_same_pseudonyms_across_homes(
    places: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = bytes(range(32))
    monkeypatch.setenv(student_key.ENV, key.hex())
    path = write(tmp_path / "one.csv", HEADER, GOOD)
    assert not simat_students.load(path, places).refused
    [row] = places.read("student_enrolment").to_pylist()
    assert row["student_id"] == student_key.hmac_hex(key, "doc:1098765432")
    assert not student_key.key_path(places.root.parent).exists()


def test_a_key_file_others_can_read_is_refused(places: Warehouse, tmp_path: Path) -> None:
    student_key.load_key(places.root.parent)
    os.chmod(student_key.key_path(places.root.parent), 0o644)
    report = simat_students.load(write(tmp_path / "one.csv", HEADER, GOOD), places)
    assert report.refused
    assert "chmod 600" in report.problems[0].message


def test_a_dry_run_creates_no_key_and_publishes_nothing(places: Warehouse, tmp_path: Path) -> None:
    report = simat_students.load(write(tmp_path / "one.csv", HEADER, GOOD), places, dry_run=True)
    assert not report.refused
    assert report.rows_imported == 1
    assert not student_key.key_path(places.root.parent).exists()
    assert not places.has("student_enrolment")


BAD_ROWS = [
    # (line, column, value shown, row)
    (2, "Número Documento", "", GOOD.replace("1.098.765.432", "")),
    (3, "Fecha Nacimiento", "", GOOD.replace("2013-05-17", "2013-02-30")),
    (4, "Grado", "15", GOOD.replace(";5;", ";15;")),
    (5, "Primer Apellido", "", GOOD.replace("Peñaranda", "")),
    (6, "Estado", "ACTIVO", GOOD.replace("MATRICULADO", "ACTIVO")),
    (7, "GÉNERO", "X", GOOD.replace(";F;", ";X;")),
    (8, "Código DANE Sede", "199999000001", GOOD.replace("181001000001", "199999000001")),
    (9, "Fecha Nacimiento", "", GOOD.replace("2013-05-17", "2023-05-17")),
]


def test_bad_rows_name_row_and_column_but_never_an_identifying_value(
    places: Warehouse, tmp_path: Path
) -> None:
    path = write(tmp_path / "bad.csv", HEADER, *(row for *_, row in BAD_ROWS), GOOD)
    report = simat_students.load(path, places)
    assert report.refused
    assert report.rows_read == 9
    assert report.rows_rejected == 9
    got = [(p.row, p.column, p.value) for p in report.problems[1:]]
    assert got == [(line, column, value) for line, column, value, _ in BAD_ROWS]
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    for secret in ("1098765432", "1.098.765.432", "2013-05-17", "2013-02-30", "Peñaranda",
                   "Quiñónez", "Luz"):  # fmt: skip
        assert secret not in text
    assert not places.has("student_enrolment")


def test_latin1_commas_and_day_first_dates_give_the_same_pseudonyms(
    places: Warehouse, tmp_path: Path
) -> None:
    utf8 = write(tmp_path / "a.csv", HEADER, GOOD)
    assert not simat_students.load(utf8, places).refused
    first = places.read("student_enrolment").to_pylist()[0]
    day_first = (
        GOOD.replace("2013-05-17", "17/05/2013")
        .replace(";", ",")
        .replace("1.098.765.432", "1098765432")
    )
    latin = write(tmp_path / "b.csv", HEADER.replace(";", ","), day_first, encoding="latin-1")
    report = simat_students.load(latin, places)
    assert not report.refused, report.problems
    assert any("Latin-1" in p.message for p in report.problems)
    again = places.read("student_enrolment").to_pylist()[0]
    assert (again["student_id"], again["link_id"]) == (first["student_id"], first["link_id"])


def test_a_line_break_inside_a_quoted_name_is_read_and_never_quoted_back(
    places: Warehouse, tmp_path: Path
) -> None:
    """DuckDB's parallel reader refuses a line break inside quotes: the file is read again
    without it. A quote left open is refused without a word of the rows' content."""
    broken = GOOD.replace(";Dary;", ';"Dary\nMaría";')
    report = simat_students.load(write(tmp_path / "a.csv", HEADER, broken, GOOD), places)
    assert not report.refused, report.problems
    assert (report.rows_read, report.rows_imported) == (2, 2)
    unread = write(tmp_path / "b.csv", HEADER, broken, '2024;"TI;1098765432;Luz', GOOD)
    report = simat_students.load(unread, places)
    assert report.refused
    assert [(p.row, p.value) for p in report.problems if p.row] == [(3, "")]
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    for secret in ("Luz", "1098765432", "Peñaranda", "2013-05-17"):
        assert secret not in text


def test_a_workbook_is_read_like_its_csv(places: Warehouse, tmp_path: Path) -> None:
    _, _, [path, *_] = write_years(tmp_path / "files", per_cell=1)
    table = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=";"))
    book = tmp_path / "estudiantes.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, table.column_names)
    for i, row in enumerate(table.to_pylist(), start=1):
        sheet.write_row(i, 0, [str(v) for v in row.values()])
    workbook.close()
    from_book = simat_students.load(book, places)
    assert not from_book.refused, from_book.problems[:3]
    ids_book = sorted(places.read("student_enrolment").column("student_id").to_pylist())
    from_csv = simat_students.load(path, places)
    assert from_csv.rows_imported == from_book.rows_imported == table.num_rows
    ids_csv = sorted(places.read("student_enrolment").column("student_id").to_pylist())
    assert ids_book == ids_csv


def test_duplicates_and_two_sedes_at_once_are_reported_and_kept(
    places: Warehouse, tmp_path: Path
) -> None:
    other = GOOD.replace("181001000001", "181001000002")
    path = write(tmp_path / "dup.csv", HEADER, GOOD, GOOD, other)
    report = simat_students.load(path, places)
    assert not report.refused
    assert report.rows_imported == 3
    warnings = [(p.row, p.message) for p in report.problems if p.severity == "warning"]
    assert (3, "the same row as line 2: counted once") in warnings
    assert any(row == 4 and "MATRICULADO at another sede on line 2" in m for row, m in warnings)


def test_the_same_file_twice_publishes_nothing_and_rows_sit_in_year_department_partitions(
    places: Warehouse, tmp_path: Path
) -> None:
    _, _, files = write_years(tmp_path / "files")
    first = simat_students.load(files[0], places)
    again = simat_students.load(files[0], places)
    assert again.details["unchanged"]
    assert again.rows_imported == first.rows_imported
    parts = places.manifest().tables["student_enrolment"].partitions
    assert set(parts) == {"simat-estudiantes/2023/81", "simat-estudiantes/2023/54"}


def test_an_unchanged_file_is_known_by_its_hash_before_anything_is_parsed(
    places: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, files = write_years(tmp_path / "files")
    first = simat_students.load(files[0], places)

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed an unchanged file")

    for step in ("load_places", "open_csv", "map_columns", "staging"):
        monkeypatch.setattr(simat_students, step, parsed)
    monkeypatch.setattr(simat_students.student_key, "load_key", parsed)
    again = simat_students.load(files[0], places)
    assert (again.details["unchanged"], again.rows_imported) == (True, first.rows_imported)


def test_it_is_a_registered_source() -> None:
    assert registry.get("simat-estudiantes").loader == "trayecto.importers.simat_students:load"


def test_the_demo_students_are_synthetic_consistent_with_the_synthetic_sedes(
    tmp_path: Path, shared_data: Path, trayecto_home: Path
) -> None:
    from tests.support.schools import publish_geography_with_etc
    from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
    from trayecto.importers import men_sedes
    from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
    from trayecto.importers.synthetic_students import load_synthetic_students

    warehouse = Warehouse(trayecto_home / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    men_sedes.load(
        shared_data / "men_sedes_matricula_2025_municipio"
        / "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv",
        warehouse,
    )  # fmt: skip
    generate_synthetic_sedes(warehouse, seed=3)
    reports = load_synthetic_students(warehouse)
    assert [r.details["years"] for r in reports] == [[2023], [2024], [2025]]
    assert not any(r.refused for r in reports)
    con = warehouse.connect()
    [(rows, synthetic, strangers)] = con.execute(
        "select count(*), bool_and(is_synthetic), "
        "count(*) filter (where sede_code not in (select sede_code from sede)) "
        "from student_enrolment"
    ).fetchall()
    assert rows > 150_000
    assert synthetic
    assert strangers == 0
    # the first year is the synthetic sedes' own enrolment in grades 0–11, pupil for pupil:
    # every sede of Arauca, and the sedes chosen in the six other priority departments
    [(students, counted, arauca, arauca_sedes, departments)] = con.execute(
        "with chosen as (select distinct sede_code from student_enrolment where year = 2023), "
        "enrolled as (select sede_code, sum(enrolled) as n from sede_enrolment "
        "where source = 'synthetic' and year = 2023 and grade between 0 and 11 group by 1) "
        "select (select count(distinct student_id) from student_enrolment where year = 2023), "
        "(select sum(n) from enrolled where sede_code in (select sede_code from chosen)), "
        "(select count(*) from chosen where substr(sede_code, 2, 2) = '81'), "
        "(select count(*) from enrolled where substr(sede_code, 2, 2) = '81'), "
        "(select list(distinct substr(sede_code, 2, 2) order by 1) from chosen)"
    ).fetchall()
    assert students == counted
    assert arauca == arauca_sedes
    assert sorted(departments) == sorted(PRIORITY_DEPARTMENTS)
    # running it again publishes nothing (the same seed writes the same files)
    again = load_synthetic_students(warehouse)
    assert all(r.details["unchanged"] for r in again)


def test_a_bad_row_deep_in_a_large_file_is_reported_on_its_own_line(
    places: Warehouse, tmp_path: Path
) -> None:
    """DuckDB reads a file of this size in parallel: the staged rows must stay in file order,
    for a row's line (and which of a student's rows counts) is found from its position."""
    rows = [
        f"2024;TI;{10_000_000 + i};Luz;Dary;Peñaranda;Quiñónez;2013-05-17;F;COL;"
        f"18100100{i % 5000:04d};5;MATRICULADO;APROBADO"
        for i in range(260_000)
    ]
    rows[200_000] = rows[200_000].replace(";F;COL;", ";X;COL;")
    rows[250_000] = rows[250_000].replace(";5;MATRICULADO;", ";17;MATRICULADO;")
    path = write(tmp_path / "large.csv", HEADER, *rows)
    assert path.stat().st_size > 25_000_000
    report = simat_students.load(path, places, dry_run=True)
    assert report.refused
    assert [(p.row, p.column) for p in report.problems if p.row] == [
        (200_002, "GÉNERO"),
        (250_002, "Grado"),
    ]
