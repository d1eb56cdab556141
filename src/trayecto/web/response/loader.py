"""The loaders that write the operational database: `5w` (a partner file, as a submitted
report; the 5W form's submissions export, as each organisation's reports) and
`activityinfo` (an ActivityInfo export, as each organisation's reports). OCHA's
people in need (`jiaf-hno`) are warehouse facts (importers/jiaf_hno.py).

The loader lives in the web app because it writes the operational database; it reads places
with the geography's matcher over the warehouse (import `divipola` first).
"""

from __future__ import annotations

from pathlib import Path

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.five_w_form import PROFILE, is_five_w_form_export
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import Connection
from trayecto.warehouse.places import has_table
from trayecto.web.response.services.activityinfo_imports import activityinfo_import
from trayecto.web.response.services.form_imports import five_w_form_import
from trayecto.web.response.services.imports import five_w_import

FORM_NAMES_ORG = (
    "una exportación del formulario 5W dice la organización de cada entrega: importe sin --org"
)
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
    if missing := _without_geography(con, path, source="5w", dry_run=dry_run):
        return missing
    if is_five_w_form_export(path):  # the 5W form's submissions name their organisations
        if org:
            report = ImportReport(source=PROFILE, dry_run=dry_run, refused=True)
            report.add([Problem(0, "", org, FORM_NAMES_ORG)])
            return report
        return five_w_form_import(
            path=path, matcher=matcher_from_warehouse(con), dry_run=dry_run, period=period
        )
    return five_w_import(
        path=path,
        matcher=matcher_from_warehouse(con),
        org_code=org,
        dry_run=dry_run,
        period=period,
    )


def load_activityinfo(
    path: Path, warehouse: Warehouse, *, dry_run: bool, period: str | None = None
) -> ImportReport:
    con = warehouse.connect()
    if missing := _without_geography(con, path, source="activityinfo", dry_run=dry_run):
        return missing
    return activityinfo_import(
        path=path, matcher=matcher_from_warehouse(con), dry_run=dry_run, period=period
    )


def _without_geography(
    con: Connection, path: Path, *, source: str, dry_run: bool
) -> ImportReport | None:
    """The refusal when the warehouse has no municipalities to match places against."""
    if has_table(con, "municipality") and has_table(con, "department"):
        return None
    report = ImportReport(source=source, dry_run=dry_run, refused=True)
    report.add([Problem(0, "", path.name, NO_GEOGRAPHY)])
    return report
