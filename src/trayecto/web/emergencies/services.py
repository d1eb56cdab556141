"""Writes of the emergencies app: each one transaction, each change in the audit log.

Access is decided in access.py (views, CLI operators); these functions check the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from trayecto.domain.emergencies import (
    TYPE_OF_SUBTYPE,
    EventStatus,
    EventSubtype,
    EventType,
    may_move,
)
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers import affected_schools, damage_assessment
from trayecto.warehouse import Warehouse
from trayecto.web.bulk import bulk_insert
from trayecto.web.emergencies import alerts, geography
from trayecto.web.emergencies.audit import User, audit
from trayecto.web.emergencies.models import AffectedList, AffectedSede, Event, new_data_version

NO_DEPARTMENT = "name at least one department (2-digit DANE code, e.g. 27 for Chocó)"
BAD_DEPARTMENT = "{code!r} is not a department code: 2 digits, e.g. 27"
UNKNOWN_DEPARTMENT = "department {code} is not in DIVIPOLA"
BAD_MUNICIPALITY = "{code!r} is not a municipality code: 5 digits, e.g. 27001"
MUNICIPALITY_OUTSIDE = "municipality {code} is not in the event's departments ({departments})"
UNKNOWN_MUNICIPALITY = "municipality {code} is not in DIVIPOLA"
SUBTYPE_MISMATCH = "subtype {subtype} belongs to {expected}, not to {type}"
WRONG_STATUS = "an event «{status}» cannot pass to «{to}»"
END_BEFORE_START = "the end date comes before the start date"
ALREADY_LISTED = "sede already listed for this event by {where}; not imported from this list"
ENTERED_IN_WEB = "an entry in the web"
SEDE_OUTSIDE = "municipality {code} is outside the event's territory; allowed: {allowed}"
SEDE_DEPARTMENT = (
    "digits 2-3 of sede code {code} are department {digits}, the municipality chosen is in "
    "{department}: correct the code or the municipality"
)
SEDE_HELD = "sede {code} is already affected in this event ({where}): correct it there"
ASSESSMENT_LIST = "evaluacion-rapida-de-danos"  # the one list of an event's assessments


class EventInvalid(ValueError):
    """Input an event cannot take, said so that the user can fix it."""


AUDITED_FIELDS = (
    "type", "subtype", "title", "start_date", "end_date", "department_codes",
    "municipality_codes", "source", "status", "narrative", "alert_after_days",
)  # fmt: skip


def _touch(event: Event) -> None:
    """A new data version: the event's kept figures are computed again on the next read."""
    event.data_version = new_data_version()
    Event.objects.filter(pk=event.pk).update(data_version=event.data_version)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class EventInput:
    """What a form or the CLI gives to record or change an event."""

    type: str
    title: str
    start_date: dt.date
    department_codes: tuple[str, ...]
    municipality_codes: tuple[str, ...] = ()
    subtype: str = ""
    end_date: dt.date | None = None
    source: str = ""
    narrative: str = ""
    alert_after_days: int = 7


