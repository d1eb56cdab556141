"""Vega-Lite specs of the trajectory page: a cohort's survival by grade (true and UIS's
reconstructed cohort) and a year's transitions by school level as stacked bars.

Plain data in, a spec out; the page passes its labels already translated. A figure that is
not a number (a suppressed "<5" or "x", or no figure at all) is left out of the spec, never
drawn as zero: the chart shows only what the table beside it shows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
PERCENT = ",.1f"  # one decimal as the table; the page's locale gives the separators
COUNT = ",.0f"
TITLE_CHARACTERS = 40  # a title line that fits a 390 px phone (Vega does not wrap titles)
LEGEND_LABEL_PIXELS = 320  # Vega's 160 cut the UIS series' name short


def title(text: str) -> dict[str, Any]:
    """A chart title over as many lines as it needs to fit a phone, flush left."""
    return {"text": textwrap.wrap(text, TITLE_CHARACTERS), "anchor": "start"}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class SurvivalLabels:
    """Every word of the survival chart, in the page's language."""

    title: str
    grade: str
    share: str  # the y axis: percentage of the cohort
    series: str  # the legend's title
    true: str  # the cohort followed student by student
    reconstructed: str  # UIS's reconstructed cohort, same years


@dataclass(frozen=True)
class Chart:
    spec: dict[str, Any]
    drawn: int  # points or bar segments in the spec
    left_out: int  # figures of the table that are not numbers (suppressed or missing)


def survival_chart(steps: Iterable[Mapping[str, Any]], *, labels: SurvivalLabels) -> Chart:
    """Two lines over the grades reached: the share of the entering cohort seen in each
    grade (`rate`), and UIS's reconstructed cohort flowed over the same years
    (`uis_by_last_year`), the one the table's difference compares it with."""
    values: list[dict[str, Any]] = []
    left_out = 0
    for step in steps:
        for key, series in (("rate", labels.true), ("uis_by_last_year", labels.reconstructed)):
            value = step.get(key)
            if _number(value):
                values.append({"grado": step["grade"], "serie": series, "porcentaje": value})
            else:
                left_out += 1
    x = {"field": "grado", "type": "ordinal", "title": labels.grade, "axis": {"labelAngle": 0}}
    y = {"field": "porcentaje", "type": "quantitative", "title": labels.share,
         "scale": {"domain": [0, 100]}, "axis": {"format": ",.0f"}}  # fmt: skip
    color = {"field": "serie", "type": "nominal", "title": labels.series,
             "sort": [labels.true, labels.reconstructed],
             "legend": {"orient": "bottom", "direction": "vertical",
                        "labelLimit": LEGEND_LABEL_PIXELS}}  # fmt: skip
    tooltip = [
        {"field": "serie", "type": "nominal", "title": labels.series},
        {"field": "grado", "type": "ordinal", "title": labels.grade},
        {"field": "porcentaje", "type": "quantitative", "format": PERCENT, "title": labels.share},
    ]
    spec = {
        "$schema": SCHEMA,
        "title": title(labels.title),
        "width": "container", "height": 240,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "layer": [
            {"mark": {"type": "line"}, "encoding": {"x": x, "y": y, "color": color}},
            {"mark": {"type": "point", "filled": True, "size": 55},
             "encoding": {"x": x, "y": y, "color": color,
                          "shape": {"field": "serie", "type": "nominal", "legend": None},
                          "tooltip": tooltip}},
        ],
    }  # fmt: skip
    return Chart(spec, drawn=len(values), left_out=left_out)


@dataclass(frozen=True)
class FlowLabels:
    """Every word of the transitions chart, in the page's language."""

    title: str
    level: str
    students: str
    outcome: str
    levels: Mapping[str, str]  # school level -> its name
    outcomes: Mapping[str, str]  # outcome count (promoted, …) -> its name, in stacking order


def flows_chart(rows: Sequence[Mapping[str, Any]], *, labels: FlowLabels) -> Chart:
    """Horizontal bars, one per school level in the order given, each split into the
    outcomes of `labels.outcomes`; enrolled = their sum, so a whole bar is the level's
    enrolment unless a part was left out. Horizontal so that the level names fit a phone."""
    values: list[dict[str, Any]] = []
    left_out = 0
    order = list(labels.outcomes)
    for row in rows:
        level = labels.levels.get(row["level"], row["level"])
        for key, name in labels.outcomes.items():
            value = row.get(key)
            if _number(value):
                values.append({"nivel": level, "resultado": name, "estudiantes": value,
                               "orden": order.index(key)})  # fmt: skip
            else:
                left_out += 1
    spec = {
        "$schema": SCHEMA,
        "title": title(labels.title),
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "nivel", "type": "nominal", "title": labels.level,
                  "sort": [labels.levels.get(r["level"], r["level"]) for r in rows]},
            "x": {"field": "estudiantes", "type": "quantitative", "title": labels.students,
                  "stack": "zero", "axis": {"format": COUNT}},
            "color": {"field": "resultado", "type": "nominal", "title": labels.outcome,
                      "sort": list(labels.outcomes.values()),
                      "legend": {"orient": "bottom", "columns": 2,
                                 "labelLimit": LEGEND_LABEL_PIXELS}},
            "order": {"field": "orden", "type": "quantitative"},
            "tooltip": [
                {"field": "nivel", "type": "nominal", "title": labels.level},
                {"field": "resultado", "type": "nominal", "title": labels.outcome},
                {"field": "estudiantes", "type": "quantitative", "format": COUNT,
                 "title": labels.students},
            ],
        },
    }  # fmt: skip
    return Chart(spec, drawn=len(values), left_out=left_out)
