"""The reach dashboard's pivot: people reached by two chosen dimensions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import ActivityLine
from trayecto.web.response.selectors.catalogue import catalogue_activities
from trayecto.web.response.selectors.reach import reach_figures
from trayecto.web.response.selectors.snapshot import counted_statuses

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
