"""The map of an event: its municipalities coloured by the response to their affected sedes.

The lists of affected sedes carry no coordinates, so sedes are drawn by municipality (as
reports/maps.py draws the home map): the municipalities of the event's departments, each
coloured by whether a response reached none, some or all of its affected sedes, with the
sedes by severity in the tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RESPONSE_ORDER = ("none", "partial", "all")
RESPONSE_COLOURS = ("#d7301f", "#fdae61", "#1a9850")


def event_map_spec(*, labels: Mapping[str, str]) -> dict[str, Any]:
    """Vega-Lite spec; the page passes the dataset `municipalities` (features with code,
    name, sedes, reached, response, severity counts); `labels` are the page's words."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 420,
        "autosize": {"type": "fit", "contains": "padding"},
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"name": "municipalities"},
                "transform": [{"filter": "datum.properties.sedes == 0"}],
                "mark": {"type": "geoshape", "fill": "#eeeeee", "stroke": "#c8c8c8"},
                "encoding": {
                    "tooltip": [
                        {"field": "properties.name", "title": labels["municipality"]},
                        {"field": "properties.code", "title": labels["code"]},
                    ]
                },
            },
            {
                "data": {"name": "municipalities"},
                "transform": [{"filter": "datum.properties.sedes > 0"}],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "properties.response_label",
                        "type": "nominal",
                        "title": labels["response"],
                        "scale": {
                            "domain": [labels[k] for k in RESPONSE_ORDER],
                            "range": list(RESPONSE_COLOURS),
                        },
                    },
                    "tooltip": [
                        {"field": "properties.name", "title": labels["municipality"]},
                        {"field": "properties.code", "title": labels["code"]},
                        {"field": "properties.sedes", "title": labels["sedes"]},
                        {"field": "properties.reached", "title": labels["reached"]},
                        {"field": "properties.critical", "title": labels["critical"]},
                        {"field": "properties.moderate", "title": labels["moderate"]},
                        {"field": "properties.low", "title": labels["low"]},
                    ],
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }


def response_of(sedes: int, reached: int) -> str:
    """none / partial / all: how many of a municipality's affected sedes a response reached."""
    if reached == 0:
        return "none"
    return "all" if reached >= sedes else "partial"
