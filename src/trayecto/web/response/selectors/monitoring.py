"""Reporting completeness, timeliness and the reminders due."""

from __future__ import annotations

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
    submissions = Submission.objects.filter(period__month__startswith=f"{plan_year}-").exclude(
        status=Status.DRAFT
    )
    seen = (
        ActivityLine.objects.filter(submission__in=submissions)
        .values_list(
            "submission__organization__code", "department", "submission__period__month",
            "submission__submitted_at",
        )
        .distinct()
    )  # fmt: skip
    receipts: list[Receipt] = []
    first_month: dict[tuple[str, str], str] = {}
    for org, department, month, submitted_at in seen:
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
