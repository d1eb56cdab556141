"""Writes of the 5W cycle: import, workflow transitions, periods, the published snapshot.

Every service checks permissions (user None = the command line, acting as the system), then
changes the database in one transaction and writes the audit log. Errors are constants that
tests reuse.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from trayecto.domain.bounds import FIVE_W_PEOPLE
from trayecto.domain.five_w import (
    DEFAULT_COUNTED,
    DEFAULT_RULE,
    Status,
    normalise,
    parse_population_group,
)
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.five_w import FiveWLine, read_five_w, validate_typed_line
from trayecto.importers.five_w_places import Matcher
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.params import PERIOD_RULE, is_reporting_month
from trayecto.web.response import access
from trayecto.web.response.bulk import insert_lines
from trayecto.web.response.models import (
    ActivityLine,
    AuditLog,
    CatalogueItem,
    DepartmentValidation,
    PlannedActivity,
    ReportingPeriod,
    Submission,
)
from trayecto.web.response.snapshot import lines_table as lines_table  # read by selectors
from trayecto.web.response.snapshot import snapshot_rebuild, snapshot_update
from trayecto.web.response.snapshot_lock import one_rebuild_at_a_time

User = AbstractBaseUser | AnonymousUser

UNKNOWN_ORG = "organización desconocida: regístrela con `trayecto org add` o use --org CÓDIGO"
SEVERAL_ORGS = "el archivo nombra varias organizaciones ({}): use --org CÓDIGO"
NO_ORG = "el archivo no dice qué organización reporta: use --org CÓDIGO"
APPROVED_ALREADY = (
    "el reporte de {org} para {month} ya está aprobado: pida a quien lo aprobó que lo reabra"
)
PERIOD_LOCKED = "el periodo {month} está cerrado ({reason}); no se aceptan cambios"
WRONG_STATE = "un reporte en estado «{status}» no puede pasar a «{to}»"
COMMENT_REQUIRED = "escriba el motivo: el socio lo verá"


def counted_statuses() -> tuple[str, ...]:
    configured = getattr(settings, "TRAYECTO_COUNTED_STATUSES", None)
    return tuple(configured or (s.value for s in DEFAULT_COUNTED))


def reach_rule() -> str:
    return str(getattr(settings, "TRAYECTO_REACH_RULE", DEFAULT_RULE.value))


def audit(user: User | None, action: str, obj: Any, **detail: Any) -> None:
    AuditLog.objects.create(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        detail=detail,
    )


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def _require_open(submission: Submission) -> None:
    """A locked period freezes every state change of its reports."""
    period = submission.period
    if period.locked:
        raise ValidationError(PERIOD_LOCKED.format(month=period.month, reason=period.lock_reason))


def _allowed(user: User | None, submission: Submission, action: str, allowed: bool) -> None:
    """Permission of a workflow step; the command line (user None) acts as the system."""
    if user is not None:
        _check(allowed, access.why_not(user, submission, action))


# --------------------------------------------------------------------------- organisations
def organization_register(*, name: str, code: str, type_: str) -> tuple[Organization, bool]:
    """Create or update an organisation by its code; ValueError says what is wrong."""
    organization = Organization.objects.filter(code=code).first()
    created = organization is None
    organization = organization or Organization(code=code)
    organization.name, organization.type = name, type_
    try:
        organization.full_clean()
    except ValidationError as exc:
        messages = (f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ValueError("; ".join(messages)) from exc
    with transaction.atomic():
        organization.save()
        audit(None, "org_add" if created else "org_update", organization, type=type_)
    return organization, created


# --------------------------------------------------------------------------- periods
def period_for_month(month: str) -> ReportingPeriod:
    """The reporting period of a month; created with the default due date (the 10th of the
    next month) the first time a report for that month arrives."""
    if not is_reporting_month(month):  # never store `2026-13` or `9999-12` as a period
        raise ValidationError(str(PERIOD_RULE))
    year, number = int(month[:4]), int(month[5:7])
    due = date(year + number // 12, number % 12 + 1, 10)
    period, _ = ReportingPeriod.objects.get_or_create(month=month, defaults={"due_date": due})
    return period


def period_lock(*, period: ReportingPeriod, user: User | None, reason: str) -> None:
    _check(user is None or access.can_manage_periods(user), access.NOT_REVIEWER)
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        period.locked, period.lock_reason = True, reason
        period.save(update_fields=["locked", "lock_reason"])
        audit(user, "period_lock", period, reason=reason)


def period_unlock(*, period: ReportingPeriod, user: User | None, reason: str) -> None:
    _check(user is None or access.can_manage_periods(user), access.NOT_REVIEWER)
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        period.locked, period.lock_reason = False, ""
        period.save(update_fields=["locked", "lock_reason"])
        audit(user, "period_unlock", period, reason=reason)


# --------------------------------------------------------------------------- import
def organization_from_file(names: Iterable[str]) -> Organization | None:
    """The organisation a file names, by code or by name (accents and case ignored)."""
    wanted = {normalise(n) for n in names if n}
    for organization in Organization.objects.all():
        if normalise(organization.code) in wanted or normalise(organization.name) in wanted:
            return organization
    return None


def catalogue_index() -> dict[str, str]:
    """Every way a partner may name a catalogue activity (code, names, "code - name", the
    aliases the cluster admin listed), normalised, to its code: all versions."""
    index: dict[str, str] = {}
    for item in CatalogueItem.objects.order_by("code", "valid_from"):
        aliases = [a for a in item.aliases.splitlines() if a.strip()]
        for key in (item.code, item.name_es, item.name_en, f"{item.code} - {item.name_es}",
                    *aliases):  # fmt: skip
            if key:
                index[normalise(key)] = item.code
        if item.gifmm_indicator and item.code.startswith("GIFMM-"):
            index[str(item.gifmm_indicator)] = item.code
    return index


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
            return _refuse(report, SEVERAL_ORGS.format(", ".join(sorted(read.orgs))))
        organization = organization_from_file(read.orgs)
        if organization is None:
            return _refuse(report, UNKNOWN_ORG, ", ".join(sorted(read.orgs)))
    _check(user is None or access.can_upload(user, organization), access.NOT_YOURS)
    by_month: dict[str, list[FiveWLine]] = defaultdict(list)
    for line in read.lines:
        by_month[line.month].append(line)
    file_hash = _file_hash(path)
    outcomes: list[dict[str, Any]] = []
    with transaction.atomic():
        for month, lines in sorted(by_month.items()):
            reporting = period_for_month(month)
            if reporting.locked:
                transaction.set_rollback(True)
                return _refuse(
                    report, PERIOD_LOCKED.format(month=month, reason=reporting.lock_reason), month
                )
            existing = Submission.objects.filter(
                organization=organization, period=reporting
            ).first()
            if existing and existing.status in {Status.APPROVED, Status.PUBLISHED}:
                transaction.set_rollback(True)
                return _refuse(report, APPROVED_ALREADY.format(org=organization.code, month=month))
            if existing and existing.file_hash == file_hash:
                outcomes.append({"id": existing.pk, "month": month, "action": "unchanged"})
                continue
            if dry_run:
                outcomes.append({"month": month, "action": "would replace" if existing else "new"})
                continue
            submission = existing or Submission(organization=organization, period=reporting)
            submission.status = Status.SUBMITTED
            submission.submitted_at = timezone.now()
            submission.submitted_by_id = _user_id(user)
            submission.validated_by = None
            submission.file_name = file_name or path.name
            submission.file_hash = file_hash
            submission.profile = read.profile
            submission.rows_read = report.rows_read
            submission.rows_imported = len(lines)
            submission.rows_rejected = report.rows_rejected
            submission.problems = [p.as_dict() for p in report.problems]
            submission.comment = ""
            submission.full_clean()
            submission.save()
            if existing:
                existing.lines.all().delete()
                existing.department_validations.all().delete()  # new lines, new review
            insert_lines(_line_records(submission, lines))
            action = "replace" if existing else "import"
            audit(user, action, submission, file=submission.file_name, lines=len(lines))
            outcomes.append({"id": submission.pk, "month": month, "action": action})
    report.details["organization"] = organization.code
    report.details["submissions"] = outcomes
    return report


def _line_records(submission: Submission, lines: list[FiveWLine]) -> list[dict[str, Any]]:
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
        }
        for line in lines
    ]


# --------------------------------------------------------------------------- workflow
def _move(
    submission: Submission,
    user: User | None,
    to: Status,
    action: str,
    warehouse: Warehouse | None = None,
    **detail: Any,
) -> None:
    """Change the status, audit it, and refresh the warehouse snapshot when a counted state
    is entered or left (with the default counted states only approve, publish and reopen
    do; a configuration that also counts validated reports needs validations too)."""
    before = str(submission.status)
    submission.status = to
    submission.save()
    audit(user, action, submission, status=to.value, **detail)
    counted = set(counted_statuses())
    if warehouse is not None and (before in counted or to.value in counted):
        snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])


def _require_state(submission: Submission, allowed: set[Status], to: Status) -> None:
    if submission.status not in allowed:
        raise ValidationError(WRONG_STATE.format(status=submission.status, to=to.value))


def submission_submit(
    *, submission: Submission, user: User | None, warehouse: Warehouse | None = None
) -> None:
    _require_state(submission, {Status.DRAFT, Status.REJECTED}, Status.SUBMITTED)
    _require_open(submission)
    _check(user is None or access.can_submit(user, submission), access.NOT_YOURS)
    with transaction.atomic():
        submission.submitted_at = timezone.now()
        submission.submitted_by_id = _user_id(user)
        submission.department_validations.all().delete()
        _move(submission, user, Status.SUBMITTED, "submit", warehouse)


def submission_validate(
    *, submission: Submission, user: User | None, warehouse: Warehouse | None = None
) -> list[str]:
    """Validate the user's departments of a submitted report (a LEG: the lines in its
    departments; the IM team or the command line: every department still pending). The
    report becomes validated when no department is left; returns the departments validated."""
    _require_state(submission, {Status.SUBMITTED}, Status.VALIDATED)
    _require_open(submission)
    _allowed(
        user, submission, "validate", user is not None and access.can_validate(user, submission)
    )
    pending = access.pending_departments(submission)
    chosen = sorted(pending if user is None else access.departments_to_validate(user, submission))
    with transaction.atomic():
        DepartmentValidation.objects.bulk_create(
            DepartmentValidation(
                submission=submission, department=d, validated_by_id=_user_id(user)
            )
            for d in chosen
        )
        if set(chosen) >= pending:
            submission.validated_by_id = _user_id(user)
            _move(submission, user, Status.VALIDATED, "validate", warehouse, departments=chosen)
        else:
            audit(user, "validate_part", submission, departments=chosen,
                  pending=sorted(pending - set(chosen)))  # fmt: skip
    return chosen


def _approve_one(submission: Submission, user: User | None, **detail: Any) -> None:
    _require_state(submission, {Status.VALIDATED}, Status.APPROVED)
    _require_open(submission)
    _allowed(user, submission, "approve", user is not None and access.can_approve(user, submission))
    submission.approved_by_id = _user_id(user)
    submission.approved_at = timezone.now()
    _move(submission, user, Status.APPROVED, "approve", **detail)


def submission_approve(*, submission: Submission, user: User | None, warehouse: Warehouse) -> None:
    with transaction.atomic():
        _approve_one(submission, user)
        snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])


def submissions_bulk_approve(
    *, submissions: Iterable[Submission], user: User | None, warehouse: Warehouse
) -> int:
    """Approve several validated reports at once; one snapshot at the end."""
    approved: list[int] = []
    with transaction.atomic():
        for submission in submissions:
            _approve_one(submission, user, bulk=True)
            approved.append(submission.pk)
        if approved:
            snapshot_refresh(warehouse=warehouse, submissions=approved)
    return len(approved)


def _publish_one(submission: Submission, user: User | None) -> None:
    _require_state(submission, {Status.APPROVED}, Status.PUBLISHED)
    _require_open(submission)
    _allowed(user, submission, "publish", user is not None and access.can_publish(user, submission))
    submission.status = Status.PUBLISHED
    submission.published_at = timezone.now()
    submission.published_rule = reach_rule()
    submission.save()


def _record_version(
    submissions: list[Submission], user: User | None, version: int, **detail: Any
) -> None:
    for submission in submissions:
        submission.published_manifest_version = version
        submission.save(update_fields=["published_manifest_version"])
        audit(user, "publish", submission, manifest_version=version, rule=reach_rule(), **detail)


def submission_publish(*, submission: Submission, user: User | None, warehouse: Warehouse) -> int:
    """Publish: the counted lines go to the warehouse; the report records rule and version."""
    with transaction.atomic():
        _publish_one(submission, user)
        version = snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])
        _record_version([submission], user, version)
    return version


def submissions_bulk_publish(
    *, submissions: Iterable[Submission], user: User | None, warehouse: Warehouse
) -> int:
    """Publish several approved reports at once (the publish queue); one snapshot."""
    published: list[Submission] = []
    with transaction.atomic():
        for submission in submissions:
            _publish_one(submission, user)
            published.append(submission)
        if published:
            version = snapshot_refresh(warehouse=warehouse, submissions=[s.pk for s in published])
            _record_version(published, user, version, bulk=True)
    return len(published)


def submission_reject(
    *,
    submission: Submission,
    user: User | None,
    comment: str,
    warehouse: Warehouse | None = None,
) -> None:
    _require_state(submission, {Status.SUBMITTED, Status.VALIDATED}, Status.REJECTED)
    _require_open(submission)
    _allowed(user, submission, "reject", user is not None and access.can_reject(user, submission))
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        submission.comment = comment
        submission.department_validations.all().delete()
        submission.validated_by = None
        _move(submission, user, Status.REJECTED, "reject", warehouse, comment=comment)


def submission_reopen(
    *, submission: Submission, user: User | None, reason: str, warehouse: Warehouse
) -> None:
    """Send an approved or published report back to the partner; figures drop it at once."""
    _require_state(submission, {Status.APPROVED, Status.PUBLISHED}, Status.REJECTED)
    _require_open(submission)
    _allowed(user, submission, "reopen", user is not None and access.can_reopen(user, submission))
    if not reason.strip():
        raise ValidationError(COMMENT_REQUIRED)
    with transaction.atomic():
        submission.comment = reason
        submission.approved_by = None
        submission.approved_at = None
        submission.validated_by = None
        submission.department_validations.all().delete()
        _move(submission, user, Status.REJECTED, "reopen", reason=reason)
        snapshot_refresh(warehouse=warehouse, submissions=[submission.pk])


# --------------------------------------------------------------------------- typed lines
NOT_YOUR_DEPARTMENT = "solo puede corregir líneas de sus departamentos ({departments})"


class LineProblems(ValidationError):
    """A typed line refused: every problem, as the importer reports them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([f"{p.column}: {p.message}" for p in problems])
        self.problems = problems


