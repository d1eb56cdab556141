"""Reporting completeness, timeliness and the reminders due."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils import timezone

from trayecto.domain.five_w import Status
from trayecto.domain.five_w_monitoring import CompletenessRow, Receipt, completeness, reminder
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import ActivityLine, ReportingPeriod, Submission


def completeness_table(*, plan_year: int) -> list[CompletenessRow]:
    """Reporting completeness and timeliness per partner × department × month of the year.

    Expected: a partner is expected every month in each department where it has reported
    earlier in the plan year (presence); drafts are not reports received.
    """
    receipts: list[Receipt] = []
    first_month: dict[tuple[str, str], str] = {}
    for org, department, month, submitted_at in _reported(f"{plan_year}-12", plan_year):
        on = timezone.localdate(submitted_at) if submitted_at else date.max
        receipts.append(Receipt(org, department, month, on))
        first_month[(org, department)] = min(first_month.get((org, department), month), month)
    periods = ReportingPeriod.objects.filter(month__startswith=f"{plan_year}-")
    due = {p.month: p.due_date for p in periods}
    expected = [
        (org, department, month)
        for (org, department), start in first_month.items()
        for month in due
        if month >= start
    ]
    return completeness(expected=expected, receipts=receipts, due_dates=due)


def month_completeness(month: str) -> tuple[int, int]:
    """(received, expected) of one reporting month, as `completeness_table` counts its rows
    of that month: expected, every partner × department seen from January to the month;
    received, those with a report of the month. The home page's card: the year's table is
    not built for one figure."""
    seen, received = set(), set()
    for org, department, reported_month, _submitted_at in _reported(month, int(month[:4])):
        seen.add((org, department))
        if reported_month == month:
            received.add((org, department))
    return len(received), len(seen)


def _reported(through: str, plan_year: int) -> Iterator[tuple[str, str, str, Any]]:
    """(partner, department, month, sent at) of every report sent (not a draft) from January
    of the plan year to `through`, once per department it has lines in. The distinct runs
    over two narrow columns, not over four joined ones (one report per partner and month)."""
    submissions = Submission.objects.filter(
        period__month__gte=f"{plan_year}-01", period__month__lte=through
    ).exclude(status=Status.DRAFT)
    about = {
        pk: (org, month, submitted_at)
        for pk, org, month, submitted_at in submissions.values_list(
            "pk", "organization__code", "period__month", "submitted_at"
        )
    }
    pairs = (
        ActivityLine.objects.filter(submission__in=submissions)
        .order_by()  # the model's ordering would join the distinct and undo it
        .values_list("submission_id", "department")
        .distinct()
    )
    for submission_id, department in pairs:
        org, month, submitted_at = about[submission_id]
        yield org, department, month, submitted_at


def local_today() -> date:
    """Today in the configured time zone (Bogotá): due dates are Colombian calendar days."""
    return timezone.localdate()


def reminders_due(*, today: date) -> list[dict[str, Any]]:
    """Partners that have not submitted an open period's report, with the reminder to send."""
    rows = []
    reporting = Organization.objects.filter(submissions__isnull=False).distinct()
    for period in ReportingPeriod.objects.filter(locked=False):
        sent = set(
            period.submissions.exclude(status=Status.DRAFT).values_list(
                "organization_id", flat=True
            )
        )
        for organization in reporting:
            kind = reminder(due=period.due_date, today=today, submitted=organization.pk in sent)
            if kind is not None:
                rows.append(
                    {"organization": organization.code, "period": period.month,
                     "reminder": kind, "due": period.due_date.isoformat()}
                )  # fmt: skip
    return rows


def reminders_for(*, organization: Organization, today: date) -> list[dict[str, Any]]:
    return [r for r in reminders_due(today=today) if r["organization"] == organization.code]
