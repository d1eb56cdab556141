"""Reads of the emergencies app: an event's figures, its response and its gaps.

Figures come from the event's affected sedes (one row per sede, whatever list brought it);
the response that reached them from the 5W lines (reach.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from trayecto.domain.emergencies import SEVERITIES, Damage, EventStatus
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.access import MUNICIPALITY_CODE_LENGTH, SEDE_CODE_LENGTH
from trayecto.web.emergencies import geography
from trayecto.web.emergencies.models import ACTION_LABELS, STATUS_LABELS, AffectedSede, Event
from trayecto.web.emergencies.reach import (
    Reach,
    days_to,
    response_gaps,
    response_reach,
    response_version,
)
from trayecto.web.response.models import AuditLog

LEVELS = {
    "early_childhood": "enrolment_early_childhood",
    "primary": "enrolment_primary",
    "secondary": "enrolment_secondary",
    "upper_secondary": "enrolment_upper_secondary",
    "adults": "enrolment_adults",
}


def event_by_id(event_id: int) -> Event | None:
    """The event `event_id`, or None when there is none (the caller says so its own way)."""
    return Event.objects.filter(pk=event_id).first()


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


# Students affected: the sexes when the assessment counted them, else enrolment
# (AffectedSede.students_affected, in SQL).
STUDENTS = Case(
    When(
        Q(students_affected_female__isnull=False) | Q(students_affected_male__isnull=False),
        then=Coalesce("students_affected_female", 0) + Coalesce("students_affected_male", 0),
    ),
    default=F("enrolment_total"),
)


@dataclass(frozen=True)
class SedeKey:
    """What reach and the per-municipality counts need of one affected sede."""

    sede_code: str
    municipality_code: str
    students: int


def event_sedes_in(event: Event, department: str = "") -> QuerySet[AffectedSede]:
    """The event's affected sedes, or those of one department (an event may span several;
    a LEG's report counts its own)."""
    found = AffectedSede.objects.filter(event=event)
    return found.filter(department_code=department) if department else found


def figure_rows(event: Event, department: str = "") -> list[SedeKey]:
    """One light row per affected sede (the page stays fast at 6,000 sedes)."""
    found = (
        event_sedes_in(event, department)
        .annotate(students=STUDENTS)
        .order_by("municipality_code", "sede_code")
        .values_list("sede_code", "municipality_code", "students")
    )
    return [SedeKey(code, municipality, int(n)) for code, municipality, n in found]


def _yes(name: str) -> dict[str, Count]:
    """Sedes flagged yes and sedes assessed for the flag (None when none was)."""
    return {
        f"{name}_yes": Count("id", filter=Q(**{name: True})),
        f"{name}_known": Count("id", filter=Q(**{f"{name}__isnull": False})),
    }


def totals(event: Event, department: str = "") -> dict[str, Any]:
    """The event's sums and counts in one query (a sum of nothing known is None), of every
    affected sede or of one department's."""
    aggregates: dict[str, Any] = {
        "sedes": Count("id"),
        "students": Sum(STUDENTS),
        "teachers": Sum(Coalesce("teachers_affected", "teachers")),
        "directors": Sum("directors"),
        "days_lost": Sum("days_lost"),
        "female": Sum("students_affected_female"),
        "male": Sum("students_affected_male"),
        "teachers_female": Sum("teachers_affected_female"),
        "teachers_male": Sum("teachers_affected_male"),
        **{f"level_{level}": Sum(column) for level, column in LEVELS.items()},
        **{f"severity_{n}": Count("id", filter=Q(severity=n)) for n in SEVERITIES},
        "severity_unknown": Count("id", filter=Q(severity__isnull=True)),
        **{f"damage_{d.value}": Count("id", filter=Q(damage=d.value)) for d in Damage},
        **_yes("used_as_shelter"),
        **_yes("occupied"),
        **_yes("reopened"),
        **_yes("learning_materials_lost"),
    }
    result: dict[str, Any] = event_sedes_in(event, department).aggregate(**aggregates)
    return result