def _line_editor_departments(user: User | None, submission: Submission) -> set[str] | None:
    """None when the user edits every line (the partner, the IM team, the system); a LEG's
    departments otherwise."""
    if user is None or access.can_upload(user, submission.organization):
        return None
    return set(access.leg_departments(user))


def line_save(
    *,
    submission: Submission,
    user: User | None,
    values: dict[str, Any],
    matcher: Matcher,
    line: ActivityLine | None = None,
) -> ActivityLine:
    """Add a line to a draft or returned report, or correct one, checked by the importer's
    rules (LineProblems lists what is wrong); the change and the values before are audited."""
    _require_open(submission)
    _check(user is None or access.can_edit_lines(user, submission), access.LINES_FROZEN)
    if submission.status not in {Status.DRAFT, Status.REJECTED}:
        raise ValidationError(access.LINES_FROZEN)
    row = (
        line.row
        if line is not None
        else (max(submission.lines.values_list("row", flat=True), default=0) + 1)
    )
    checked, problems = validate_typed_line(
        values, matcher=matcher, period=submission.period.month,
        org=submission.organization.code, org_names=[submission.organization.name],
        activities=catalogue_index() or None, row=row,
    )  # fmt: skip
    errors = [p for p in problems if p.severity == "error"]
    if checked is None or errors:
        raise LineProblems(errors or problems)
    mine = _line_editor_departments(user, submission)
    touched = {checked.department} | ({line.department} if line is not None else set())
    if mine is not None and not touched <= mine:
        raise ValidationError(NOT_YOUR_DEPARTMENT.format(departments=", ".join(sorted(mine))))
    record = _line_records(submission, [checked])[0]
    with transaction.atomic():
        before = None
        if line is None:
            line = ActivityLine(**record)
        else:
            before = {k: getattr(line, k) for k in record if k != "submission_id"}
            for key, value in record.items():
                setattr(line, key, value)
        line.save()
        audit(user, "line_add" if before is None else "line_edit", submission, line=line.pk,
              row=row, before=before, warnings=[p.message for p in problems])  # fmt: skip
    return line


