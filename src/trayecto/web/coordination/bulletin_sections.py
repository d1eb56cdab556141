"""The bulletin's sections, as a registry other apps extend.

A section has two halves so that any bulletin can be rebuilt identically:
- `collect(scope)` reads the operational database (plans, LEG reports, targets) and returns
  plain JSON, stored with the bulletin (`BulletinRecord.inputs`);
- `build(scope, con, collected)` turns that, and the warehouse opened at the bulletin's
  manifest version (`con`, or None when the warehouse is empty), into the context of the
  section's template; it returns None when there is no data, and the bulletin says so.
Apps that are not installed yet (needs, emergencies) have a placeholder with no data; such an
app calls `register_section` in its AppConfig.ready() with the same key to replace it.

Only published data: reach reads the published 5W lines of the snapshot, LEG reports are
taken once published; targets, people in need and plans are planning figures without a
publication step.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from trayecto.analytics.areas import area_names
from trayecto.analytics.geography import department_map, municipality_map
from trayecto.analytics.reach import TABLE, ReachFilters, presence, reach
from trayecto.domain.action_plans import ActionStatus, plan_progress
from trayecto.domain.coordination import ReportStatus, change, percent, previous_month
from trayecto.domain.five_w import Status
from trayecto.reports.bulletin_charts import reach_against_target_svg, reach_map_svg
from trayecto.warehouse.places import has_table
from trayecto.web.coordination.models import ActionPlan, LegReport
from trayecto.web.response.models import PeopleInNeed, Target
from trayecto.web.response.selectors.reach import indicator_activities

PUBLISHED = (Status.PUBLISHED.value,)


@dataclass(frozen=True)
class BulletinScope:
    period: str
    department: str = ""  # "" = the national bulletin
    language: str = "es"

    @property
    def national(self) -> bool:
        return not self.department


Collect = Callable[[BulletinScope], Any]
Build = Callable[[BulletinScope, duckdb.DuckDBPyConnection | None, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # a lazy translation
    order: int
    template: str | None = None
    collect: Collect | None = None
    build: Build | None = None


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add a section, or replace the one of the same key (an app filling its placeholder)."""
    SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: s.order)


# --------------------------------------------------------------------------- reach (warehouse)
def _filters(scope: BulletinScope, period: str, **extra: Any) -> ReachFilters:
    departments = (scope.department,) if scope.department else ()
    return ReachFilters(period, statuses=PUBLISHED, departments=departments, **extra)


def _reach(con: duckdb.DuckDBPyConnection, scope: BulletinScope, period: str) -> int | None:
    if not has_table(con, TABLE):
        return None
    table = reach(con, _filters(scope, period))
    values = table.column("value").to_pylist()
    return int(sum(values)) if values else None


