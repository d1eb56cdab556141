"""Events of one month, for the cluster's monthly documents: the LEG report's emergencies
figures and the bulletin's emergencies section read the same events, figures and gaps.

Only events past "reported" (verified, responding, closed) count: an unverified report is
not a figure to send to the national cluster or to publish.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from trayecto.domain.emergencies import EventStatus
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import Event
from trayecto.web.emergencies.reach import response_gaps, response_reach
from trayecto.web.emergencies.selectors import figure_rows, figures


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a YYYY-MM month."""
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def active_events(period: str, department: str = "") -> list[Event]:
    """Verified events under way at some point of the month (of one department if given),
    oldest first."""
    first, last = month_bounds(period)
    found: QuerySet[Event] = (
        Event.objects.exclude(status=EventStatus.REPORTED.value)
        .filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by("start_date", "id")
    )
    # department_codes is a JSON list; filtering it in Python works on SQLite and PostgreSQL.
    return [e for e in found if not department or department in e.department_codes]


# What a monthly document keeps of each event's figures (plain JSON: a LEG report freezes
# them when sent, a bulletin stores them to be rebuilt identically).
KEPT = (
    "sedes_affected",
    "students_affected",
    "teachers_affected",
    "days_lost",
    "sedes_reached",
    "coverage_sedes_pct",
    "alert_after_days",
)


def month_figures(
    *,
    period: str,
    department: str = "",
    store: Warehouse | None = None,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Each event active in the month (in the department when given), with its figures."""
    return [
        event_month_figures(event, period=period, department=department, store=store, today=today)
        for event in active_events(period, department)
    ]


def event_month_figures(
    event: Event,
    *,
    period: str,
    department: str = "",
    store: Warehouse | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The event's figures in the month (of its sedes in the department when given) as the
    event page computes them (selectors.figures), except that the response counts
    **published** 5W lines only, up to the month: a LEG report and a bulletin carry published
    figures only. Gaps are the sedes without such a response once the event's N days have
    passed by the month's last day (or by today, within the month)."""
    as_of = min(month_bounds(period)[1], today or timezone.localdate())
    sedes = figure_rows(event, department)
    reached = response_reach(event, sedes, statuses=(Status.PUBLISHED.value,), last_month=period)
    found = figures(
        event, today=as_of, store=store, reached=reached, rows=sedes, department=department
    )
    return {
        "id": event.pk,
        "title": event.title,
        "start_date": event.start_date.isoformat(),
        **{key: found[key] for key in KEPT},
        "gaps_due": response_gaps(event, sedes, reached, as_of)["gaps_due"],
        "sedes_without_response": len(found["sedes_without_response"]),
    }
