"""men-sedes-2025: sedes and enrolment 2025 by municipality, sector and zone."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.support.schools import publish_divipola_municipalities
from trayecto.domain.problems import NO_USABLE_ROWS, UNCHANGED
from trayecto.importers import men_sedes
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

FOLDER = "men_sedes_matricula_2025_municipio"
FILE = "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"


def test_the_real_file_loads_with_its_control_totals(
    warehouse: Warehouse, shared_data: Path
) -> None:
    publish_divipola_municipalities(warehouse, shared_data)
    with open(shared_data / FOLDER / FILE, encoding="utf-8", newline="") as fh:
        source = list(csv.DictReader(fh))
    report = men_sedes.load(shared_data / FOLDER / FILE, warehouse)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (len(source), 210, 0)
    con = warehouse.connect()
    totals = rows(con, "select sum(sedes) as s, sum(enrolment) as e from sede_summary_municipality")
    assert totals == [
        {"s": sum(int(r["sedes"]) for r in source), "e": sum(int(r["matricula"]) for r in source)}
    ]
    bajira = rows(
        con,
        "select sedes, enrolment_rural, department_code from "
        "sede_summary_municipality where municipality_code = '27493'",
    )
    assert bajira == [{"sedes": 54, "enrolment_rural": 7151, "department_code": "27"}]
    version = warehouse.manifest().version
    again = men_sedes.load(shared_data / FOLDER / FILE, warehouse)
    assert (again.details["unchanged"], again.details["manifest_version"]) == (True, version)
    assert again.details["message"] == UNCHANGED


def test_a_file_with_no_usable_rows_is_refused_saying_why(
    warehouse: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    publish_divipola_municipalities(warehouse, shared_data)
    header = (shared_data / FOLDER / FILE).read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "empty.csv"
    path.write_text(header + "\n", encoding="utf-8")
    for dry_run in (True, False):
        report = men_sedes.load(path, warehouse, dry_run=dry_run)
        assert report.refused
        assert [p.message for p in report.problems] == [NO_USABLE_ROWS]
    assert not warehouse.has("sede_summary_municipality")


def test_a_row_whose_parts_do_not_add_up_is_rejected(
    warehouse: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    publish_divipola_municipalities(warehouse, shared_data)
    lines = (shared_data / FOLDER / FILE).read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[13] = str(int(cells[13]) + 1)  # matricula_urbana of the first municipality
    lines[1] = ",".join(cells)
    path = tmp_path / "edited.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = men_sedes.load(path, warehouse)
    assert report.rows_rejected == 1
    assert report.reconciles
    assert report.problems[0].row == 2
    assert "by zone" in report.problems[0].message
