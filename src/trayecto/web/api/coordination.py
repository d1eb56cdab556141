"""/api/v1/coordination/…: the LEG workspaces, their monthly LEG ⇄ cluster reports and the
action plans, as the coordination pages show them (web/coordination/access.py: the cluster,
the LEGs, partners and ETC analysts; reports not yet published only to the department's LEG
and the national cluster)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from trayecto import paths
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import Page, Paging, paged, refuse_anonymous_or_outsider
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.coordination import access, plan_selectors, selectors
from trayecto.web.coordination.models import ActionPlan, Workspace

router = Router(tags=["coordination"])

NO_WORKSPACE = "No hay un espacio de GEL de ese departamento: vea /api/v1/coordination/workspaces."
NO_PLAN = "No hay un plan de acción con ese código: vea /api/v1/coordination/plans."


def _workspaces(request: HttpRequest) -> None:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    try:
        access.require_workspaces(request)
    except PermissionDenied as exc:
        raise ApiError(403, str(exc)) from exc


class WorkspaceOut(Schema):
    department_code: str
    name: str
    reports: int
    meetings: int
    editable: bool = Field(..., description="Whether the caller edits it (its LEG, the cluster).")


@router.get("/workspaces", response=responses(Page[WorkspaceOut]))
def workspace_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Every LEG workspace, by department name, with its number of reports and meetings."""
    _workspaces(request)
    rows = [
        {
            "department_code": row["workspace"].department_code,
            "name": row["workspace"].name,
            "reports": row["reports"],
            "meetings": row["meetings"],
            "editable": access.can_edit_workspace(request.user, row["workspace"]),
        }
        for row in selectors.workspace_list()
    ]
    return paged(rows, paging)


class ReportOut(Schema):
    department_code: str = Field(..., alias="workspace.department_code")
    period: str
    status: str
    summary: str
    achievements: str
    challenges: str
    next_steps: str
    figures: dict[str, Any] = Field(
        ..., description="The platform's figures, frozen when the report was submitted."
    )
    comment: str = Field(..., description="Why it was returned, when it was.")
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None


@router.get("/workspaces/{department_code}/reports", response=responses(Page[ReportOut]))
def report_list(
    request: HttpRequest, department_code: str, paging: Query[Paging]
) -> dict[str, Any]:
    """The monthly LEG reports of a workspace the caller may read, newest first: published
    ones for whoever sees the workspaces, the others for its LEG and the national cluster."""
    _workspaces(request)
    try:
        workspace = access.get_workspace_for_user(request, department_code)
    except Http404 as exc:
        raise ApiError(404, NO_WORKSPACE) from exc
    return paged(access.visible_reports(request.user, workspace), paging)


class ProgressOut(Schema):
    total: int
    by_status: dict[str, int]
    overdue: int
    percent_done: float | None


class PlanOut(Schema):
    code: str
    name: str
    description: str
    department_code: str | None = Field(..., description="Its LEG's department; null: national.")
    progress: ProgressOut


def _progress(progress: Any) -> dict[str, Any]:
    return {
        "total": progress.total,
        "by_status": {str(k): v for k, v in progress.by_status.items()},
        "overdue": progress.overdue,
        "percent_done": progress.percent_done,
    }


@router.get("/plans", response=responses(Page[PlanOut]))
def plan_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The action plans (the partners' ETPV plan, each LEG's response plan) with their
    progress: actions by status, overdue, share done."""
    _workspaces(request)
    rows = []
    for row in plan_selectors.plan_list(today=timezone.localdate()):
        plan: ActionPlan = row["plan"]
        workspace: Workspace | None = plan.workspace
        rows.append(
            {
                "code": plan.code,
                "name": plan.name,
                "description": plan.description,
                "department_code": workspace.department_code if workspace else None,
                "progress": _progress(row["progress"]),
            }
        )
    return paged(rows, paging)


class ActionOut(Schema):
    code: str
    title: str
    description: str
    lead: str = Field(..., description="Code of the leading organisation.")
    supporting: list[str]
    department: str
    etc_code: str
    municipality: str
    place: str
    start_date: dt.date
    due_date: dt.date
    status: str
    overdue: bool
    indicator: str
    unit: str
    baseline: float
    target: float | None
    latest_value: float | None
    latest_on: dt.date | None
    progress: float | None = Field(..., description="Share of the way from baseline to target.")


@router.get("/plans/{code}/actions", response=responses(Page[ActionOut]))
def plan_action_list(request: HttpRequest, code: str, paging: Query[Paging]) -> dict[str, Any]:
    """The actions of a plan with their latest progress, as the plan's dashboard."""
    _workspaces(request)
    try:
        plan = access.get_plan_for_user(request, code[:40])
    except Http404 as exc:
        raise ApiError(404, NO_PLAN) from exc
    names = plan_selectors.territory_names(Warehouse.for_root(paths.warehouse_dir()))
    rows = plan_selectors.action_rows(
        plan_selectors.plan_actions(plan), today=timezone.localdate(), names=names
    )
    page = paged(rows, paging)
    return {**page, "items": [_action(row) for row in page["items"]]}


def _action(row: plan_selectors.ActionRowView) -> dict[str, Any]:
    action = row.action
    return {
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "lead": action.lead.code,
        "supporting": [o.code for o in action.supporting.all()],
        "department": action.department,
        "etc_code": action.etc_code,
        "municipality": action.municipality,
        "place": row.place,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.status,
        "overdue": row.overdue,
        "indicator": action.indicator,
        "unit": action.unit,
        "baseline": action.baseline,
        "target": action.target,
        "latest_value": row.latest.value if row.latest else None,
        "latest_on": row.latest.on if row.latest else None,
        "progress": row.progress,
    }