def build_key_figures(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    if con is None or not has_table(con, TABLE):
        return None
    now = _reach(con, scope, scope.period)
    if now is None:
        return None
    before = _reach(con, scope, previous_month(scope.period))
    if scope.period[:4] != previous_month(scope.period)[:4]:
        before = None  # reach is cumulative within a plan year: January starts again
    difference, percent_change = change(now, before)
    # presence is cumulative from January, as reach is
    places = presence(con, _filters(scope, scope.period)).to_pylist()
    partners = {o for row in places for o in str(row["organizations"] or "").split(", ") if o}
    return {
        "reach": now,
        "previous": before,
        "difference": difference,
        "percent_change": percent_change,
        "municipalities": len(places),
        "partners": len(partners),
    }


def build_map(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    if con is None or not has_table(con, TABLE) or not has_table(con, "department"):
        return None
    level = "municipality" if scope.department else "department"
    table = reach(con, _filters(scope, scope.period), level=level)
    values = {row["area_code"]: int(row["value"]) for row in table.to_pylist()}
    if not values:
        return None
    if scope.department:
        if not has_table(con, "municipality_boundary"):
            return None
        boundaries = municipality_map(con, [scope.department])
    else:
        if not has_table(con, "department_boundary"):
            return None
        boundaries = department_map(con)
    svg = reach_map_svg(
        boundaries, values, legend=str(_("Personas alcanzadas")), language=scope.language
    )
    names = area_names(con, level)
    top = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "svg": svg,
        "level": level,
        "top": [{"code": c, "name": names.get(c, ""), "value": v} for c, v in top],
    }


# --------------------------------------------------------------------------- targets and PiN
def collect_targets(scope: BulletinScope) -> list[dict[str, Any]]:
    year = int(scope.period[:4])
    pin: dict[str, float] = {}
    for need in PeopleInNeed.objects.filter(plan_year=year, indicator="education"):
        pin[need.area_code[:2]] = pin.get(need.area_code[:2], 0.0) + need.value
    targets = Target.objects.filter(plan_year=year, municipality="", population_group="")
    if scope.department:
        targets = targets.filter(department=scope.department)
    return [
        {
            "indicator": t.indicator,
            "department": t.department,
            "target": t.value,
            "activities": list(indicator_activities(t.indicator)),
            "people_in_need": round(pin[t.department]) if t.department in pin else None,
        }
        for t in targets.order_by("indicator", "department")
    ]


def build_targets(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    if not collected:
        return None
    names = area_names(con, "department") if con is not None else {}
    rows = []
    for item in collected:
        reached = 0
        if con is not None and has_table(con, TABLE):
            filters = ReachFilters(
                scope.period, statuses=PUBLISHED, departments=(item["department"],),
                activities=tuple(item["activities"]),
            )  # fmt: skip
            reached = int(sum(reach(con, filters).column("value").to_pylist()))
        rows.append(
            {**item, "department_name": names.get(item["department"], ""), "reached": reached,
             "percent_of_target": percent(reached, item["target"]),
             "gap": max(item["target"] - reached, 0)}
        )  # fmt: skip
    chart = reach_against_target_svg(
        [{"label": f"{r['indicator']} · {r['department_name'] or r['department']}",
          "reached": r["reached"], "target": r["target"]} for r in rows],
        reached_label=str(_("Alcanzadas")), target_label=str(_("Meta")),
        language=scope.language,
    )  # fmt: skip
    return {"rows": rows, "svg": chart}


# --------------------------------------------------------------------------- plans and LEGs
def collect_plans(scope: BulletinScope) -> list[dict[str, Any]]:
    """Progress of each plan on the last day of the period (its actions in the department)."""
    year, month = int(scope.period[:4]), int(scope.period[5:7])
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    found = []
    for plan in ActionPlan.objects.order_by("name"):
        actions = plan.actions.all()
        if scope.department:
            actions = actions.filter(department=scope.department)
        pairs = [(ActionStatus(s), d) for s, d in actions.values_list("status", "due_date")]
        if not pairs:
            continue
        progress = plan_progress(pairs, today=last_day)
        found.append(
            {"name": plan.name, "is_demo": plan.is_demo, "total": progress.total,
             "done": progress.by_status.get(ActionStatus.DONE, 0),
             "blocked": progress.by_status.get(ActionStatus.BLOCKED, 0),
             "percent_done": progress.percent_done, "overdue": progress.overdue}
        )  # fmt: skip
    return found


def build_plans(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    return {"plans": collected} if collected else None


def collect_leg_reports(scope: BulletinScope) -> list[dict[str, Any]]:
    reports = LegReport.objects.filter(
        period=scope.period, status=ReportStatus.PUBLISHED
    ).select_related("workspace")
    if scope.department:
        reports = reports.filter(workspace__department_code=scope.department)
    return [
        {"workspace": r.workspace.name, "department": r.workspace.department_code,
         "summary": r.summary, "achievements": r.achievements, "challenges": r.challenges,
         "next_steps": r.next_steps}
        for r in reports.order_by("workspace__name")
    ]  # fmt: skip


def build_leg_reports(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    return {"reports": collected} if collected else None


NO_DATA_YET = gettext_noop("Sin datos todavía: este módulo aún no está en la plataforma.")

register_section(
    Section(
        "key_figures",
        _("Cifras clave"),
        10,
        "coordination/bulletin/key_figures.html",
        None,
        build_key_figures,
    )
)
register_section(
    Section(
        "map",
        _("Mapa de personas alcanzadas"),
        20,
        "coordination/bulletin/map.html",
        None,
        build_map,
    )
)
register_section(
    Section(
        "targets",
        _("Alcance frente a metas y PiN"),
        30,
        "coordination/bulletin/targets.html",
        collect_targets,
        build_targets,
    )
)
register_section(Section("needs", _("Necesidades"), 40))
register_section(Section("emergencies", _("Emergencias y brechas de respuesta"), 50))
register_section(
    Section(
        "plans",
        _("Avance de los planes de acción"),
        60,
        "coordination/bulletin/plans.html",
        collect_plans,
        build_plans,
    )
)
register_section(Section("leg_reports", _("Informes de los GEL"), 70,
                         "coordination/bulletin/leg_reports.html", collect_leg_reports,
                         build_leg_reports))  # fmt: skip
