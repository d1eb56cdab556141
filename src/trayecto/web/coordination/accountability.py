"""Accountability: completeness and timeliness per month of the partners' 5W (the 5W
cycle's own rule, response/selectors.py `completeness_table`) and of the LEG reports
(expected from every workspace for every reporting period of the year; received when
submitted; on time when submitted by the 5W due date + LEG_REPORT_DAYS_AFTER_5W days)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from trayecto.domain.coordination import LEG_REPORT_DAYS_AFTER_5W
from trayecto.domain.five_w_monitoring import CompletenessRow, Receipt, completeness
from trayecto.web.coordination.models import LegReport, Workspace
from trayecto.web.response.models import ReportingPeriod
from trayecto.web.response.selectors.monitoring import completeness_table


def partner_rows(*, year: int, departments: frozenset[str] | None) -> list[CompletenessRow]:
    """The 5W rows (partner × department × month); `departments` None = every department."""
    rows = completeness_table(plan_year=year)
    return [r for r in rows if departments is None or r.department in departments]


def leg_due_dates(year: int) -> dict[str, date]:
    return {
        p.month: p.due_date + timedelta(days=LEG_REPORT_DAYS_AFTER_5W)
        for p in ReportingPeriod.objects.filter(month__startswith=f"{year}-")
    }


def leg_rows(*, year: int, departments: frozenset[str] | None) -> list[CompletenessRow]:
    """One row per workspace × reporting month: the LEG report expected, received, on time
    (a row's `org` and `department` are both the workspace's department code)."""
    due = leg_due_dates(year)
    workspaces = [
        w.department_code
        for w in Workspace.objects.all()
        if departments is None or w.department_code in departments
    ]
    receipts = [
        Receipt(r.workspace.department_code, r.workspace.department_code, r.period,
                timezone.localdate(r.submitted_at))
        for r in LegReport.objects.filter(
            period__startswith=f"{year}-", submitted_at__isnull=False,
            workspace__department_code__in=workspaces,
        ).select_related("workspace")
    ]  # fmt: skip
    expected = [(code, code, month) for code in workspaces for month in due]
    return completeness(expected=expected, receipts=receipts, due_dates=due)