def figures(
    event: Event,
    today: dt.date | None = None,
    store: Warehouse | None = None,
    reached: dict[str, Reach] | None = None,
    rows: list[Any] | None = None,
    department: str = "",
) -> dict[str, Any]:
    """Every figure of the event page and of `trayecto event show --json` (`rows` and
    `reached` when the caller has them already); of one department's sedes when
    `department` is given (a LEG's monthly report)."""
    today = today or timezone.localdate()
    sedes = figure_rows(event, department) if rows is None else rows
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
        m["students"] += s.students
        m["sedes_reached"] += s.sede_code in reached
    t = totals(event, department)
    students = t["students"] or 0
    students_reached = sum(s.students for s in sedes if s.sede_code in reached)
    first = min((r.month for r in reached.values()), default=None)
    gaps = response_gaps(event, sedes, reached, today)
    damaged = any(t[f"damage_{d.value}"] for d in Damage)

    def flagged(name: str) -> int | None:
        return t[f"{name}_yes"] if t[f"{name}_known"] else None

    return {
        "id": event.pk,
        "title": event.title,
        "type": event.type,
        "subtype": event.subtype,
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "department_codes": event.department_codes,
        "municipality_codes": event.municipality_codes,
        "sedes_affected": t["sedes"],
        "students_affected": students,
        "teachers_affected": t["teachers"] or 0,
        "directors": t["directors"],
        "sedes_by_severity": {str(n): t[f"severity_{n}"] for n in SEVERITIES}
        | ({"unknown": t["severity_unknown"]} if t["severity_unknown"] else {}),
        "sedes_by_damage": {d.value: t[f"damage_{d.value}"] for d in Damage} if damaged else {},
        "students_by_level": {level: t[f"level_{level}"] for level in LEVELS},
        "students_by_sex": {"female": t["female"], "male": t["male"]},
        "teachers_by_sex": {"female": t["teachers_female"], "male": t["teachers_male"]},
        "sedes_learning_materials_lost": flagged("learning_materials_lost"),
        "days_lost": t["days_lost"],
        # OCHA HPC education indicators (GLOSSARY: E-1-03, E-1-05, E-1-16) and reopening.
        "hpc": {
            "schools_affected": t["sedes"],
            "schools_used_as_shelter": flagged("used_as_shelter"),
            "schools_occupied": flagged("occupied"),
            "schools_reopened": flagged("reopened"),
        },
        "sedes_reached": gaps["sedes_reached"],
        "students_reached": students_reached,
        "coverage_sedes_pct": gaps["coverage_sedes_pct"],
        "coverage_students_pct": round(100 * students_reached / students, 1) if students else None,
        "first_response_month": first,
        "days_to_first_response": days_to(event, first) if first else None,
        "alert_after_days": event.alert_after_days,
        "sedes_without_response": gaps["sedes_without_response"],
        "by_municipality": sorted(
            by_municipality.values(), key=lambda m: (-m["sedes"], m["area_code"])
        ),
    }


FIGURES_KEPT_S = 24 * 3600  # a version's figures are dropped a day after their last use


def cached_figures(
    event: Event, today: dt.date | None = None
) -> tuple[dict[str, Any], dict[str, Reach]]:
    """`figures` and the reach of every affected sede, kept (Django's cache) per event data
    version (services.py changes it on every write to the event or its sedes), response
    version and day (the gaps depend on today): a page reads them in two small queries
    instead of a row per sede."""
    today = today or timezone.localdate()
    key = f"emergencies:figures:{event.pk}:{event.data_version}:{response_version()}:{today}"
    kept: tuple[dict[str, Any], dict[str, Reach]] | None = cache.get(key)
    if kept is None:
        rows = figure_rows(event)
        reached = response_reach(event, rows)
        kept = (figures(event, today=today, reached=reached, rows=rows), reached)
        cache.set(key, kept, FIGURES_KEPT_S)
    return kept


