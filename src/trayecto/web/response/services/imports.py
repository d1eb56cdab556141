"""A partner file stored as the submitted report of each month it covers."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from trayecto.domain.five_w import Status, normalise
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.five_w import FiveWLine, read_five_w
from trayecto.importers.five_w_places import Matcher
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.catalogue import catalogue_index
from trayecto.web.response.services.audit import User, audit, require, user_id
from trayecto.web.response.services.bulk import insert_lines
from trayecto.web.response.services.periods import PERIOD_LOCKED, period_for_month

UNKNOWN_ORG = "organización desconocida: regístrela con `trayecto org add` o use --org CÓDIGO"
SEVERAL_ORGS = "el archivo nombra varias organizaciones ({orgs}): use --org CÓDIGO"
NO_ORG = "el archivo no dice qué organización reporta: use --org CÓDIGO"
APPROVED_ALREADY = (
    "el reporte de {org} para {month} ya está aprobado: pida a quien lo aprobó que lo reabra"
)


def organization_from_file(names: Iterable[str]) -> Organization | None:
    """The organisation a file names, by code or by name (accents and case ignored)."""
    wanted = {normalise(n) for n in names if n}
    for organization in Organization.objects.all():
        if normalise(organization.code) in wanted or normalise(organization.name) in wanted:
            return organization
    return None


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse(report: ImportReport, message: str, value: str = "") -> ImportReport:
    report.refused = True
    report.add([Problem(0, "", value, message)])
    return report


def five_w_import(
    *,
    path: Path,
    matcher: Matcher,
    user: User | None = None,
    org_code: str | None = None,
    dry_run: bool = False,
    file_name: str = "",
    period: str | None = None,
) -> ImportReport:
    """Validate a partner file and store it as the submitted report of each month it covers.

    `period` (YYYY-MM) is the month reported: it gives the year to months written without
    one (GIFMM files write "Marzo") and any line of another month is rejected and reported.
    A re-upload for the same organisation and month replaces the earlier lines (the same
    file twice changes nothing); approved reports and locked periods are never touched.
    """
    organization: Organization | None = None
    if org_code:
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None:
            report = ImportReport(source="5w", dry_run=dry_run)
            return _refuse(report, UNKNOWN_ORG, org_code)
    read = read_five_w(
        path,
        matcher=matcher,
        period=period,
        org=organization.code if organization else None,
        activities=catalogue_index() or None,  # an empty catalogue: the seed one
        org_names=[organization.name] if organization else (),
    )
    report = read.report
    report.dry_run = dry_run
    if report.refused:
        return report
    if organization is None:
        if len(read.orgs) > 1:
            return _refuse(report, SEVERAL_ORGS.format(orgs=", ".join(sorted(read.orgs))))
        organization = organization_from_file(read.orgs)
        if organization is None:
            return _refuse(report, UNKNOWN_ORG, ", ".join(sorted(read.orgs)))
    require(user is None or access.can_upload(user, organization), access.NOT_YOURS)
    part = FilePart(organization, read.lines, report.rows_read, report.rows_rejected,
                    report.problems)  # fmt: skip
    try:
        with transaction.atomic():
            outcomes = submissions_store(
                part, profile=read.profile, file_hash=_file_hash(path), user=user,
                dry_run=dry_run, file_name=file_name or path.name,
            )  # fmt: skip
    except ImportRefused as exc:
        return _refuse(report, exc.message, exc.value)
    report.details["organization"] = organization.code
    report.details["submissions"] = outcomes
    return report


@dataclass(frozen=True)
class FilePart:
    """The lines of one organisation in a file, and what its reports say about the file."""

    organization: Organization
    lines: list[FiveWLine]
    rows_read: int
    rows_rejected: int
    problems: list[Problem]


class ImportRefused(Exception):
    """A month that may not change (locked, or approved already): the whole file is refused."""

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__(message)
        self.message, self.value = message, value


def submissions_store(
    part: FilePart,
    *,
    profile: str,
    file_hash: str,
    user: User | None,
    dry_run: bool,
    file_name: str,
) -> list[dict[str, Any]]:
    """Store an organisation's lines as its submitted report of each month (inside the
    caller's transaction; `ImportRefused` rolls it back). The same file again: unchanged."""
    organization = part.organization
    by_month: dict[str, list[FiveWLine]] = defaultdict(list)
    for line in part.lines:
        by_month[line.month].append(line)
    outcomes: list[dict[str, Any]] = []
    for month, lines in sorted(by_month.items()):
        reporting = period_for_month(month)
        if reporting.locked:
            raise ImportRefused(PERIOD_LOCKED.format(month=month, reason=reporting.lock_reason),
                                month)  # fmt: skip
        existing = Submission.objects.filter(organization=organization, period=reporting).first()
        if existing and existing.status in {Status.APPROVED, Status.PUBLISHED}:
            raise ImportRefused(APPROVED_ALREADY.format(org=organization.code, month=month))
        if existing and existing.file_hash == file_hash:
            outcomes.append({"id": existing.pk, "month": month, "action": "unchanged",
                             "organization": organization.code})  # fmt: skip
            continue
        if dry_run:
            outcomes.append({"month": month, "action": "would replace" if existing else "new",
                             "organization": organization.code})  # fmt: skip
            continue
        submission = existing or Submission(organization=organization, period=reporting)
        submission.status = Status.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.submitted_by_id = user_id(user)
        submission.validated_by = None
        submission.file_name = file_name
        submission.file_hash = file_hash
        submission.profile = profile
        submission.rows_read = part.rows_read
        submission.rows_imported = len(lines)
        submission.rows_rejected = part.rows_rejected
        submission.problems = [p.as_dict() for p in part.problems]
        submission.comment = ""
        submission.full_clean()
        submission.save()
        if existing:
            existing.lines.all().delete()
            existing.department_validations.all().delete()  # new lines, new review
        insert_lines(line_records(submission, lines))
        action = "replace" if existing else "import"
        audit(user, action, submission, file=submission.file_name, lines=len(lines))
        outcomes.append({"id": submission.pk, "month": month, "action": action,
                         "organization": organization.code})  # fmt: skip
    return outcomes


def line_records(submission: Submission, lines: list[FiveWLine]) -> list[dict[str, Any]]:
    return [
        {
            "submission_id": submission.pk,
            "row": line.row,
            "month": line.month,
            "department": line.department,
            "municipality": line.municipality,
            "sede": line.sede,
            "place_name": line.place_name[:300],
            "activity": line.activity[:120],
            "population_group": line.population_group,
            "beneficiary_type": line.beneficiary_type,
            "beneficiaries": line.beneficiaries,
            "new_beneficiaries": line.new_beneficiaries,
            "quantity": line.quantity,
            "households": line.households,
            "cells": {f"{sex.value}:{age}": n for (sex, age), n in line.cells.items()},
            "of_which": line.of_which,
            "groups": line.groups,
            "group_cells": {
                f"{group}:{sex.value}:{age}": n for (group, sex, age), n in line.group_cells.items()
            },
            "comments": line.comments,
            "etpv_support": line.etpv_support,
            "etpv_support_type": line.etpv_support_type,
            "funded_project": line.funded_project,
        }
        for line in lines
    ]
