"""The published 5W of a month, gathered for the GIFMM 5W v2 export (`trayecto export
activityinfo`): the operational lines become layout rows (domain/gifmm_v2.py) and the file
(reports/activityinfo.py) states both reach figures, at GIFMM's bands and at ours."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import ConsolidationRule, ReachLine, Status, site_key
from trayecto.domain.places import PlaceMatcher
from trayecto.reports import activityinfo
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import ActivityLine, CatalogueItem
from trayecto.web.response.selectors.snapshot import reach_rule


def published_lines(month: str, among: QuerySet[ActivityLine] | None = None) -> list[ActivityLine]:
    """The month's published lines, of all (the command line) or `among` those a user exports."""
    base = ActivityLine.objects.all() if among is None else among
    lines = base.filter(submission__status=Status.PUBLISHED, month=month)
    return list(lines.select_related("submission__organization").order_by("submission_id", "row"))


def fine_lines(line: ActivityLine) -> list[ReachLine]:
    """A line as the platform's reach counts it (its own bands and its site)."""
    org = line.submission.organization.code
    site = site_key(line.sede, line.place_name)
    found = []
    for key, people in sorted(line.group_cells.items()):
        group, sex, age = key.split(":", 2)
        found.append(
            ReachLine(
                org=org,
                activity=line.activity,
                department=line.department,
                municipality=line.municipality,
                group=group,
                sex=sex,
                age=age,
                month=line.month,
                new=int(people),
                site=site,
            )
        )
    return found


def activity_names(month: str) -> dict[str, tuple[str, int | None]]:
    """Each activity's Spanish name and GIFMM indicator, in the version valid in `month`."""
    found: dict[str, tuple[str, int | None]] = {}
    for item in CatalogueItem.objects.filter(valid_from__lte=month).order_by("code", "valid_from"):
        found[item.code] = (item.name_es, item.gifmm_indicator)
    return found


def activityinfo_export(
    month: str,
    warehouse: Warehouse,
    rule: ConsolidationRule | None = None,
    among: QuerySet[ActivityLine] | None = None,
) -> tuple[activityinfo.Export, list[list[Any]], PlaceMatcher]:
    """The month's published lines (`among` a user's exportable ones, for the web download)
    as the export, its table and the places it names."""
    chosen = rule or ConsolidationRule(reach_rule())
    rows: list[gifmm_v2.Row] = []
    fine: list[ReachLine] = []
    for line in published_lines(month, among):
        fine.extend(fine_lines(line))
        rows.extend(
            gifmm_v2.rows_of_line(
                f"trayecto-{line.pk}",
                org=line.submission.organization.code,
                activity=line.activity,
                department=line.department,
                municipality=line.municipality,
                month=line.month,
                beneficiaries=line.beneficiaries,
                group_cells=line.group_cells,
                group=line.population_group,
            )
        )
    # no line, no place to name: an empty month needs no geography
    places = matcher_from_warehouse(warehouse.reader()[0]) if rows else PlaceMatcher([], [])
    export = activityinfo.build(month, rows, fine, chosen, warehouse.manifest().version)
    return export, activityinfo.table(export, places, activity_names(month)), places
