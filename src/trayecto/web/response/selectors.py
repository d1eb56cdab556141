"""Reads of the 5W cycle: reach figures with their provenance, places for the template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trayecto.analytics.geography import departments, municipalities
from trayecto.analytics.official_needs import pin_by_municipality
from trayecto.analytics.reach import TABLE, ReachFilters, presence, reach
from trayecto.domain.catalogue import EIE_ACTIVITIES
from trayecto.domain.five_w import (
    POPULATION_GROUP_LABELS,
    ConsolidationRule,
    PopulationGroup,
    Status,
    statuses_at_or_after,
)
from trayecto.domain.five_w_monitoring import (
    CompletenessRow,
    Receipt,
    completeness,
    progress,
    reminder,
)
from trayecto.domain.geography import Municipality
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import (
    ActivityLine,
    CatalogueItem,
    PeopleInNeed,
    PlannedActivity,
    ReportingPeriod,
    Submission,
    Target,
)
from trayecto.web.response.services import counted_statuses, lines_table, reach_rule


def template_municipalities(warehouse: Warehouse) -> list[Municipality]:
    """Current municipalities of the warehouse geography (empty before it is imported)."""
    con = warehouse.reader()[0]
    if not (has_table(con, "municipality") and has_table(con, "department")):
        return []
    return [
        Municipality(m["code"], m["name"], m["department_code"], m["department_name"])
        for m in municipalities(con)
        if m["status"] != "historical"
    ]


def _area_names(con: duckdb.DuckDBPyConnection, level: str) -> dict[str, str]:
    if level == "nation":
        return {"CO": "Colombia"}
    if not has_table(con, level):
        return {}
    found = departments(con) if level == "department" else municipalities(con)
    return {str(row["code"]): str(row["name"]) for row in found}


def reach_figures(
    *,
    warehouse: Warehouse,
    period: str,
    level: str = "nation",
    status: Status = Status.PUBLISHED,
    rule: ConsolidationRule | None = None,
    filters: ReachFilters | None = None,
) -> list[dict[str, Any]]:
    """People reached per area, as `trayecto indicator` prints figures, with provenance.

    Statuses that the published snapshot holds are read from the warehouse (so the figure
    names the manifest version it used); earlier statuses (submitted, validated) are read
    from the database at the moment of asking and say so.
    """
    chosen = ConsolidationRule(rule or reach_rule())
    statuses = tuple(s.value for s in statuses_at_or_after(status))
    base = filters or ReachFilters(period)
    query_filters = ReachFilters(**{**base.__dict__, "period": period, "statuses": statuses})
    manifest_version: int | None = None
    if set(statuses) <= set(counted_statuses()) and warehouse.has(TABLE):
        con, manifest_version = warehouse.reader()
        source = "warehouse"
    else:
        con = duckdb.connect()
        con.register(TABLE, lines_table(statuses, orgs=query_filters.orgs))
        source = "database"
    names_con = warehouse.reader()[0]
    names = _area_names(names_con, level)
    table = reach(con, query_filters, level=level, rule=chosen) if _has(con) else None
    rows = table.to_pylist() if table is not None else []
    return [
        {
            "area_code": row["area_code"],
            "area_name": names.get(row["area_code"], ""),
            "year": int(period[:4]),
            "period": period,
            "value": int(row["value"]),
            "unit": "personas",
            **{name: row[name] for name in query_filters.breakdown},
            "provenance": {
                "kind": "computed",
                "source": "5w",
                "method": chosen.value,
                "statuses": list(statuses),
                "read_from": source,
                "manifest_version": manifest_version,
            },
        }
        for row in rows
    ]


def _has(con: duckdb.DuckDBPyConnection) -> bool:
    return has_table(con, TABLE)


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


def indicator_activities(indicator: str) -> tuple[str, ...]:
    """The activity codes that report to an indicator: the catalogue activities linked to a
    GIFMM indicator ("GIFMM-23") and the indicator itself; an activity code stands alone."""
    codes = {indicator}
    if indicator.startswith("GIFMM-") and indicator[6:].isdigit():
        linked = CatalogueItem.objects.filter(gifmm_indicator=int(indicator[6:]))
        codes.update(linked.values_list("code", flat=True))
    return tuple(sorted(codes))


def progress_table(
    *, warehouse: Warehouse, period: str, pin_indicator: str = "education"
) -> list[dict[str, Any]]:
    """Per target (indicator × department): people reached by the indicator's activities
    (published, default rule), the target, percent (never capped) and the area's PiN."""
    year = int(period[:4])
    # OCHA's PiN is a warehouse fact (jiaf-hno); a PiN entered in the admin site replaces
    # OCHA's for the same area (rows of the former OCHA import are ignored)
    needs = pin_by_municipality(warehouse, year) if pin_indicator == "education" else {}
    entered = PeopleInNeed.objects.filter(plan_year=year, indicator=pin_indicator)
    needs.update(
        entered.exclude(source=PeopleInNeed.Source.OCHA_JIAF).values_list("area_code", "value")
    )
    pin: dict[str, float] = {}
    for code, value in needs.items():
        pin[code[:2]] = pin.get(code[:2], 0.0) + value
    rows = []
    targets = Target.objects.filter(plan_year=year, municipality="", population_group="")
    for target in targets.order_by("indicator", "department"):
        filters = ReachFilters(
            period, departments=(target.department,),
            activities=indicator_activities(target.indicator),
        )  # fmt: skip
        reached = sum(
            f["value"] for f in reach_figures(warehouse=warehouse, period=period, filters=filters)
        )
        measured = progress(reached, target.value)
        rows.append(
            {
                "indicator": target.indicator,
                "department": target.department,
                "reached": measured.reached,
                "target": measured.target,
                "percent_of_target": measured.percent,
                "above_target": measured.above_target,
                "people_in_need": round(pin[target.department])
                if target.department in pin
                else None,
            }
        )
    return rows


