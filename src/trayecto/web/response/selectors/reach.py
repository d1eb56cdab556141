"""Reach figures with their provenance, and what they are set against: targets, plans, presence."""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics.official_needs import pin_by_municipality
from trayecto.analytics.reach import TABLE, ReachFilters, presence, reach
from trayecto.domain.five_w import (
    POPULATION_GROUP_LABELS,
    ConsolidationRule,
    PopulationGroup,
    Status,
    statuses_at_or_after,
)
from trayecto.domain.five_w_monitoring import progress
from trayecto.warehouse import Warehouse, engine
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import CatalogueItem, PeopleInNeed, Target
from trayecto.web.response.selectors.kept import kept
from trayecto.web.response.selectors.places import kept_area_names, place_names
from trayecto.web.response.selectors.snapshot import counted_statuses, lines_table, reach_rule


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
    names = kept_area_names(warehouse, level)
    if set(statuses) <= set(counted_statuses()) and warehouse.has(TABLE):
        con, manifest_version = engine.reader(warehouse)  # TRAYECTO_ENGINE, --engine
        source = "warehouse"
        # the published snapshot changes only with a new manifest version: keep its answer
        rows = kept(
            warehouse, manifest_version, ("reach", chosen, level, query_filters),
            lambda: reach(con, query_filters, level=level, rule=chosen).to_pylist(),
        )  # fmt: skip
    else:
        # earlier states are read from the database as it is now: never kept
        con = duckdb.connect()
        con.register(TABLE, lines_table(statuses, orgs=query_filters.orgs))
        source = "database"
        rows = reach(con, query_filters, level=level, rule=chosen).to_pylist()
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
    con, version = warehouse.reader()
    published = ReachFilters(**{**filters.__dict__, "statuses": (Status.PUBLISHED.value,)})
    wanted = set(published.municipalities)
    names = place_names(warehouse)
    # partner names come from the database on every request; the counts from the snapshot
    organizations = dict(Organization.objects.values_list("code", "name"))
    found = kept(
        warehouse, version, ("presence", published), lambda: presence(con, published).to_pylist()
    )
    rows = []
    for row in found:
        if wanted and row["municipality"] not in wanted:
            continue
        codes = [c for c in str(row["organizations"] or "").split(", ") if c]
        rows.append(
            {**row, "department_name": names.get(row["department"], ""),
             "municipality_name": names.get(row["municipality"], ""),
             "organization_names": ", ".join(organizations.get(c, c) for c in codes)}
        )  # fmt: skip
    return rows


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
