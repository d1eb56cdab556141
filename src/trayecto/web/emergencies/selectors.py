"""Reads of the emergencies app: an event's figures, its response and its gaps.

Figures come from the event's affected sedes (one row per sede, whatever list brought it);
the response from the 5W lines in the counted statuses (response.services.counted_statuses):
a line reaches a sede when it names the sede's code, else when it has no sede code and lies
in the sede's municipality; from the event's month on (5W lines are monthly).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from trayecto.domain.emergencies import SEVERITIES, Damage
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.access import MUNICIPALITY_CODE_LENGTH, SEDE_CODE_LENGTH
from trayecto.web.emergencies import geography
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.response.models import ActivityLine, AuditLog
from trayecto.web.response.services import counted_statuses

LEVELS = {
    "early_childhood": "enrolment_early_childhood",
    "primary": "enrolment_primary",
    "secondary": "enrolment_secondary",
    "upper_secondary": "enrolment_upper_secondary",
    "adults": "enrolment_adults",
}


def events(
    *, status: str = "", type_: str = "", department: str = "", year: int | None = None
) -> QuerySet[Event]:
    """Events, newest first, with their counts of affected sedes and students."""
    qs = Event.objects.annotate(
        n_sedes=Count("sedes"), n_students=Sum("sedes__enrolment_total", default=0)
    )
    if status:
        qs = qs.filter(status=status)
    if type_:
        qs = qs.filter(type=type_)
    if department:
        # JSON "contains" is not on SQLite; the codes are 2 digits, written as "27".
        qs = qs.filter(department_codes__icontains=f'"{department}"')
    if year:
        qs = qs.filter(start_date__year=year)
    return qs.order_by("-start_date", "-id")


@dataclass
class Reach:
    """When a response first reached one affected sede, and how it was matched."""

    month: str  # YYYY-MM of the first 5W line
    by: str  # "sede" (the line names the sede) or "municipality"
    organisations: list[str] = field(default_factory=list)


def event_month(event: Event) -> str:
    return f"{event.start_date:%Y-%m}"


FIGURE_FIELDS = (
    "sede_code", "municipality_code", "severity", "damage", "used_as_shelter", "occupied",
    "reopened", "days_lost", "enrolment_total", *LEVELS.values(), "students_affected_female",
    "students_affected_male", "teachers", "directors", "teachers_affected",
)  # fmt: skip


def figure_rows(event: Event) -> list[Any]:
    """The columns figures read, one light row per affected sede (not model instances: the
    page stays fast at 6,000 sedes)."""
    rows: list[Any] = list(
        AffectedSede.objects.filter(event=event)
        .order_by("municipality_code", "sede_code")
        .values_list(*FIGURE_FIELDS, named=True)
    )
    return rows


def students_of(sede: Any) -> int:
    """Students affected: the sexes when the assessment counted them, else enrolment
    (AffectedSede.students_affected, for light rows)."""
    female, male = sede.students_affected_female, sede.students_affected_male
    if female is not None or male is not None:
        return int((female or 0) + (male or 0))
    return int(sede.enrolment_total)


def response_reach(event: Event, sedes: Iterable[Any]) -> dict[str, Reach]:
    """sede code -> the first response that reached it (only sedes some line reached);
    `sedes` are the event's sedes or some of them (anything with sede_code and
    municipality_code)."""
    sedes = list(sedes)
    municipalities = {s.municipality_code for s in sedes}
    listed = AffectedSede.objects.filter(event=event).values("sede_code")
    lines = (
        ActivityLine.objects.filter(
            Q(sede__in=listed) | Q(sede="", municipality__in=municipalities),
            month__gte=event_month(event),
            submission__status__in=counted_statuses(),
        )
        .values("sede", "municipality", "month", "submission__organization__name")
        .order_by("month")
    )
    by_sede: dict[str, Reach] = {}
    by_municipality: dict[str, Reach] = {}
    for line in lines:
        target, key, how = (
            (by_sede, line["sede"], "sede")
            if line["sede"]
            else (by_municipality, line["municipality"], "municipality")
        )
        reach = target.setdefault(key, Reach(line["month"], how))
        organisation = line["submission__organization__name"]
        if organisation not in reach.organisations:
            reach.organisations.append(organisation)
    reached: dict[str, Reach] = {}
    for sede in sedes:
        found = by_sede.get(sede.sede_code) or by_municipality.get(sede.municipality_code)
        if found is not None:
            reached[sede.sede_code] = found
    return reached


def days_to(event: Event, month: str) -> int:
    """Days from the event to the first day of a response's month (0 in the event's month)."""
    first = dt.date.fromisoformat(f"{month}-01")
    return max(0, (first - event.start_date).days)


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _count(flags: list[bool | None]) -> int | None:
    """Sedes flagged yes; None when no sede was assessed for it."""
    known = [f for f in flags if f is not None]
    return sum(1 for f in known if f) if known else None


def figures(
    event: Event,
    today: dt.date | None = None,
    store: Warehouse | None = None,
    reached: dict[str, Reach] | None = None,
    rows: list[Any] | None = None,
) -> dict[str, Any]:
    """Every figure of the event page and of `trayecto event show --json` (`rows` and
    `reached` when the caller has them already)."""
    today = today or timezone.localdate()
    sedes = figure_rows(event) if rows is None else rows
    reached = response_reach(event, sedes) if reached is None else reached
    names = geography.names("municipality", store)
    by_municipality: dict[str, dict[str, Any]] = {}
    for s in sedes:
        m = by_municipality.setdefault(
            s.municipality_code,
            {
                "area_code": s.municipality_code,
                "area_name": names.get(s.municipality_code, s.municipality_code),
                "sedes": 0,
                "students": 0,
                "sedes_reached": 0,
            },
        )
        m["sedes"] += 1
        m["students"] += students_of(s)
        m["sedes_reached"] += s.sede_code in reached
    severity = Counter(s.severity for s in sedes)
    damage = Counter(s.damage for s in sedes if s.damage)
    students = sum(students_of(s) for s in sedes)
    students_reached = sum(students_of(s) for s in sedes if s.sede_code in reached)
    teachers = [
        s.teachers_affected if s.teachers_affected is not None else s.teachers for s in sedes
    ]
    first = min((r.month for r in reached.values()), default=None)
    deadline = event.start_date + dt.timedelta(days=event.alert_after_days)
    gaps = [s for s in sedes if s.sede_code not in reached] if today >= deadline else []
    return {
        "id": event.pk,
        "title": event.title,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "department_codes": event.department_codes,
        "municipality_codes": event.municipality_codes,
        "sedes_affected": len(sedes),
        "students_affected": students,
        "teachers_affected": _sum(teachers) or 0,
        "directors": _sum([s.directors for s in sedes]),
        "sedes_by_severity": {str(level): severity.get(level, 0) for level in SEVERITIES}
        | ({"unknown": severity[None]} if severity.get(None) else {}),
        "sedes_by_damage": {d.value: damage.get(d.value, 0) for d in Damage} if damage else {},
        "students_by_level": {
            level: _sum([getattr(s, column) for s in sedes]) for level, column in LEVELS.items()
        },
        "students_by_sex": {
            "female": _sum([s.students_affected_female for s in sedes]),
            "male": _sum([s.students_affected_male for s in sedes]),
        },
        "days_lost": _sum([s.days_lost for s in sedes]),
        # OCHA HPC education indicators (GLOSSARY: E-1-03, E-1-05, E-1-16) and reopening.
        "hpc": {
            "schools_affected": len(sedes),
            "schools_used_as_shelter": _count([s.used_as_shelter for s in sedes]),
            "schools_occupied": _count([s.occupied for s in sedes]),
            "schools_reopened": _count([s.reopened for s in sedes]),
        },
        "sedes_reached": len(reached),
        "students_reached": students_reached,
        "coverage_sedes_pct": round(100 * len(reached) / len(sedes), 1) if sedes else None,
        "coverage_students_pct": round(100 * students_reached / students, 1) if students else None,
        "first_response_month": first,
        "days_to_first_response": days_to(event, first) if first else None,
        "alert_after_days": event.alert_after_days,
        "sedes_without_response": [s.sede_code for s in gaps],
        "by_municipality": sorted(
            by_municipality.values(), key=lambda m: (-m["sedes"], m["area_code"])
        ),
    }


def event_sedes(event: Event) -> list[AffectedSede]:
    """The event's sedes, every column (figures read most of them; a deferred column would
    cost a query per sede)."""
    return list(AffectedSede.objects.filter(event=event).order_by("municipality_code", "sede_code"))


def sede_rows(
    sedes: Iterable[AffectedSede], reached: dict[str, Reach], names: dict[str, str]
) -> list[dict[str, Any]]:
    """Table and export rows: the sede, its municipality by name, its first response."""
    rows = []
    for s in sedes:
        reach = reached.get(s.sede_code)
        rows.append(
            {
                "pk": s.pk,
                "sede_code": s.sede_code,
                "sede_name": s.sede_name,
                "department_code": s.department_code,
                "municipality_code": s.municipality_code,
                "municipality_name": names.get(s.municipality_code, s.municipality_code),
                "severity": s.severity,
                "damage": s.damage or None,
                "used_as_shelter": s.used_as_shelter,
                "occupied": s.occupied,
                "reopened": s.reopened,
                "days_lost": s.days_lost,
                "students_affected": students_of(s),
                "teachers": s.teachers_affected if s.teachers_affected is not None else s.teachers,
                "reached_month": reach.month if reach else None,
                "reached_by": reach.by if reach else None,
                "responders": reach.organisations if reach else [],
                "organisations": s.organisations,
            }
        )
    return rows


def timeline(event: Event) -> QuerySet[AuditLog]:
    """What happened to the event, oldest first (the audit log)."""
    return (
        AuditLog.objects.filter(object_type="event", object_id=event.pk)
        .select_related("user")
        .order_by("at", "id")
    )


def area_events(user_sedes: QuerySet[AffectedSede], area_code: str) -> list[dict[str, Any]]:
    """Events with affected sedes in an area (department, municipality or sede code) that
    the user may see, with how many of them: the block on the statistics pages."""
    if len(area_code) == SEDE_CODE_LENGTH:
        qs = user_sedes.filter(sede_code=area_code)
    elif len(area_code) == MUNICIPALITY_CODE_LENGTH:
        qs = user_sedes.filter(municipality_code=area_code)
    else:
        qs = user_sedes.filter(department_code=area_code)
    found = (
        qs.values("event_id", "event__title", "event__start_date", "event__status")
        .annotate(sedes=Count("id"), students=Sum("enrolment_total"))
        .order_by("-event__start_date")
    )
    return [dict(row) for row in found]