def presence_table(*, warehouse: Warehouse, filters: ReachFilters) -> list[dict[str, Any]]:
    """Partner presence (3W) per municipality, from the published snapshot: the states and
    the scope of the reach figures (published only; the municipalities, partners and
    activities of the filters, so an ETC analyst sees its municipalities only), with the
    names of places and organisations beside their codes."""
    if not warehouse.has(TABLE):
        return []
    con, _ = warehouse.reader()
    published = ReachFilters(**{**filters.__dict__, "statuses": (Status.PUBLISHED.value,)})
    wanted = set(published.municipalities)
    names = place_names(warehouse)
    organizations = dict(Organization.objects.values_list("code", "name"))
    rows = []
    for row in presence(con, published).to_pylist():
        if wanted and row["municipality"] not in wanted:
            continue
        codes = [c for c in str(row["organizations"] or "").split(", ") if c]
        rows.append(
            {**row, "department_name": names.get(row["department"], ""),
             "municipality_name": names.get(row["municipality"], ""),
             "organization_names": ", ".join(organizations.get(c, c) for c in codes)}
        )  # fmt: skip
    return rows


def prefill_lines(*, organization: Organization, month: str) -> list[dict[str, str | int]]:
    """Template lines from the organisation's last approved report before `month`, every one
    recurrent (its people were counted as new when first reached); cells left to the partner."""
    last = (
        Submission.objects.filter(
            organization=organization,
            status__in=[Status.APPROVED, Status.PUBLISHED],
            period__month__lt=month,
        )
        .order_by("-period__month")
        .first()
    )
    if last is None:
        return []
    return [
        {
            "municipality": line.municipality,
            "sede": line.sede,
            "place_name": line.place_name,
            "activity": line.activity,
            "population_group": POPULATION_GROUP_LABELS[PopulationGroup(line.population_group)][0],
            "beneficiary_type": "Recurrente",
            "beneficiaries": line.beneficiaries,
        }
        for line in last.lines.all()
    ]


PLANNED_NOTE = "Planificado: {n} personas en {year}. Llene las cifras del mes o borre la fila."


def plan_prefill_lines(
    *, organization: Organization, month: str, municipalities: list[Municipality]
) -> list[dict[str, str | int]]:
    """Template lines from the organisation's planned activities of the month's plan year:
    place, activity and group filled, marked as planned in the comments, counts left empty
    (an untouched planned line is rejected on upload as any line without beneficiaries)."""
    by_code = {m.code: m for m in municipalities}
    departments = {m.department_code: m.department_name for m in municipalities}
    plans = PlannedActivity.objects.filter(organization=organization, plan_year=int(month[:4]))
    lines: list[dict[str, str | int]] = []
    for plan in plans:
        place = by_code.get(plan.municipality)
        line: dict[str, str | int] = {
            "department": f"{plan.department} - {departments.get(plan.department, '')}",
        }
        if plan.municipality:  # a department-level plan: the partner picks the municipality
            line["municipality"] = place.label if place else plan.municipality
        lines.append(
            {
                **line,
                "activity": plan.activity,
                "population_group": POPULATION_GROUP_LABELS[PopulationGroup(plan.population_group)][
                    0
                ],
                "comments": PLANNED_NOTE.format(n=plan.planned_beneficiaries, year=plan.plan_year),
            }
        )
    return lines


