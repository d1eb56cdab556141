"""`trayecto import 5w FILE`: a partner file into the database, as a submitted report.

The loader lives in the web app because it writes the operational database; it reads places
with the geography's matcher over the warehouse (import `divipola` first).
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from trayecto.analytics.geography import has_table, matcher_from_warehouse
from trayecto.domain.problems import ImportReport, Problem
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import PeopleInNeed
from trayecto.web.response.services import five_w_import

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