def line_delete(*, submission: Submission, user: User | None, line: ActivityLine) -> None:
    _require_open(submission)
    _check(user is None or access.can_edit_lines(user, submission), access.LINES_FROZEN)
    mine = _line_editor_departments(user, submission)
    if mine is not None and line.department not in mine:
        raise ValidationError(NOT_YOUR_DEPARTMENT.format(departments=", ".join(sorted(mine))))
    with transaction.atomic():
        audit(user, "line_delete", submission, line=line.pk, row=line.row,
              before={"municipality": line.municipality, "activity": line.activity,
                      "beneficiaries": line.beneficiaries})  # fmt: skip
        line.delete()


# --------------------------------------------------------------------------- warehouse
@one_rebuild_at_a_time  # concurrent approvals: none lost (snapshot_lock.py)
def snapshot_refresh(*, warehouse: Warehouse, submissions: Iterable[int]) -> int:
    """Publish the snapshot partitions of `submissions` after their state changed; the cost
    follows their lines, not the warehouse's (snapshot.py). Returns the manifest version."""
    return snapshot_update(
        warehouse=warehouse,
        submissions=submissions,
        statuses=counted_statuses(),
        rule=reach_rule(),
    )


@one_rebuild_at_a_time
def snapshot_publish(*, warehouse: Warehouse) -> int:
    """Rebuild the whole snapshot `five_w_line` from the database (recovery)."""
    return snapshot_rebuild(warehouse=warehouse, statuses=counted_statuses(), rule=reach_rule())


