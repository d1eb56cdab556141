"""`migracion-venezolanos`: Latin-1, header spaces, published rates checked."""

from __future__ import annotations

from pathlib import Path

from tests.support.official_data import MIGRANTS
from trayecto.importers import migracion_venezolanos
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


def test_the_real_file_imports_and_every_rate_checks(shared_data: Path, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    report = migracion_venezolanos.load(shared_data / MIGRANTS, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (1114, 1114, 0)
    assert report.details["quirks"]["latin1_encoding"] == 1
    # Read under the one encoding policy (docs/formats/README.md): said in the report.
    [encoding] = report.problems
    assert (encoding.row, encoding.severity) == (0, "warning")
    assert "read as Windows-1252/Latin-1" in encoding.message
    assert report.details["rate_mismatches"] == 0
    totals = rows(
        warehouse.connect(),
        "select cutoff::varchar as cutoff, sum(migrants) as n from venezuelan_migrants "
        "group by 1 order by 1",
    )
    assert [r["n"] for r in totals] == [1742770, 1841899, 2477237, 2894536]
    [narino] = rows(
        warehouse.connect(),
        "select municipality_name from venezuelan_migrants where municipality_code = '52001' "
        "limit 1",
    )
    assert narino["municipality_name"] == "Pasto"


def test_a_wrong_published_rate_is_a_warning(shared_data: Path, tmp_path: Path) -> None:
    original = (shared_data / MIGRANTS).read_bytes().decode("latin-1").splitlines()
    header, first = original[0], original[1].split(",")
    first[-1] = str(int(first[-1]) + 7)  # synthetic: one published rate altered
    path = tmp_path / "migrants_synthetic.csv"
    path.write_bytes(("\n".join([header, ",".join(first)]) + "\n").encode("latin-1"))
    report = migracion_venezolanos.load(path, Warehouse(tmp_path / "w"))
    assert report.rows_imported == 1
    assert report.details["rate_mismatches"] == 1
    [problem] = [p for p in report.problems if p.row]  # beside the encoding notice
    assert problem.severity == "warning"
    assert problem.row == 2
    assert "round(" in problem.message


def test_rows_with_bad_codes_or_counts_are_rejected(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / MIGRANTS).read_bytes().decode("latin-1").splitlines()
    header = lines[0]
    good = lines[1].split(",")
    wrong_department = [*good]
    wrong_department[2] = "5"  # Leticia (91001) said to be in Antioquia
    not_a_count = lines[2].split(",")
    not_a_count[4] = "muchos"
    path = tmp_path / "migrants_synthetic.csv"  # synthetic: real rows altered by this test
    body = [header, lines[1], ",".join(wrong_department), ",".join(not_a_count), lines[1]]
    path.write_bytes(("\n".join(body) + "\n").encode("latin-1"))
    report = migracion_venezolanos.load(path, Warehouse(tmp_path / "w"))
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 1, 3)
    messages = {p.row: p.message for p in report.problems}
    assert "not in department 05" in messages[3]
    assert "not a whole number" in messages[4]
    [count] = [p for p in report.problems if p.row == 4]
    assert (count.column, count.value) == (header.split(",")[4].strip(), "muchos")
    assert "already appears on line 2" in messages[5]
