"""`jiaf-hno`: OCHA's education PiN and severity by municipality, from the real JIAF files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from trayecto.importers import jiaf_hno, registry
from trayecto.warehouse import Warehouse

FOLDER = "ocha_jiaf_hno_colombia"
PIN = "jiaf_global_2025_colombia_pin_by_municipality.csv"
SEVERITY = "jiaf_global_2025_colombia_severity_by_municipality.csv"


def test_it_publishes_one_row_per_municipality_with_pin_and_severity(
    shared_data: Path, warehouse: Warehouse
) -> None:
    report = jiaf_hno.load(shared_data / FOLDER / PIN, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (1122, 1122, 0)
    assert report.reconciles
    assert not report.refused
    # the two "áreas no municipalizadas" without an education PiN are kept, with a warning
    warned = {(p.row, p.column, p.severity) for p in report.problems}
    assert warned == {(1103, "pin_education", "warning"), (1118, "pin_education", "warning")}
    table = warehouse.read(jiaf_hno.TABLE)
    assert table.num_rows == 1122
    rows = {r["municipality_code"]: r for r in table.to_pylist()}
    assert round(sum(r["pin_education"] or 0 for r in rows.values())) == 3_003_411
    assert rows["05001"]["severity_education"] == 2.0
    assert rows["05001"]["pin_education"] == 81524.0
    assert rows["94663"]["pin_education"] is None
    assert {r["plan_year"] for r in rows.values()} == {2025}
    assert {r["vintage"] for r in rows.values()} == {"HNO 2025"}


def test_a_second_import_of_the_same_files_publishes_nothing(
    shared_data: Path, warehouse: Warehouse
) -> None:
    jiaf_hno.load(shared_data / FOLDER / PIN, warehouse)
    again = jiaf_hno.load(shared_data / FOLDER / PIN, warehouse)
    assert again.details["unchanged"] is True
    assert warehouse.read(jiaf_hno.TABLE).num_rows == 1122


def test_bad_rows_are_rejected_or_warned_row_by_row(
    shared_data: Path, warehouse: Warehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "jiaf"
    folder.mkdir()
    with (shared_data / FOLDER / PIN).open(encoding="utf-8") as fh:
        pin_rows = list(csv.DictReader(fh))
    with (shared_data / FOLDER / SEVERITY).open(encoding="utf-8") as fh:
        sev_rows = list(csv.DictReader(fh))
    pin_rows = pin_rows[:4]
    pin_rows[1]["admin_2_pcode"] = "05002X"  # not a P-code: rejected
    pin_rows[2]["pin_education"] = "mucho"  # not a number: rejected
    pin_rows[3]["admin_2_pcode"] = pin_rows[0]["admin_2_pcode"]  # twice: rejected
    sev_rows = sev_rows[:4]
    sev_rows[0]["sev_education"] = "7"  # out of 1–5: kept without severity
    for name, rows in ((PIN, pin_rows), (SEVERITY, sev_rows)):
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    report = jiaf_hno.load(folder / PIN, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 1, 3)
    found = {(p.row, p.column, p.value, p.severity) for p in report.problems}
    assert (3, "admin_2_pcode", "05002X", "error") in found
    assert {(p.row, p.column, p.severity) for p in report.problems if "mucho" in p.value} == {
        (4, "pin_education", "error")
    }
    assert (5, "admin_2_pcode", "CO05001", "error") in found
    assert (2, "sev_education", "7", "warning") in found
    assert warehouse.read(jiaf_hno.TABLE).to_pylist()[0]["severity_education"] is None


@pytest.mark.parametrize("missing", [SEVERITY, "renamed"])
def test_a_file_without_its_cycle_or_its_severity_table_is_refused(
    shared_data: Path, warehouse: Warehouse, tmp_path: Path, missing: str
) -> None:
    if missing == "renamed":
        path = tmp_path / "pin.csv"
        shutil.copyfile(shared_data / FOLDER / PIN, path)
        message = "jiaf_global_AAAA"
    else:
        path = tmp_path / PIN
        shutil.copyfile(shared_data / FOLDER / PIN, path)
        message = "no existe"
    report = jiaf_hno.load(path, warehouse)
    assert report.refused
    assert message in report.problems[0].message
    assert not warehouse.has(jiaf_hno.TABLE)


def test_the_registry_loads_it_from_importers_as_an_official_source() -> None:
    source = registry.get("jiaf-hno")
    assert source.loader == "trayecto.importers.jiaf_hno:load"
    assert source.official
    assert source.also == (SEVERITY,)
    assert source.load_function() is jiaf_hno.load


def copy_pair(shared_data: Path, folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    pin, severity = folder / PIN, folder / SEVERITY
    shutil.copyfile(shared_data / FOLDER / PIN, pin)
    shutil.copyfile(shared_data / FOLDER / SEVERITY, severity)
    return pin, severity


def test_a_corrected_severity_table_is_published_again(
    shared_data: Path, warehouse: Warehouse, tmp_path: Path
) -> None:
    pin, severity = copy_pair(shared_data, tmp_path / "jiaf")
    first = jiaf_hno.load(pin, warehouse)
    lines = severity.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")  # Medellín, severity 2 in OCHA's file
    cells[6] = "3"  # synthetic correction
    severity.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", "utf-8")
    again = jiaf_hno.load(pin, warehouse)
    assert again.details["unchanged"] is False
    assert again.details["manifest_version"] > first.details["manifest_version"]
    rows = {r["municipality_code"]: r for r in warehouse.read(jiaf_hno.TABLE).to_pylist()}
    assert rows["05001"]["severity_education"] == 3.0


def test_a_municipality_twice_in_the_severity_table_is_reported_and_the_first_kept(
    shared_data: Path, warehouse: Warehouse, tmp_path: Path
) -> None:
    pin, severity = copy_pair(shared_data, tmp_path / "jiaf")
    lines = severity.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[6] = "5"  # synthetic: Medellín again, another severity, at the end (line 1124)
    severity.write_text("\n".join([*lines, ",".join(cells)]) + "\n", "utf-8")
    report = jiaf_hno.load(pin, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (1122, 1122, 0)
    [twice] = [p for p in report.problems if p.column == "admin_2_pcode"]
    assert (twice.row, twice.value, twice.severity) == (len(lines) + 1, "CO05001", "warning")
    assert "fila 2" in twice.message
    rows = {r["municipality_code"]: r for r in warehouse.read(jiaf_hno.TABLE).to_pylist()}
    assert rows["05001"]["severity_education"] == 2.0