# --------------------------------------------------------------------------- copy last month
NOTHING_TO_COPY = "no hay un reporte aprobado anterior de {org} para copiar"
MONTH_TAKEN = "ya existe un reporte de {org} para {month} en estado «{status}»"


def submission_copy_last_month(
    *, organization: Organization, month: str, user: User | None
) -> Submission:
    """A draft for `month` pre-filled from the organisation's last approved report, with
    every line marked recurrent (its people were already counted when they were new)."""
    _check(user is None or access.can_upload(user, organization), access.NOT_YOURS)
    last = (
        Submission.objects.filter(
            organization=organization,
            status__in=[Status.APPROVED, Status.PUBLISHED],
            period__month__lt=month,
        )
        .order_by("-period__month")
        .first()
    )
    if last is None:
        raise ValidationError(NOTHING_TO_COPY.format(org=organization.code))
    period = period_for_month(month)
    if period.locked:
        raise ValidationError(PERIOD_LOCKED.format(month=month, reason=period.lock_reason))
    existing = Submission.objects.filter(organization=organization, period=period).first()
    if existing is not None and existing.status != Status.DRAFT:
        raise ValidationError(
            MONTH_TAKEN.format(org=organization.code, month=month, status=existing.status)
        )
    with transaction.atomic():
        draft = existing or Submission.objects.create(
            organization=organization, period=period, status=Status.DRAFT
        )
        draft.lines.all().delete()
        copies = []
        for line in last.lines.all():
            line.pk = None
            line.submission = draft
            line.month = month
            line.beneficiary_type = "recurrente"
            line.new_beneficiaries = 0
            line.cells = {}
            line.group_cells = {}
            copies.append(line)
        ActivityLine.objects.bulk_create(copies)
        draft.rows_imported = len(copies)
        draft.file_name = ""
        draft.file_hash = ""
        draft.save()
        audit(user, "copy_last_month", draft, source_submission=last.pk, lines=len(copies))
    return draft


