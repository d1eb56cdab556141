"""Reads of the action plans: the dashboard (progress, overdue actions, who is responsible),
the actions with their latest progress, and the rows the workbook export writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from trayecto.analytics.areas import area_names
from trayecto.domain.action_plans import (
    STATUS_IN_FILE,
    ActionStatus,
    PlanProgress,
    flags_grade_11,
    indicator_progress,
    is_overdue,
    plan_progress,
)
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.etpv_link import EtpvSupportFigures
from trayecto.web.coordination.models import Action, ActionPlan, ProgressUpdate


def plan_actions(plan: ActionPlan) -> QuerySet[Action]:
    return plan.actions.select_related("lead").prefetch_related(
        "supporting", Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-on", "-id"))
    )


@dataclass
class ActionRowView:
    action: Action
    latest: ProgressUpdate | None
    overdue: bool
    progress: float | None
    grade_11_flag: bool
    place: str = ""
    # the ETPV plan: the action's figures from approved 5W lines (etpv_link), when the user
    # may see them; `etpv_hidden` when the user may not
    etpv: EtpvSupportFigures | None = None
    etpv_hidden: bool = False

    @property
    def supporting_names(self) -> str:
        return ", ".join(o.name for o in self.action.supporting.all())


def territory_names(warehouse: Warehouse) -> dict[str, dict[str, str]]:
    """Names of departments, municipalities and ETCs by code (empty before the geography)."""
    con = warehouse.reader()[0]
    return {level: area_names(con, level) for level in ("department", "municipality", "etc")}


def place_label(action: Action, names: dict[str, dict[str, str]]) -> str:
    """«Arauca (81) · ETC Arauca (3824) · Saravena (81736)»: names with their codes."""
    parts = []
    for level, code, prefix in (
        ("department", action.department, ""),
        ("etc", action.etc_code, "ETC "),
        ("municipality", action.municipality, ""),
    ):
        if code:
            name = names.get(level, {}).get(code, "")
            parts.append(f"{prefix}{name} ({code})" if name else f"{prefix}{code}")
    return " · ".join(parts)


def action_rows(
    actions: QuerySet[Action], *, today: date, names: dict[str, dict[str, str]] | None = None
) -> list[ActionRowView]:
    rows = []
    for action in actions:
        updates = list(action.updates.all())
        latest = updates[0] if updates else None
        value = latest.value if latest else None
        rows.append(
            ActionRowView(
                action=action,
                latest=latest,
                overdue=is_overdue(
                    due=action.due_date, status=ActionStatus(action.status), today=today
                ),
                progress=indicator_progress(
                    baseline=action.baseline, target=action.target, latest=value
                )
                if action.target is not None
                else None,
                grade_11_flag=flags_grade_11(action.indicator, value),
                place=place_label(action, names or {}),
            )
        )
    return rows


@dataclass
class Responsibility:
    name: str
    code: str
    leads: int = 0
    supports: int = 0
    overdue: int = 0
    actions: list[str] = field(default_factory=list)


def responsibilities(rows: list[ActionRowView]) -> list[Responsibility]:
    """Who is responsible: per organisation, actions led and supported, and overdue ones led."""
    found: dict[str, Responsibility] = {}
    for row in rows:
        lead = row.action.lead
        entry = found.setdefault(lead.code, Responsibility(lead.name, lead.code))
        entry.leads += 1
        entry.overdue += int(row.overdue)
        entry.actions.append(row.action.code)
        for org in row.action.supporting.all():
            found.setdefault(org.code, Responsibility(org.name, org.code)).supports += 1
    return sorted(found.values(), key=lambda r: (-r.overdue, -r.leads, r.name))


def progress_of(rows: list[ActionRowView], *, today: date) -> PlanProgress:
    return plan_progress(
        ((ActionStatus(r.action.status), r.action.due_date) for r in rows), today=today
    )


def plan_list(*, today: date) -> list[dict[str, Any]]:
    plans = ActionPlan.objects.select_related("workspace").order_by("name")
    listing = []
    for plan in plans:
        pairs = plan.actions.values_list("status", "due_date")
        progress = plan_progress(((ActionStatus(s), d) for s, d in pairs), today=today)
        listing.append({"plan": plan, "progress": progress})
    return listing


def indicators_by_etc(rows: list[ActionRowView]) -> dict[str, list[ActionRowView]]:
    """The plan's indicators grouped by ETC (actions without an ETC are left out)."""
    grouped: dict[str, list[ActionRowView]] = defaultdict(list)
    for row in rows:
        if row.action.etc_code and row.action.indicator:
            grouped[row.action.etc_code].append(row)
    return dict(sorted(grouped.items()))


def export_rows(plan: ActionPlan) -> tuple[list[dict[str, Any]], list[tuple[str, Any, float, str]]]:
    """(actions in the workbook's layout, every progress update) for the XLSX export."""
    actions = []
    updates: list[tuple[str, Any, float, str]] = []
    for action in plan_actions(plan):
        history = list(action.updates.all())
        latest = history[0] if history else None
        actions.append(
            {
                "code": action.code, "title": action.title, "description": action.description,
                "lead": action.lead.code,
                "supporting": "; ".join(sorted(o.code for o in action.supporting.all())),
                "department": action.department, "etc_code": action.etc_code,
                "municipality": action.municipality, "start_date": action.start_date,
                "due_date": action.due_date,
                "status": STATUS_IN_FILE[ActionStatus(action.status)],
                "indicator": action.indicator, "unit": action.unit,
                "baseline": action.baseline, "target": action.target,
                "progress": latest.value if latest else None,
                "progress_date": latest.on if latest else None,
            }
        )  # fmt: skip
        updates.extend((action.code, u.on, u.value, u.note) for u in reversed(history))
    return actions, updates
