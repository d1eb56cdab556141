"""The bulletin's map and chart as SVG, drawn offline by vl-convert from Vega-Lite specs,
with Spanish (or English) number formats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import vl_convert

from trayecto.reports.maps import round_geometry

MAP_DIGITS = 3  # ~100 m: plenty for a printed page, and a small SVG
# d3 number locales: Colombian Spanish writes 1.234,5; English 1,234.5
LOCALES: dict[str, dict[str, Any]] = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def _svg(spec: dict[str, Any], language: str) -> str:
    svg: str = vl_convert.vegalite_to_svg(spec, format_locale=LOCALES.get(language, LOCALES["es"]))
    return svg


def reach_map_svg(
    boundaries: Mapping[str, Any],
    values: Mapping[str, int],
    *,
    legend: str,
    language: str = "es",
    width: int = 420,
) -> str:
    """A choropleth of people reached per area (`values` by DANE code; none = no report)."""
    features = [
        {
            "type": "Feature",
            "geometry": round_geometry(f["geometry"], MAP_DIGITS),
            "properties": {
                "code": f["properties"]["code"],
                "name": f["properties"]["name"],
                "value": values.get(f["properties"]["code"]),
            },
        }
        for f in boundaries.get("features", [])
    ]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": width,
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#eeeeee", "stroke": "#999999",
                      "strokeWidth": 0.4}},
            {
                "transform": [{"filter": "datum.properties.value != null"}],
                "mark": {"type": "geoshape", "stroke": "#555555", "strokeWidth": 0.4},
                "encoding": {
                    "color": {
                        "field": "properties.value", "type": "quantitative",
                        "title": legend, "scale": {"scheme": "blues"},
                        "legend": {"format": ",d", "orient": "bottom-left"},
                    }
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }  # fmt: skip
    return _svg(spec, language)


def reach_against_target_svg(
    rows: Sequence[Mapping[str, Any]],
    *,
    reached_label: str,
    target_label: str,
    language: str = "es",
) -> str:
    """Bars of people reached with a tick at the target, one row per `label`."""
    values = [{"label": r["label"], "reached": r["reached"], "target": r["target"]} for r in rows]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "data": {"values": values},
        "encoding": {"y": {"field": "label", "type": "nominal", "title": None, "sort": None}},
        "layer": [
            {
                "mark": {"type": "bar", "color": "#1f6fb2"},
                "encoding": {"x": {"field": "reached", "type": "quantitative",
                                   "title": f"{reached_label} / {target_label}",
                                   "axis": {"format": ",d"}}},
            },
            {
                "mark": {"type": "tick", "color": "#c0392b", "thickness": 3},
                "encoding": {"x": {"field": "target", "type": "quantitative"}},
            },
        ],
    }  # fmt: skip
    return _svg(spec, language)