# --------------------------------------------------------------------------- planned activities
UNKNOWN_ACTIVITY = "actividad «{value}» fuera del catálogo: elija una de la lista"
UNKNOWN_GROUP = "grupo poblacional «{value}» desconocido: elija uno de la lista"
BAD_PLACE = (
    "lugar «{value}» no válido: departamento de 2 dígitos y, si lo da, municipio de 5 dígitos "
    "de ese departamento"
)


def planned_activity_save(
    *,
    user: User | None,
    organization: Organization,
    activity: str,
    department: str,
    municipality: str = "",
    population_group: str,
    plan_year: int,
    planned_beneficiaries: int,
) -> PlannedActivity:
    """Add a planned activity or change the people planned for the same cell (audited)."""
    _check(user is None or access.can_edit_plan(user, organization), access.NOT_YOUR_PLAN)
    code = catalogue_index().get(normalise(activity))
    if code is None:
        raise ValidationError(UNKNOWN_ACTIVITY.format(value=activity))
    group = parse_population_group(population_group)
    if group is None:
        raise ValidationError(UNKNOWN_GROUP.format(value=population_group))
    place_ok = (
        len(department) == 2
        and department.isdigit()
        and (not municipality or (len(municipality) == 5 and municipality.startswith(department)))
    )
    if not place_ok or (municipality and not municipality.isdigit()):
        raise ValidationError(BAD_PLACE.format(value=municipality or department))
    if planned_beneficiaries < 0:
        raise ValidationError("las personas planificadas son cero o más")
    if implausible := FIVE_W_PEOPLE.refusal(planned_beneficiaries, "es"):
        raise ValidationError(f"personas planificadas: {implausible}")
    with transaction.atomic():
        plan, created = PlannedActivity.objects.update_or_create(
            organization=organization, activity=code, department=department,
            municipality=municipality, population_group=group.value, plan_year=plan_year,
            defaults={"planned_beneficiaries": planned_beneficiaries},
        )  # fmt: skip
        audit(
            user, "plan_add" if created else "plan_update", plan,
            planned_beneficiaries=planned_beneficiaries,
        )  # fmt: skip
    return plan


