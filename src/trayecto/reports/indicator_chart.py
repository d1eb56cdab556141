"""The trend chart of an indicator as a Vega-Lite spec (rendered by vega-embed on the page,
by vl-convert in documents). Estimated points are drawn hollow and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_SERIES = 12  # more lines than this is unreadable; the table has every area


def trend_spec(rows: Sequence[dict[str, Any]], *, title: str, unit_label: str) -> dict[str, Any]:
    areas: dict[str, float] = {}
    for r in rows:
        if r["value"] is not None:
            areas[r["area_name"]] = max(areas.get(r["area_name"], 0.0), abs(float(r["value"])))
    shown = set(sorted(areas, key=lambda a: -areas[a])[:MAX_SERIES])
    values = [
        {
            "area": r["area_name"],
            "year": r["year"],
            "value": r["value"],
            "status": r["provenance"]["status"],
            "published": r.get("published_value"),
        }
        for r in rows
        if r["value"] is not None and r["area_name"] in shown
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "height": 280,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"filled": True, "size": 50}},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": unit_label,
                "scale": {"zero": False},
            },
            "color": {"field": "area", "type": "nominal", "title": None},
            "strokeDash": {
                "field": "status",
                "type": "nominal",
                "scale": {
                    "domain": ["observed", "computed", "estimated"],
                    "range": [[1, 0], [1, 0], [4, 3]],
                },
                "title": None,
            },
            "tooltip": [
                {"field": "area", "type": "nominal"},
                {"field": "year", "type": "ordinal"},
                {"field": "value", "type": "quantitative", "format": ",.2f"},
                {"field": "status", "type": "nominal"},
                {"field": "published", "type": "quantitative", "format": ",.2f"},
            ],
        },
    }


def choropleth_spec(
    geojson: dict[str, Any],
    values: dict[str, float | None],
    *,
    title: str,
    unit_label: str,
) -> dict[str, Any]:
    """A map of one year's values by area; areas without a value are drawn grey."""
    features = []
    for feature in geojson["features"]:
        code = feature["properties"]["code"]
        features.append(
            {**feature, "properties": {**feature["properties"], "value": values.get(code)}}
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "height": 420,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#e8edf0", "stroke": "#fff", "strokeWidth": 0.5}},
            {
                "transform": [{"filter": "isValid(datum.properties.value)"}],
                "mark": {"type": "geoshape", "stroke": "#fff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "properties.value",
                        "type": "quantitative",
                        "title": unit_label,
                        "scale": {"scheme": "blues"},
                    },
                    "tooltip": [
                        {"field": "properties.code", "title": "código"},
                        {"field": "properties.name", "title": "nombre"},
                        {"field": "properties.value", "title": unit_label, "format": ",.2f"},
                    ],
                },
            },
        ],
    }
