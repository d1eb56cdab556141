"""An ActivityInfo (GIFMM 5W v2) export brought into the 5W cycle: every row goes to the
report of the organisation it names («Socio Principal»), one submitted report per
organisation × month, read and checked by the 5W reader exactly as an upload of the layout.

What is new here is only the split by organisation: a row naming an organisation that is
not registered, or one the user does not upload for, is reported (row, column, value, what
to do) and counted rejected; the rest is stored by `imports.submissions_store`, all in one
transaction (a month that may not change refuses the whole file), and the same file again
changes nothing. docs/formats/activityinfo.md.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction

from trayecto.domain.five_w import normalise
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.five_w import FiveWLine, read_five_w
from trayecto.importers.five_w.lines import FiveWRead
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import GIFMM_EXPORT_V2
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.selectors.catalogue import catalogue_index
from trayecto.web.response.services.audit import User
from trayecto.web.response.services.imports import (
    FilePart,
    ImportRefused,
    _file_hash,
    _refuse,
    submissions_store,
)

SOURCE = "activityinfo"
ORG_COLUMN = "Socio Principal"
NOT_ACTIVITYINFO = (
    "no es una exportación de ActivityInfo (GIFMM 5W v2): se reconoce por sus columnas "
    "«Socio Principal», «Municipio», «Mes», «Total beneficiarios alcanzados en el mes» y los "
    "«*Nuevos…»; la plantilla de Trayecto se carga con `trayecto import 5w`"
)
UNKNOWN_ROW_ORG = (
    "organización no registrada: escriba el código o el nombre con que está registrada "
    "({known}), o regístrela con `trayecto org add`"
)
NOT_YOUR_ROW = (
    "esta fila es de {org} y usted carga solo los reportes de {own}: quítela del archivo "
    "o que {org} la cargue"
)


def activityinfo_import(
    *,
    path: Path,
    matcher: Matcher,
    user: User | None = None,
    dry_run: bool = False,
    file_name: str = "",
    period: str | None = None,
) -> ImportReport:
    """Read the export, give each accepted row to the organisation it names, and store each
    organisation's months as its submitted reports (atomic; `user` None: the command line)."""
    read = read_five_w(path, matcher=matcher, period=period, activities=catalogue_index() or None)
    if not read.report.refused and read.profile != GIFMM_EXPORT_V2.name:
        _refuse(read.report, NOT_ACTIVITYINFO, path.name)
    return store_by_organization(read, path, source=SOURCE, org_column=ORG_COLUMN, user=user,
                                 dry_run=dry_run, file_name=file_name)  # fmt: skip


def store_by_organization(
    read: FiveWRead,
    path: Path,
    *,
    source: str,
    org_column: str,
    user: User | None,
    dry_run: bool,
    file_name: str,
) -> ImportReport:
    """Give each accepted line to the organisation it names and store each organisation's
    months as its submitted reports, in one transaction (ActivityInfo's export and the 5W
    form's submissions: files that speak for several organisations). A file its reader
    refused is reported as it is."""
    report = read.report
    report.source, report.dry_run = source, dry_run
    if report.refused:
        return report
    by_org = _lines_by_organization(read.lines, report, user, org_column)
    if not by_org:
        report.refused = True
        return report
    file_hash = _file_hash(path)
    outcomes: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            for organization, lines in sorted(by_org.items(), key=lambda kv: kv[0].code):
                rows = {line.row for line in lines}
                part = FilePart(organization, lines, len(lines), 0,
                                [p for p in report.problems if p.row in rows])  # fmt: skip
                outcomes += submissions_store(
                    part, profile=source, file_hash=file_hash, user=user, dry_run=dry_run,
                    file_name=file_name or path.name,
                )  # fmt: skip
    except ImportRefused as exc:
        return _refuse(report, exc.message, exc.value)
    report.details["organizations"] = sorted(o.code for o in by_org)
    report.details["submissions"] = outcomes
    return report


def _lines_by_organization(
    lines: list[FiveWLine], report: ImportReport, user: User | None, column: str
) -> dict[Organization, list[FiveWLine]]:
    """Accepted lines by the organisation they name; a line of an unknown organisation, or of
    one the user does not upload for, becomes a rejected row with its problem."""
    organizations = list(Organization.objects.order_by("code"))
    index = {normalise(key): o for o in organizations for key in (o.code, o.name)}
    allowed = {o.pk for o in access.uploadable_organizations(user)} if user else None
    own = ", ".join(sorted(o.code for o in organizations if allowed and o.pk in allowed))
    by_org: dict[Organization, list[FiveWLine]] = defaultdict(list)
    refused: list[Problem] = []
    for line in lines:
        organization = index.get(normalise(line.org))
        if organization is None:
            known = ", ".join(o.code for o in organizations[:8]) or "ninguna registrada"
            message = UNKNOWN_ROW_ORG.format(known=known)
        elif allowed is not None and organization.pk not in allowed:
            message = NOT_YOUR_ROW.format(org=organization.code, own=own or "ninguna")
        else:
            by_org[organization].append(line)
            continue
        refused.append(Problem(line.row, column, line.org, message))
    report.add(refused)
    report.rows_imported -= len(refused)
    report.rows_rejected += len(refused)
    return dict(by_org)