def planned_activity_delete(*, user: User | None, plan: PlannedActivity) -> None:
    _check(user is None or access.can_edit_plan(user, plan.organization), access.NOT_YOUR_PLAN)
    with transaction.atomic():
        audit(user, "plan_delete", plan, activity=plan.activity, plan_year=plan.plan_year)
        plan.delete()


# --------------------------------------------------------------------------- reminders
REMINDER_LINES = {
    "soon": ("El reporte 5W de {month} vence el {due} (pronto).",
             "The {month} 5W report is due on {due} (soon)."),
    "today": ("El reporte 5W de {month} vence hoy, {due}.",
              "The {month} 5W report is due today, {due}."),
    "overdue": ("El reporte 5W de {month} está vencido desde el {due}.",
                "The {month} 5W report has been overdue since {due}."),
}  # fmt: skip


def _reminder_text(item: dict[str, Any], language: int) -> str:
    """The reminder line of one period, in Spanish (0) or English (1)."""
    template = REMINDER_LINES[item["reminder"]][language]
    return template.format(month=item["period"], due=item["due"])


def reminders_send(*, reminders: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One mail per partner focal point listing its organisation's reports due soon, today
    or overdue (Spanish, then English), through Django's configured email backend; focal
    points without an email address are reported, never skipped silently."""
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in reminders:
        by_org[item["organization"]].append(item)
    sent: list[dict[str, Any]] = []
    no_email: list[dict[str, Any]] = []
    focal_points = Membership.objects.select_related("user", "organization").filter(
        role=Membership.Role.PARTNER, organization__code__in=list(by_org)
    )
    for member in focal_points.order_by("organization__code", "user__username"):
        items = by_org[member.organization.code]
        if not member.user.email:
            no_email.append({"organization": member.organization.code,
                             "username": member.user.get_username()})  # fmt: skip
            continue
        spanish = [_reminder_text(i, 0) for i in items]
        english = [_reminder_text(i, 1) for i in items]
        body = "\n".join(
            ["Reportes 5W pendientes de " + member.organization.name + ":", *spanish, "",
             "Pending 5W reports:", *english, "",
             "Cárguelos en Trayecto / upload them in Trayecto: 5W > Cargar el reporte del mes."]
        )  # fmt: skip
        subject = f"Trayecto: {len(items)} reporte(s) 5W pendiente(s) / pending 5W report(s)"
        send_mail(subject, body, None, [member.user.email])
        with transaction.atomic():
            audit(None, "reminder_sent", member.organization, to=member.user.email,
                  periods=[i["period"] for i in items])  # fmt: skip
        sent.append({"organization": member.organization.code, "to": member.user.email,
                     "periods": [i["period"] for i in items]})  # fmt: skip
    return {"sent": sent, "no_email": no_email}