def planned_vs_reached(
    *, warehouse: Warehouse, period: str, plans: Any, departments: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Per planned activity of the period's plan year, like with like: the people planned
    against the people reached (published, the configured rule) by the same partner, with
    the same activity, in the same department or municipality and population group.
    Percent never capped, flagged above 100 %. `departments` narrows to a territory (a LEG
    sees the plans of its departments)."""
    if departments:
        plans = plans.filter(department__in=departments)
    names = place_names(warehouse)
    activities = dict(
        CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "name_es")
    )
    rows = []
    chosen = plans.filter(plan_year=int(period[:4])).select_related("organization")
    order = ("organization__name", "activity", "department", "municipality", "population_group")
    for plan in chosen.order_by(*order):
        same = ReachFilters(
            period, orgs=(plan.organization.code,), activities=(plan.activity,),
            departments=(plan.department,),
            municipalities=(plan.municipality,) if plan.municipality else (),
            population_groups=(plan.population_group,),
        )  # fmt: skip
        reached = sum(f["value"] for f in reach_figures(warehouse=warehouse, period=period,
                                                        filters=same))  # fmt: skip
        measured = progress(reached, plan.planned_beneficiaries)
        place = plan.municipality or plan.department
        rows.append(
            {"organization": plan.organization.code,
             "organization_name": plan.organization.name,
             "activity": plan.activity, "activity_name": activities.get(plan.activity, ""),
             "place": place, "place_name": names.get(place, ""),
             "population_group": POPULATION_GROUP_LABELS[
                 PopulationGroup(plan.population_group)][0],
             "planned": plan.planned_beneficiaries, "reached": reached,
             "percent_of_plan": measured.percent, "above_plan": measured.above_target}
        )  # fmt: skip
    return rows


def reminders_for(*, organization: Organization, today: date) -> list[dict[str, Any]]:
    return [r for r in reminders_due(today=today) if r["organization"] == organization.code]


# --------------------------------------------------------------------------- pivot
# The dashboard pivot's dimensions. Geography and population group / sex × age are computed by
# the reach query itself; partner and activity by restricting it to each value in turn, so
# every cell is a figure without double counting *within* it (cells do not add up).
PIVOT_DIMENSIONS = ("department", "municipality", "org", "activity", "group", "sex_age")
PIVOT_LABELS = {
    "department": _("Departamento"), "municipality": _("Municipio"), "org": _("Socio"),
    "activity": _("Actividad"), "group": _("Grupo poblacional"), "sex_age": _("Sexo y edad"),
}  # fmt: skip
GEOGRAPHIC = {"department", "municipality"}
BREAKDOWN_OF = {"group": ("population_group",), "sex_age": ("sex", "age")}


@dataclass(frozen=True)
class Pivot:
    rows: str
    columns: str
    row_keys: list[str]
    column_keys: list[str]
    labels: dict[str, dict[str, str]]
    cells: dict[tuple[str, str], int]

    def table(self) -> list[dict[str, Any]]:
        """Rows for a template or a sheet: label and one value per column key."""
        return [
            {"key": r, "label": self.labels[self.rows].get(r, r),
             "cells": [self.cells.get((r, c), 0) for c in self.column_keys]}
            for r in self.row_keys
        ]  # fmt: skip

    def column_labels(self) -> list[str]:
        return [self.labels[self.columns].get(c, c) for c in self.column_keys]


def pivot_choice(rows: str | None, columns: str | None) -> tuple[str, str]:
    """A valid (rows, columns) pair: two different dimensions, not both geographic;
    anything else falls back to the default department × population group."""
    chosen = (rows or "department", columns or "group")
    valid = (
        set(chosen) <= set(PIVOT_DIMENSIONS)
        and chosen[0] != chosen[1]
        and not set(chosen) <= GEOGRAPHIC
    )
    return chosen if valid else ("department", "group")


def _key(dimension: str, figure: dict[str, Any]) -> str:
    if dimension in GEOGRAPHIC:
        return str(figure["area_code"])
    if dimension == "group":
        return str(figure.get("population_group", ""))
    return f"{figure.get('sex', '')}:{figure.get('age', '')}"


def _looped_values(dimension: str, filters: ReachFilters) -> list[str]:
    """The partners or activities with lines that can count in the period (candidates; a
    value whose figure is zero under the filters is dropped from the pivot)."""
    field_name = "submission__organization__code" if dimension == "org" else "activity"
    chosen = filters.orgs if dimension == "org" else filters.activities
    lines = ActivityLine.objects.filter(
        submission__status__in=list(filters.statuses),
        month__gte=f"{filters.period[:4]}-01", month__lte=filters.period,
    )  # fmt: skip
    found = sorted(set(lines.values_list(field_name, flat=True)))
    return [v for v in found if not chosen or v in chosen]


def pivot_table(
    *, warehouse: Warehouse, period: str, filters: ReachFilters, rows: str, columns: str
) -> Pivot:
    """People reached (published, configured rule) by two chosen dimensions."""
    dims = (rows, columns)
    level = next((d for d in dims if d in GEOGRAPHIC), "nation")
    breakdown = tuple(b for d in dims for b in BREAKDOWN_OF.get(d, ()))
    looped = [d for d in dims if d in {"org", "activity"}]
    counted = ReachFilters(**{**filters.__dict__, "statuses": counted_statuses()})
    combos: list[dict[str, str]] = [{}]
    for dimension in looped:
        values = _looped_values(dimension, counted)
        combos = [{**c, dimension: v} for c in combos for v in values]
    cells: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    for combo in combos:
        narrowed = ReachFilters(
            **{
                **filters.__dict__,
                "breakdown": breakdown,
                **({"orgs": (combo["org"],)} if "org" in combo else {}),
                **({"activities": (combo["activity"],)} if "activity" in combo else {}),
            }
        )
        for figure in reach_figures(
            warehouse=warehouse, period=period, level=level, filters=narrowed
        ):
            keys = [combo[d] if d in combo else _key(d, figure) for d in dims]
            if level != "nation":
                names[str(figure["area_code"])] = figure["area_name"] or str(figure["area_code"])
            if figure["value"]:
                cell = (keys[0], keys[1])
                cells[cell] = cells.get(cell, 0) + int(figure["value"])
    group_names = {g.value: POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup}
    labels: dict[str, dict[str, str]] = {d: {} for d in PIVOT_DIMENSIONS}
    activity_names = {code: f"{code} - {name}" for code, name, _unit in catalogue_activities()}
    org_names = dict(Organization.objects.values_list("code", "name"))
    labels.update(department=names, municipality=names, group=group_names,
                  org=org_names, activity=activity_names)  # fmt: skip
    return Pivot(
        rows=rows,
        columns=columns,
        row_keys=sorted({r for r, _ in cells}),
        column_keys=sorted({c for _, c in cells}),
        labels=labels,
        cells=cells,
    )


# --------------------------------------------------------------------------- review
def place_names(warehouse: Warehouse) -> dict[str, str]:
    """Department and municipality names by DANE code (empty before the geography)."""
    con = warehouse.reader()[0]
    return {**_area_names(con, "department"), **_area_names(con, "municipality")}


@dataclass(frozen=True)
class DepartmentPart:
    """One department's lines of a report, as the review queue shows it."""

    code: str
    name: str
    validated_by: str  # username; empty while pending

    @property
    def pending(self) -> bool:
        return not self.validated_by


@dataclass(frozen=True)
class QueueEntry:
    submission: Submission
    parts: list[DepartmentPart]
    mine: bool  # the user has something to validate in it

    @property
    def validated_parts(self) -> int:
        return sum(1 for p in self.parts if not p.pending)


def department_parts(submission: Submission, names: dict[str, str]) -> list[DepartmentPart]:
    done = {
        v.department: v.validated_by.get_username() if v.validated_by else "sistema"
        for v in submission.department_validations.select_related("validated_by")
    }
    return [
        DepartmentPart(code, names.get(code, code), done.get(code, ""))
        for code in sorted(submission.department_codes())
    ]


def validation_queue(*, user: Any, names: dict[str, str]) -> list[QueueEntry]:
    """Submitted reports with lines in the user's departments (a LEG) or anywhere (IM), each
    with its departments validated or pending: a report moves on when all are validated."""
    submitted = access.submissions_visible_to(user).filter(status=Status.SUBMITTED)
    entries = []
    for submission in submitted.order_by("period__month", "organization__name"):
        if not access.reviewable_departments(user, submission):
            continue
        entries.append(
            QueueEntry(
                submission,
                department_parts(submission, names),
                access.can_validate(user, submission),
            )
        )
    return entries


def line_cells_label(cells: dict[str, int]) -> str:
    """The sex × age cells of a line's new beneficiaries, as a reviewer reads them."""
    sexes = {"f": "F", "m": "M", "o": "O", "u": "?"}
    parts = []
    for key, value in sorted(cells.items()):
        sex, _, age = key.partition(":")
        parts.append(f"{sexes.get(sex, sex)} {'s/d' if age == 'u' else age}: {value}")
    return " · ".join(parts)


def catalogue_units() -> dict[str, str]:
    """The unit of each catalogue activity (latest version)."""
    return dict(CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "unit"))