def severity_by_municipality(events: Sequence[Event]) -> list[dict[str, Any]]:
    """Affected sedes of the events per municipality and severity (the map's tooltip)."""
    found = (
        AffectedSede.objects.filter(event__in=[e.pk for e in events])
        .values("municipality_code", "severity")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [dict(row) for row in found]


def sede_points(sedes: QuerySet[AffectedSede], reached: Container[str]) -> list[dict[str, Any]]:
    """The sedes with a point (from the damage assessment), with severity and whether a
    response reached them: the event map's points layer."""
    located = sedes.filter(latitude__isnull=False, longitude__isnull=False).order_by("sede_code")
    return [
        {"code": code, "name": name, "latitude": lat, "longitude": lon, "severity": severity,
         "reached": code in reached}
        for code, name, lat, lon, severity in located.values_list(
            "sede_code", "sede_name", "latitude", "longitude", "severity"
        )
    ]  # fmt: skip


def sedes_without_point(events: Sequence[Event]) -> int:
    """How many of the events' sedes the map cannot place (the legend says so)."""
    return (
        AffectedSede.objects.filter(event__in=[e.pk for e in events])
        .filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
        .count()
    )


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
                "learning_materials_lost": s.learning_materials_lost,
                "days_lost": s.days_lost,
                "students_affected": s.students_affected,
                "teachers": s.teachers_affected if s.teachers_affected is not None else s.teachers,
                "reached_month": reach.month if reach else None,
                "reached_by": reach.by if reach else None,
                "responders": reach.organisations if reach else [],
                "organisations": s.organisations,
            }
        )
    return rows


def timeline(event: Event) -> list[AuditLog]:
    """What happened to the event, oldest first (the audit log), each entry with the words a
    reader sees for its action (`label`)."""
    entries = list(
        AuditLog.objects.filter(object_type="event", object_id=event.pk)
        .select_related("user")
        .order_by("at", "id")
    )
    for entry in entries:
        label = str(ACTION_LABELS.get(entry.action, entry.action))
        changes = dict((entry.detail or {}).get("changes", {}))
        if entry.action == "status" and "status" in changes:
            before, after = changes.pop("status")
            names = {str(k): v for k, v in STATUS_LABELS.items()}
            label += f": {names.get(before, before)} → {names.get(after, after)}"
        entry.label = label  # type: ignore[attr-defined]
        entry.shown_changes = changes  # type: ignore[attr-defined]
    return entries


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


def open_in_departments(departments: Iterable[str]) -> tuple[int, int]:
    """Events not yet closed that touch any of the departments, and their affected sedes in
    those departments (the LEG coordinator's home card)."""
    codes = sorted(set(departments))
    if not codes:
        return 0, 0
    touching = Q()
    for code in codes:  # the codes live in a JSON list, as `events` reads them
        touching |= Q(department_codes__icontains=f'"{code}"')
    ids = set(
        Event.objects.filter(touching)
        .exclude(status=EventStatus.CLOSED)
        .values_list("id", flat=True)
    )
    sedes = AffectedSede.objects.filter(event_id__in=ids, department_code__in=codes).count()
    return len(ids), sedes


def territory_municipalities(event: Event) -> dict[str, str]:
    """The event's municipalities, code -> name (all of its departments' when it names none):
    where its affected sedes may lie."""
    return {
        code: name
        for code, name in geography.names("municipality").items()
        if code[:2] in event.department_codes
        and (not event.municipality_codes or code in event.municipality_codes)
    }


def listed_sedes(
    visible: QuerySet[AffectedSede], reached: Iterable[str], *, only_gaps: bool
) -> QuerySet[AffectedSede]:
    """The affected sedes an event's table lists (the page and the API): by municipality and
    code, only those no response reached yet when `only_gaps`."""
    if only_gaps:
        visible = visible.exclude(sede_code__in=list(reached))
    return visible.order_by("municipality_code", "sede_code")
