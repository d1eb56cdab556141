"""Reads of the LEG workspaces: members and organisations, the report's platform figures,
follow-ups and announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.coordination import is_overdue, percent
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.coordination.models import Announcement, FollowUp, Workspace
from trayecto.web.emergencies.month import month_figures
from trayecto.web.response.models import ActivityLine
from trayecto.web.response.selectors.monitoring import completeness_table
from trayecto.web.response.selectors.reach import progress_table, reach_figures

Role = Membership.Role


def workspace_list() -> list[dict[str, Any]]:
    """Every workspace with its number of reports and meetings, by department name."""
    found = Workspace.objects.annotate(
        report_count=Count("reports", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    ).order_by("name")
    return [{"workspace": w, "reports": w.report_count, "meetings": w.meeting_count} for w in found]


@dataclass(frozen=True)
class Member:
    username: str
    full_name: str
    organization: str
    role: str


def workspace_coordinators(workspace: Workspace) -> list[Member]:
    """The LEG coordinators whose scope names the department (memberships of accounts)."""
    found = Membership.objects.filter(role=Role.LEG_COORDINATOR).select_related(
        "user", "organization"
    )
    # department_codes is a JSON list; filtering it in Python works on SQLite and PostgreSQL.
    return [
        Member(
            m.user.get_username(),
            m.user.get_full_name(),
            m.organization.name,
            m.get_role_display(),
        )
        for m in found
        if workspace.department_code in (m.department_codes or [])
    ]


def workspace_organizations(workspace: Workspace) -> list[dict[str, Any]]:
    """Organisations of the LEG: those of its coordinators and the partners that sent 5W
    lines in the department (any report that left the draft state)."""
    coordinating = {
        m.organization_id
        for m in Membership.objects.filter(role=Role.LEG_COORDINATOR)
        if workspace.department_code in (m.department_codes or [])
    }
    reporting = set(
        ActivityLine.objects.filter(department=workspace.department_code)
        .exclude(submission__status=Status.DRAFT)
        .order_by()  # the lines' ordering (submission, row) would join the distinct
        .values_list("submission__organization_id", flat=True)
        .distinct()
    )
    organizations = Organization.objects.filter(pk__in=coordinating | reporting)
    return [
        {
            "organization": o,
            "coordinates": o.pk in coordinating,
            "reports_5w": o.pk in reporting,
        }
        for o in organizations.order_by("name")
    ]


def report_figures(*, workspace: Workspace, period: str, warehouse: Warehouse) -> dict[str, Any]:
    """The platform's figures for the LEG's report of `period`: published 5W reach of the
    department (cumulative from January, as reach is counted), reporting completeness and
    timeliness of the month, the gaps against the response plan's targets and PiN, and the
    emergencies under way in the department that month with their affected sedes, students,
    teachers, days of class lost and response coverage (the emergencies app's figures, the
    response from published 5W lines: emergencies.month)."""
    code = workspace.department_code
    filters = ReachFilters(period, departments=(code,))
    reach_rows = [
        row
        for row in reach_figures(
            warehouse=warehouse, period=period, level="department", filters=filters
        )
        if row["area_code"] == code
    ]
    reach = reach_rows[0]["value"] if reach_rows else None
    manifest = reach_rows[0]["provenance"]["manifest_version"] if reach_rows else None
    month_rows = [
        r
        for r in completeness_table(plan_year=int(period[:4]))
        if r.department == code and r.month == period
    ]
    expected = sum(r.expected for r in month_rows)
    received = sum(r.received for r in month_rows)
    on_time = sum(r.on_time for r in month_rows)
    gaps = [
        {
            "indicator": row["indicator"],
            "reached": row["reached"],
            "target": row["target"],
            "percent_of_target": row["percent_of_target"],
            "people_in_need": row["people_in_need"],
            "gap_to_target": max(row["target"] - row["reached"], 0),
        }
        for row in progress_table(warehouse=warehouse, period=period)
        if row["department"] == code
    ]
    return {
        "period": period,
        "department": code,
        "reach": reach,
        "reach_manifest_version": manifest,
        "completeness": {
            "expected": expected,
            "received": received,
            "on_time": on_time,
            "completeness": percent(received, expected),
            "timeliness": percent(on_time, expected),
        },
        "gaps": gaps,
        "emergencies": month_figures(period=period, department=code, store=warehouse),
    }


def follow_up_rows(follow_ups: QuerySet[FollowUp], *, today: date) -> list[dict[str, Any]]:
    return [
        {
            "follow_up": f,
            "overdue": is_overdue(due=f.due_date, today=today, done=f.done_at is not None),
        }
        for f in follow_ups.select_related("organization", "meeting__workspace")
    ]


def open_follow_ups(workspace: Workspace) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(meeting__workspace=workspace, done_at__isnull=True)


def announcements_for(workspace: Workspace) -> QuerySet[Announcement]:
    """Announcements addressed to this workspace or to every LEG (none named)."""
    return (
        Announcement.objects.annotate(targets=Count("workspaces"))
        .filter(Q(workspaces=workspace) | Q(targets=0))
        .distinct()
    )


def announcement_recipients(workspaces: list[Workspace]) -> list[str]:
    """E-mail addresses of the LEG coordinators of these workspaces (all when none named)."""
    codes = {w.department_code for w in workspaces} or set(
        Workspace.objects.values_list("department_code", flat=True)
    )
    found = Membership.objects.filter(role=Role.LEG_COORDINATOR).select_related("user")
    return sorted(
        {m.user.email for m in found if m.user.email and codes & set(m.department_codes or [])}
    )
