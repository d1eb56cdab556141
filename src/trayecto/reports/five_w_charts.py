"""Vega-Lite specs of the 5W reach page: people reached by department, as bars and as a map.

Plain data in, a spec out; the page passes its labels already translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def reach_bars_spec(figures: Iterable[Mapping[str, Any]], *, reached: str) -> dict[str, Any]:
    """Horizontal bars, longest first: one per department figure (name, else code). The
    chart takes its box's width, labels included, so that it fits a phone."""
    return {
        "$schema": SCHEMA,
        "width": "container", "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": [{"departamento": f["area_name"] or f["area_code"],
                             "alcanzados": f["value"]} for f in figures]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "departamento", "type": "nominal", "sort": "-x"},
            "x": {"field": "alcanzados", "type": "quantitative", "title": reached},
        },
    }  # fmt: skip


def reach_map_spec(
    features: list[dict[str, Any]],
    reached_by_code: Mapping[str, int],
    *,
    reached: str,
    department: str,
    reached_short: str,
) -> dict[str, Any]:
    """Departments shaded by people reached (0 where none); `features` are the department
    boundaries (GeoJSON features with `code` and `name`), given their figure in place. The
    map takes its box's width, legend included (420 px fixed was 580 with the legend, wider
    than a phone)."""
    for feature in features:
        feature["properties"]["alcanzados"] = reached_by_code.get(feature["properties"]["code"], 0)
    return {
        "$schema": SCHEMA,
        "width": "container", "height": 480,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "color": {"field": "properties.alcanzados", "type": "quantitative",
                      "title": reached, "scale": {"scheme": "blues"}},
            "tooltip": [{"field": "properties.name", "title": department},
                        {"field": "properties.alcanzados", "title": reached_short,
                         "format": ","}],
        },
    }  # fmt: skip
