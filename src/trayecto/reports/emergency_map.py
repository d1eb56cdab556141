"""The map of an event: its municipalities coloured by the response to their affected sedes,
and a point per sede whose damage assessment gave one.

Lists of affected sedes carry no coordinates, so every sede counts in its municipality (as
reports/maps.py draws the home map): the municipalities of the event's departments, each
coloured by whether a response reached none, some or all of its affected sedes, with the
sedes by severity in the tooltip. Over them, the sedes with a point (the assessment's
geopoint) are drawn coloured by severity, a circle when a response reached them and a
triangle when none did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RESPONSE_ORDER = ("none", "partial", "all")
RESPONSE_COLOURS = ("#d7301f", "#fdae61", "#1a9850")
# Severity 1, 2, 3 and unknown: purples, apart from the municipalities' red-to-green.
SEVERITY_ORDER = ("severity_1", "severity_2", "severity_3", "severity_none")
SEVERITY_COLOURS = ("#dadaeb", "#9e9ac8", "#54278f", "#969696")
REACHED_ORDER = ("reached_yes", "reached_no")
REACHED_SHAPES = ("circle", "triangle-up")


def event_map_spec(*, labels: Mapping[str, str]) -> dict[str, Any]:
    """Vega-Lite spec; the page passes the datasets `municipalities` (features with code,
    name, sedes, reached, response, severity counts) and `points` (sedes with code, name,
    latitude, longitude, severity_label, response_label); `labels` are the page's words."""
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
            {
                "data": {"name": "points"},
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 60,
                    "stroke": "#333333",
                    "strokeWidth": 0.6,
                    "opacity": 0.95,
                },
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "color": {
                        "field": "severity_label",
                        "type": "nominal",
                        "title": labels["severity"],
                        "scale": {
                            "domain": [labels[k] for k in SEVERITY_ORDER],
                            "range": list(SEVERITY_COLOURS),
                        },
                    },
                    "shape": {
                        "field": "response_label",
                        "type": "nominal",
                        "title": labels["sede_response"],
                        "scale": {
                            "domain": [labels[k] for k in REACHED_ORDER],
                            "range": list(REACHED_SHAPES),
                        },
                    },
                    "tooltip": [
                        {"field": "name", "title": labels["sede"]},
                        {"field": "code", "title": labels["code"]},
                        {"field": "severity_label", "title": labels["severity"]},
                        {"field": "response_label", "title": labels["sede_response"]},
                    ],
                },
            },
        ],
        # The municipalities' response and the points' severity are two colour scales.
        "resolve": {"scale": {"color": "independent"}, "legend": {"color": "independent"}},
        "config": {"view": {"stroke": None}},
    }


def response_of(sedes: int, reached: int) -> str:
    """none / partial / all: how many of a municipality's affected sedes a response reached."""
    if reached == 0:
        return "none"
    return "all" if reached >= sedes else "partial"
