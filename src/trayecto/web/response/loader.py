"""Loaders that write the operational database: `5w` (a partner file, as a submitted report)
and `jiaf-hno` (OCHA's people in need, for targets and progress).

The loader lives in the web app because it writes the operational database; it reads places
with the geography's matcher over the warehouse (import `divipola` first).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.db import transaction

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.problems import ImportReport, Problem
from trayecto.warehouse import Warehouse
from trayecto.warehouse.places import has_table
from trayecto.web.response.models import PeopleInNeed
from trayecto.web.response.services.imports import five_w_import

NO_GEOGRAPHY = (
    "faltan los municipios en el almacén: importe primero la geografía "
    "(trayecto import divipola ...)"
)


def load_five_w(
    path: Path,
    warehouse: Warehouse,
    *,
    dry_run: bool,
    org: str | None = None,
    period: str | None = None,
) -> ImportReport:
    con = warehouse.connect()
    if not (has_table(con, "municipality") and has_table(con, "department")):
        report = ImportReport(source="5w", dry_run=dry_run, refused=True)
        report.add([Problem(0, "", str(path.name), NO_GEOGRAPHY)])
        return report
    return five_w_import(
        path=path,
        matcher=matcher_from_warehouse(con),
        org_code=org,
        dry_run=dry_run,
        period=period,
    )


# OCHA names the JIAF tables after the HNO cycle: jiaf_global_2025_colombia_pin_by_municipality.csv
JIAF_CYCLE = re.compile(r"jiaf_global_(\d{4})")


def load_jiaf_hno(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
    """Source `jiaf-hno`: the education PiN of OCHA's JIAF table, for the plan year of its
    HNO cycle (read from the file name, as OCHA writes it)."""
    del warehouse  # people in need are operational records (targets, progress), not facts
    match = JIAF_CYCLE.search(path.name)
    if match is None:
        report = ImportReport(source="jiaf-hno", dry_run=dry_run)
        report.refuse(
            Problem(
                0,
                "",
                path.name,
                "el nombre del archivo no dice el ciclo HNO: use el nombre de OCHA "
                "(jiaf_global_AAAA_colombia_pin_by_municipality.csv)",
            )
        )
        return report
    report = load_ocha_pin(path, plan_year=int(match.group(1)), dry_run=dry_run)
    report.source = "jiaf-hno"
    return report


def load_ocha_pin(path: Path, *, plan_year: int, dry_run: bool = False) -> ImportReport:
    """Education PiN per municipality from OCHA's JIAF table (`pin_education`, fractional)."""
    report = ImportReport(source="ocha-pin", dry_run=dry_run)
    records: list[PeopleInNeed] = []
    with path.open(encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            report.rows_read += 1
            code = (row.get("admin_2_pcode") or "").removeprefix("CO")
            value = (row.get("pin_education") or "").strip()
            if len(code) != 5 or not code.isdigit() or not value:
                report.rows_rejected += 1
                report.add(
                    [
                        Problem(
                            number,
                            "pin_education" if not value else "admin_2_pcode",
                            value or code,
                            "sin PiN de educación o sin código de municipio: fila omitida",
                        )
                    ]
                )
                continue
            records.append(
                PeopleInNeed(
                    indicator="education",
                    area_code=code,
                    plan_year=plan_year,
                    value=float(value),
                    source=PeopleInNeed.Source.OCHA_JIAF,
                )
            )
            report.rows_imported += 1
    if not dry_run:
        with transaction.atomic():
            PeopleInNeed.objects.filter(
                indicator="education", plan_year=plan_year, source=PeopleInNeed.Source.OCHA_JIAF
            ).delete()
            PeopleInNeed.objects.bulk_create(records)
    return report