def check_event(data: EventInput, store: Warehouse | None = None) -> EventInput:
    """The input with clean codes, or EventInvalid saying what to fix."""
    event_type = EventType(data.type) if data.type in set(EventType) else None
    if event_type is None:
        raise EventInvalid(f"unknown type {data.type!r}; allowed: {', '.join(EventType)}")
    if data.subtype:
        if data.subtype not in set(EventSubtype):
            allowed = ", ".join(EventSubtype)
            raise EventInvalid(f"unknown subtype {data.subtype!r}; allowed: {allowed}")
        expected = TYPE_OF_SUBTYPE[EventSubtype(data.subtype)]
        if expected != event_type:
            raise EventInvalid(
                SUBTYPE_MISMATCH.format(subtype=data.subtype, expected=expected, type=data.type)
            )
    if not data.title.strip():
        raise EventInvalid("the title is empty: say what happened and where")
    if data.end_date and data.end_date < data.start_date:
        raise EventInvalid(END_BEFORE_START)
    departments = sorted({c.strip() for c in data.department_codes if c.strip()})
    if not departments:
        raise EventInvalid(NO_DEPARTMENT)
    known_departments = geography.names("department", store)
    for code in departments:
        if not (code.isdigit() and len(code) == 2):
            raise EventInvalid(BAD_DEPARTMENT.format(code=code))
        if known_departments and code not in known_departments:
            raise EventInvalid(UNKNOWN_DEPARTMENT.format(code=code))
    municipalities = sorted({c.strip() for c in data.municipality_codes if c.strip()})
    known_municipalities = geography.names("municipality", store)
    for code in municipalities:
        if not (code.isdigit() and len(code) == 5):
            raise EventInvalid(BAD_MUNICIPALITY.format(code=code))
        if code[:2] not in departments:
            raise EventInvalid(
                MUNICIPALITY_OUTSIDE.format(code=code, departments=", ".join(departments))
            )
        if known_municipalities and code not in known_municipalities:
            raise EventInvalid(UNKNOWN_MUNICIPALITY.format(code=code))
    return EventInput(
        type=data.type,
        title=data.title.strip(),
        start_date=data.start_date,
        department_codes=tuple(departments),
        municipality_codes=tuple(municipalities),
        subtype=data.subtype,
        end_date=data.end_date,
        source=data.source.strip(),
        narrative=data.narrative.strip(),
        alert_after_days=data.alert_after_days,
    )


def _fields(data: EventInput) -> dict[str, Any]:
    return {
        "type": data.type,
        "subtype": data.subtype,
        "title": data.title,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "department_codes": list(data.department_codes),
        "municipality_codes": list(data.municipality_codes),
        "source": data.source,
        "narrative": data.narrative,
        "alert_after_days": data.alert_after_days,
    }


@transaction.atomic
def event_create(*, data: EventInput, user: User | None, store: Warehouse | None = None) -> Event:
    clean = check_event(data, store)
    event = Event(
        **_fields(clean), created_by_id=user.pk if user and user.is_authenticated else None
    )
    event.full_clean()
    event.save()
    audit(user, "create", event, **{k: _plain(v) for k, v in _fields(clean).items()})
    alerts.alerts_schedule(event)
    return event


