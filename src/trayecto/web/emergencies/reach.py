"""Which 5W response reached an event's affected sedes, and when: the 5W lines in the
counted statuses (response.services.counted_statuses) from the event's month on (5W lines
are monthly); a line reaches a sede when it names the sede's code, else when it has no sede
code and lies in the sede's municipality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, Sum

from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.response.models import ActivityLine
from trayecto.web.response.selectors.snapshot import counted_statuses


@dataclass
class Reach:
    """When a response first reached one affected sede, and how it was matched."""

    month: str  # YYYY-MM of the first 5W line
    by: str  # "sede" (the line names the sede) or "municipality"
    organisations: list[str] = field(default_factory=list)


def event_month(event: Event) -> str:
    return f"{event.start_date:%Y-%m}"


def response_reach(
    event: Event,
    sedes: Iterable[Any],
    *,
    statuses: Iterable[str] | None = None,
    last_month: str | None = None,
) -> dict[str, Reach]:
    """sede code -> the first response that reached it (only sedes some line reached);
    `sedes` are the event's sedes or some of them (anything with sede_code and
    municipality_code). Lines in the counted statuses unless `statuses` names others (the
    public bulletin counts published lines only), up to `last_month` when given (a
    bulletin's month: a later line did not reach the sede in it)."""
    sedes = list(sedes)
    municipalities = {s.municipality_code for s in sedes}
    listed = AffectedSede.objects.filter(event=event).values("sede_code")
    lines = ActivityLine.objects.filter(
        Q(sede__in=listed) | Q(sede="", municipality__in=municipalities),
        month__gte=event_month(event),
        submission__status__in=tuple(counted_statuses() if statuses is None else statuses),
    )
    if last_month is not None:
        lines = lines.filter(month__lte=last_month)
    found = lines.values("sede", "municipality", "month", "submission__organization__name")
    by_sede: dict[str, Reach] = {}
    by_municipality: dict[str, Reach] = {}
    for line in found.order_by("month"):
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
        hit = by_sede.get(sede.sede_code) or by_municipality.get(sede.municipality_code)
        if hit is not None:
            reached[sede.sede_code] = hit
    return reached


def days_to(event: Event, month: str) -> int:
    """Days from the event to the first day of a response's month (0 in the event's month)."""
    first = dt.date.fromisoformat(f"{month}-01")
    return max(0, (first - event.start_date).days)


def response_gaps(
    event: Event, sedes: list[Any], reached: Container[str], today: dt.date
) -> dict[str, Any]:
    """Coverage of the affected sedes by a response and the sedes still without one once
    the event's N days (alert_after_days) have passed by `today` (none before)."""
    n_reached = sum(1 for s in sedes if s.sede_code in reached)
    deadline = event.start_date + dt.timedelta(days=event.alert_after_days)
    gaps = [s for s in sedes if s.sede_code not in reached] if today >= deadline else []
    return {
        "sedes_reached": n_reached,
        "coverage_sedes_pct": round(100 * n_reached / len(sedes), 1) if sedes else None,
        "alert_after_days": event.alert_after_days,
        "gaps_due": today >= deadline,
        "sedes_without_response": [s.sede_code for s in gaps],
    }


def response_version() -> str:
    """What the response read of every event depends on: the 5W lines in the counted
    statuses (how many, and which: a report that enters or leaves them, or is replaced,
    changes the count or the sum of their ids). One aggregate query."""
    found = ActivityLine.objects.filter(submission__status__in=counted_statuses()).aggregate(
        n=Count("id"), ids=Sum("id", default=0), last=Max("id", default=0)
    )
    return f"{found['n']}-{found['ids']}-{found['last']}"
