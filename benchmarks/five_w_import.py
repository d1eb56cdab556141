"""Benchmark: validate and import a 50,000-row partner workbook (our 5W template).

Writes the workbook with the real template (all 1,121 DIVIPOLA municipalities in the lists),
then times, in one run: reading + validating (importers/five_w/) and the full import into a
fresh SQLite database (services.five_w_import: read, validate, one transaction). The baseline
is openpyxl reading the same sheet without any validation.
Run: TRAYECTO_SOURCES=<data mirror> .venv/bin/python benchmarks/five_w_import.py [ROWS]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter

from trayecto.domain.five_w_layout import DATA_SHEET, FIRST_DATA_ROW, TEMPLATE_COLUMNS
from trayecto.domain.geography import Municipality
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w import read_five_w
from trayecto.importers.five_w_places import municipalities_from_divipola


def write_workbook(path: Path, rows: int, municipalities: list[Municipality]) -> None:
    """The template's layout (header row, HXL row) with `rows` realistic lines."""
    rng = random.Random(7)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(DATA_SHEET)
    fields = [c.field for c in TEMPLATE_COLUMNS]
    sheet.write_row(0, 0, [c.header_es for c in TEMPLATE_COLUMNS])
    sheet.write_row(1, 0, [c.hxl for c in TEMPLATE_COLUMNS])
    for i in range(rows):
        place = rng.choice(municipalities)
        girls, boys = rng.randint(0, 60), rng.randint(0, 60)
        values = {
            "org": "nrc", "month": "2026-03",
            "department": f"{place.department_code} - {place.department_name}",
            "municipality": place.label,
            "activity": f"EDU-{rng.randint(1, 11):02d}",
            "population_group": rng.choice(["Refugiados y migrantes en tránsito",
                                            "Comunidad de acogida"]),
            "beneficiary_type": rng.choice(["Nuevo", "Recurrente"]),
            "beneficiaries": girls + boys, "cell:f:6-11": girls, "cell:m:6-11": boys,
            "sede": f"1{place.code}{i % 1000000:06d}",
        }  # fmt: skip
        if i % 100 == 0:
            values["beneficiaries"] = -1  # 1 % of rows with an error to report
        sheet.write_row(FIRST_DATA_ROW - 1 + i, 0, [values.get(f) for f in fields])
    workbook.close()


def main(rows: int = 50_000) -> None:
    mirror = Path(os.environ["TRAYECTO_SOURCES"])
    municipalities = municipalities_from_divipola(next((mirror / "divipola").glob("DIVIPOLA*.csv")))
    departments = {m.department_code: m.department_name for m in municipalities}
    matcher = PlaceMatcher(
        [{"code": m.code, "name": m.name, "department_code": m.department_code}
         for m in municipalities],
        [{"code": c, "name": n} for c, n in departments.items()],
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "5w.xlsx"
        write_workbook(path, rows, municipalities)
        size = path.stat().st_size

        start = time.perf_counter()
        workbook = openpyxl.load_workbook(path, read_only=True)
        baseline_rows = sum(1 for _ in workbook[DATA_SHEET].iter_rows(values_only=True))
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        read = read_five_w(path, matcher=matcher, period="2026-03")
        validate = time.perf_counter() - start

        os.environ["TRAYECTO_HOME"] = str(Path(tmp) / "home")
        from trayecto.web.bootstrap import ensure_home

        ensure_home()
        from trayecto.web.accounts.models import Organization
        from trayecto.web.response.models import ActivityLine
        from trayecto.web.response.services.imports import five_w_import

        Organization.objects.create(code="nrc", name="NRC", type="ingo")
        start = time.perf_counter()
        report = five_w_import(path=path, matcher=matcher)
        full = time.perf_counter() - start
        stored = ActivityLine.objects.count()

    r = read.report
    print(f"rows: {rows:,} ({size / 1e6:.1f} MB workbook)")
    print(
        f"openpyxl read only, no validation (baseline): {baseline:.2f} s ({baseline_rows:,} rows)"
    )
    print(f"read + validate: {validate:.2f} s  read {r.rows_read:,}, accepted {r.rows_imported:,}, "
          f"rejected {r.rows_rejected:,}, problems {len(r.problems):,}")  # fmt: skip
    print(f"validate + import into SQLite (one transaction): {full:.2f} s, lines stored {stored:,}")
    print(f"ratio import / openpyxl baseline: {full / baseline:.2f}x")
    if not report.reconciles or stored != report.rows_imported or full >= 10:
        raise SystemExit("FAILED: counts do not reconcile or the import took 10 s or more")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