@transaction.atomic
def event_update(
    *, event: Event, data: EventInput, user: User | None, store: Warehouse | None = None
) -> Event:
    """Change an event's description; the audit keeps each changed field, before and after."""
    clean = check_event(data, store)
    changes: dict[str, list[Any]] = {}
    for name, value in _fields(clean).items():
        before = getattr(event, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(event, name, value)
    if changes:
        event.full_clean()
        event.save()
        _touch(event)
        audit(user, "update", event, changes=changes)
    return event


@transaction.atomic
def event_move(*, event: Event, to: str, user: User | None, note: str = "") -> Event:
    """Reported → verified → responding → closed (a closed event may be reopened)."""
    if to not in set(EventStatus) or not may_move(event.status, to):
        raise EventInvalid(WRONG_STATUS.format(status=event.status, to=to))
    before = event.status
    event.status = to
    event.save(update_fields=["status", "updated_at"])
    _touch(event)
    audit(user, "status", event, changes={"status": [before, to]}, note=note)
    return event


@transaction.atomic
def event_organizations_set(
    *, event: Event, organization_ids: Iterable[int], user: User | None
) -> None:
    before = sorted(event.organizations.values_list("pk", flat=True))
    after = sorted(set(organization_ids))
    if before != after:
        event.organizations.set(after)
        audit(user, "organizations", event, changes={"organizations": [before, after]})


# --------------------------------------------------------------------------- affected sedes
SEDE_FIELDS = (
    "sede_code", "sede_name", "municipality_code", "department_code", "severity", "damage",
    "classrooms_damaged", "used_as_shelter", "occupied", "reopened", "days_lost",
    "enrolment_total", "enrolment_early_childhood", "enrolment_primary", "enrolment_secondary",
    "enrolment_upper_secondary", "enrolment_adults", "students_affected_female",
    "students_affected_male", "teachers", "directors", "teachers_affected", "organisations",
    "teachers_affected_female", "teachers_affected_male", "learning_materials_lost",
    "latitude", "longitude",
)  # fmt: skip


def territory_of(event: Event) -> affected_schools.Territory:
    return affected_schools.Territory(
        departments=frozenset(event.department_codes),
        municipalities=frozenset(event.municipality_codes),
        year=event.start_date.year,
        event=str(event.pk),
    )


def _sede_row(
    event: Event, listed: AffectedList, record: dict[str, Any], etc: str | None
) -> dict[str, Any]:
    values = {name: record.get(name) for name in SEDE_FIELDS}
    values["damage"] = values["damage"] or ""
    values["enrolment_total"] = values["enrolment_total"] or 0  # an assessment has none
    values["organisations"] = values["organisations"] or []
    return {
        **values,
        "event_id": event.pk,
        "affected_list_id": listed.pk,
        "line": record["line"],
        "etc_code": etc or "",
    }


def affected_list_import(
    *,
    event: Event,
    path: Path,
    store: Warehouse,
    user: User | None,
    dry_run: bool = False,
    name: str | None = None,
) -> ImportReport:
    """Import a list of affected sedes into the event, atomically.

    The list is known by its file name (or `name`): importing it again replaces that list's
    rows and nothing else (other lists, sedes entered in the web, the event's description,
    organisations and status stay). A sede another list of the event (or the web) already
    holds is reported, not imported twice.
    """
    found = affected_schools.read(path, store, territory=territory_of(event), dry_run=dry_run)
    return _list_store(
        event=event, user=user, dry_run=dry_run, list_name=name or path.name, where=str(path),
        found=FoundList(found.report, found.records, found.etc_codes, found.vintage,
                        found.file_sha256),
    )  # fmt: skip


def assessment_import(
    *, event: Event, path: Path, store: Warehouse, user: User | None, dry_run: bool = False
) -> ImportReport:
    """Import the submissions export of the damage assessment form into the event.

    Every export holds all submissions so far, so the event keeps one assessment list
    (ASSESSMENT_LIST): importing a newer export replaces it, the same one twice changes
    nothing. A sede another list already holds is reported, as for any list.
    """
    found = damage_assessment.read(path, store, territory=territory_of(event), dry_run=dry_run)
    return _list_store(
        event=event, user=user, dry_run=dry_run, list_name=ASSESSMENT_LIST, where=str(path),
        found=FoundList(found.report, found.records, found.etc_codes, found.vintage,
                        found.file_sha256, code_column=found.code_column),
        action="assessment",
    )  # fmt: skip


@dataclass(frozen=True)
class FoundList:
    """What a reader accepted of a file: its report, rows (each with `line`) and ETCs."""

    report: ImportReport
    records: list[dict[str, Any]]
    etc_codes: dict[str, str | None]
    vintage: str
    file_sha256: str
    code_column: str = "Código DANE"  # the sede code's header, as the file names it


def _list_store(
    *,
    event: Event,
    found: FoundList,
    list_name: str,
    where: str,
    user: User | None,
    dry_run: bool,
    action: str = "",
) -> ImportReport:
    """Store a read list as the event's list `list_name`, replacing its rows, in one
    transaction; sedes other lists (or the web) hold are reported, not imported twice."""
    report = found.report
    report.details["event"] = event.pk
    if report.refused:
        return report
    with transaction.atomic():
        elsewhere = {
            row["sede_code"]: row["affected_list__name"] or ENTERED_IN_WEB
            for row in AffectedSede.objects.filter(event=event)
            .exclude(affected_list__name=list_name)
            .values("sede_code", "affected_list__name")
        }
        kept = []
        for record in found.records:
            other = elsewhere.get(record["sede_code"])
            if other is None:
                kept.append(record)
                continue
            report.rows_imported -= 1
            report.rows_rejected += 1
            report.problems.append(
                Problem(record["line"], found.code_column, record["sede_code"],
                        ALREADY_LISTED.format(where=other))
            )  # fmt: skip
        report.refuse_if_empty(where)
        report.details.update(
            list=list_name,
            sedes=len(kept),
            students=sum(r.get("enrolment_total") or 0 for r in kept),
            vintage=found.vintage,
            file_sha256=found.file_sha256,
        )
        if report.refused or dry_run:
            return report
        listed, created = AffectedList.objects.get_or_create(
            event=event, name=list_name, defaults={"file_sha256": found.file_sha256}
        )
        previous = set(listed.sedes.values_list("sede_code", flat=True))
        listed.sedes.all().delete()
        listed.file_sha256 = found.file_sha256
        listed.vintage = found.vintage
        listed.rows_read = report.rows_read
        listed.rows_rejected = report.rows_rejected
        listed.imported_by_id = user.pk if user is not None and user.is_authenticated else None
        listed.save()
        _touch(event)
        bulk_insert(
            AffectedSede,
            (_sede_row(event, listed, r, found.etc_codes.get(r["sede_code"])) for r in kept),
        )
        audit(
            user,
            action or ("import" if created else "reimport"),
            event,
            list=list_name,
            file_sha256=found.file_sha256,
            rows_read=report.rows_read,
            rows_imported=report.rows_imported,
            rows_rejected=report.rows_rejected,
            replaced=len(previous),
        )
        report.details["replaced"] = len(previous)
        new_codes = [r["sede_code"] for r in kept if r["sede_code"] not in previous]
        if new_codes:
            alerts.late_import_schedule(event, list_name, new_codes)
    return report


def check_sede(event: Event, values: dict[str, Any], sede: AffectedSede | None) -> dict[str, Any]:
    """A web entry's values with the department and teachers filled in, or EventInvalid:
    the municipality (chosen by name) in the event's territory, the code's department
    digits agreeing with it, and the sede not held already by the event."""
    code, municipality = values["sede_code"], values["municipality_code"]
    territory = sorted(event.municipality_codes or event.department_codes)
    if municipality[:2] not in event.department_codes or (
        event.municipality_codes and municipality not in event.municipality_codes
    ):
        raise EventInvalid(SEDE_OUTSIDE.format(code=municipality, allowed=", ".join(territory)))
    if code[1:3] != municipality[:2]:
        raise EventInvalid(
            SEDE_DEPARTMENT.format(code=code, digits=code[1:3], department=municipality[:2])
        )
    others = AffectedSede.objects.filter(event=event, sede_code=code)
    if sede is not None:
        others = others.exclude(pk=sede.pk)
    holder = others.select_related("affected_list").first()
    if holder is not None:
        where = holder.affected_list.name if holder.affected_list else ENTERED_IN_WEB
        raise EventInvalid(SEDE_HELD.format(code=code, where=where))
    found = dict(values, department_code=municipality[:2])
    female, male = values.get("teachers_affected_female"), values.get("teachers_affected_male")
    if female is not None or male is not None:
        found["teachers_affected"] = (female or 0) + (male or 0)
    return found


@transaction.atomic
def affected_sede_save(
    *, event: Event, user: User | None, values: dict[str, Any], sede: AffectedSede | None = None
) -> AffectedSede:
    """Enter or correct one sede in the web; the audit keeps what changed. A new sede after
    the gap alert went out is alerted as a late arrival."""
    values = check_sede(event, values, sede)
    row = sede or AffectedSede(event=event)
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        before = getattr(row, name, None) if sede is not None else None
        if before != value:
            changes[name] = [before, value]
            setattr(row, name, value)
    row.full_clean(exclude=["event", "affected_list"])
    row.save()
    _touch(event)
    if changes:
        audit(user, "sede_update" if sede else "sede_create", event, sede=row.sede_code,
              changes=changes)  # fmt: skip
    if sede is None:
        alerts.late_import_schedule(event, ENTERED_IN_WEB, [row.sede_code])
    return row


@transaction.atomic
def affected_sede_delete(*, sede: AffectedSede, user: User | None) -> None:
    audit(user, "sede_delete", sede.event, sede=sede.sede_code, list=str(sede.affected_list or ""))
    sede.delete()
    _touch(sede.event)