# --------------------------------------------------------------------------- line exports
def filtered_lines(lines: QuerySet[ActivityLine], filters: ReachFilters) -> QuerySet[ActivityLine]:
    """The lines the reach counts under the dashboard's filters: months from January of the
    period's year to the period, and the places, partners, activities and groups chosen."""
    lines = lines.filter(month__gte=f"{filters.period[:4]}-01", month__lte=filters.period)
    for field_name, values in (
        ("department", filters.departments), ("municipality", filters.municipalities),
        ("submission__organization__code", filters.orgs), ("activity", filters.activities),
        ("population_group", filters.population_groups),
    ):  # fmt: skip
        if values:
            lines = lines.filter(**{f"{field_name}__in": list(values)})
    return lines


def export_records(lines: QuerySet[ActivityLine], names: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of the line exports: codes with their names beside them, the sex × age cells of
    new beneficiaries, the population group and the "of which" counts."""
    activities = dict(
        CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "name_es")
    )
    groups = {g.value: POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup}
    records = lines.values(
        "month", "department", "municipality", "sede", "place_name", "activity",
        "population_group", "beneficiary_type", "beneficiaries", "new_beneficiaries",
        "quantity", "households", "comments", "cells", "of_which",
        "submission__organization__code", "submission__organization__name",
        "submission__status",
    )  # fmt: skip
    return [
        {
            **line,
            "org": line["submission__organization__code"],
            "org_name": line["submission__organization__name"],
            "status": line["submission__status"],
            "department_name": names.get(line["department"], ""),
            "municipality_name": names.get(line["municipality"], ""),
            "activity_name": activities.get(line["activity"], ""),
            "population_group_name": groups.get(line["population_group"], ""),
        }
        for line in records
    ]


# --------------------------------------------------------------------------- typed lines
def sede_choices(warehouse: Warehouse, municipality: str) -> list[tuple[str, str]]:
    """The sedes of a municipality (12-digit code, name), from the warehouse `sede` table
    (empty before any sede list is imported: the sede is then typed)."""
    con = warehouse.reader()[0]
    if not municipality or not has_table(con, "sede"):
        return []
    found = query_rows(
        con,
        """
        select sede_code, arg_max(sede_name, year) as name from sede
        where municipality_code = $municipality group by sede_code order by name, sede_code
        """,
        {"municipality": municipality},
    )
    return [(str(r["sede_code"]), str(r["name"] or "")) for r in found]


def line_form_values(line: ActivityLine | None) -> dict[str, Any]:
    """A line as the browser form shows it: the template's fields and values."""
    if line is None:
        return {}
    values: dict[str, Any] = {
        "department": line.department, "municipality": line.municipality, "sede": line.sede,
        "place_name": line.place_name, "activity": line.activity,
        "population_group": line.population_group,
        "beneficiary_type": line.beneficiary_type, "beneficiaries": line.beneficiaries,
        "quantity": line.quantity, "households": line.households, "comments": line.comments,
    }  # fmt: skip
    values.update({f"cell:{key}": n for key, n in line.cells.items()})
    values.update({f"of:{key}": n for key, n in line.of_which.items()})
    return values


def catalogue_activities() -> list[tuple[str, str, str]]:
    """(code, Spanish name, unit) of the latest version of each catalogue activity; the
    seed catalogue while none is kept (the importer reads the same)."""
    latest = {
        i.code: (i.code, i.name_es, i.unit)
        for i in CatalogueItem.objects.order_by("code", "valid_from")
    }
    if latest:
        return list(latest.values())
    return [(a.code, a.name_es, a.unit.value) for a in EIE_ACTIVITIES]
