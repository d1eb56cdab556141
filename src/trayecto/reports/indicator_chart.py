"""The trend chart of an indicator as a Vega-Lite spec (rendered by vega-embed on the page,
by vl-convert in documents). Estimated points are drawn hollow and labelled."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

SEDE_CODE_LENGTH = 12

MAX_SERIES = 12  # more lines than this is unreadable; the table has every area
# Twenty distinct colours: with at most MAX_SERIES lines no two areas share one.
PALETTE = "tableau20"
STATUSES = ("observed", "computed", "estimated")
STATUS_SHAPES = ("circle", "square", "triangle-up")


@dataclass(frozen=True)
class ChartLabels:
    """Every word a chart shows, in the page's language (the web translates them)."""

    area: str = "área"
    year: str = "año"
    value: str = "valor"
    status: str = "estado"
    published: str = "publicado"
    code: str = "código"
    name: str = "nombre"
    statuses: dict[str, str] = field(
        default_factory=lambda: {
            "observed": "observado",
            "computed": "calculado",
            "estimated": "estimado",
        }
    )


@dataclass(frozen=True)
class TrendChart:
    spec: dict[str, Any]
    shown: int  # areas drawn
    total: int  # areas with a value: more than `shown` when the chart had to choose

    @property
    def cut(self) -> bool:
        return self.shown < self.total


def value_format(unit: str) -> str:
    """d3 format of a value: counts without decimals, rates with two (the separators are
    the page's locale's, given to vega-embed)."""
    return ",.0f" if unit == "persons" else ",.2f"


def chosen_areas(
    rows: Sequence[dict[str, Any]], *, priority: Collection[str], limit: int = MAX_SERIES
) -> list[str]:
    """The areas to draw: those of the priority departments first (an area is theirs when
    its DANE code, or a sede's municipality, starts with the department's), then the others
    by their largest value, up to `limit`. The table always has every area."""
    largest: dict[str, float] = {}
    for r in rows:
        if r["value"] is not None:
            code = r["area_code"]
            largest[code] = max(largest.get(code, 0.0), abs(float(r["value"])))

    def department(code: str) -> str:
        return code[1:3] if len(code) == SEDE_CODE_LENGTH else code[:2]

    ranked = sorted(largest, key=lambda c: (department(c) not in priority, -largest[c], c))
    return ranked[:limit]


def trend_spec(
    rows: Sequence[dict[str, Any]],
    *,
    title: str,
    unit: str,
    unit_label: str,
    labels: ChartLabels,
    priority: Collection[str] = (),
) -> TrendChart:
    """Lines per area over the years; each point's mark says its status (observed, computed,
    estimated: circle, square, triangle, the estimated stretch dashed)."""
    with_value = {r["area_code"] for r in rows if r["value"] is not None}
    shown = chosen_areas(rows, priority=priority)
    drawn = set(shown)
    values = [
        {
            "area": r["area_name"] or r["area_code"],
            "year": r["year"],
            "value": r["value"],
            "status": labels.statuses.get(r["provenance"]["status"], r["provenance"]["status"]),
            "estimated": r["provenance"]["status"] == "estimated",
            "published": r.get("published_value"),
        }
        for r in rows
        if r["value"] is not None and r["area_code"] in drawn
    ]
    number = value_format(unit)
    names = {r["area_code"]: r["area_name"] or r["area_code"] for r in rows}
    color = {
        "field": "area",
        "type": "nominal",
        "title": labels.area,
        "sort": [names[code] for code in shown],  # the legend in the order chosen
        "scale": {"scheme": PALETTE},
    }
    x = {"field": "year", "type": "ordinal", "title": labels.year}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": unit_label,
        "scale": {"zero": False},
        "axis": {"format": number},
    }
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "height": 280,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "line"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "strokeDash": {
                        "field": "estimated",
                        "type": "nominal",
                        "scale": {"domain": [False, True], "range": [[1, 0], [4, 3]]},
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 55},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "shape": {
                        "field": "status",
                        "type": "nominal",
                        "title": labels.status,
                        "scale": {
                            "domain": [labels.statuses[s] for s in STATUSES],
                            "range": list(STATUS_SHAPES),
                        },
                    },
                    "tooltip": [
                        {"field": "area", "type": "nominal", "title": labels.area},
                        {"field": "year", "type": "ordinal", "title": labels.year},
                        {"field": "value", "type": "quantitative", "format": number,
                         "title": labels.value},
                        {"field": "status", "type": "nominal", "title": labels.status},
                        {"field": "published", "type": "quantitative", "format": number,
                         "title": labels.published},
                    ],
                },
            },
        ],
    }  # fmt: skip
    return TrendChart(spec, shown=len(shown), total=len(with_value))


def choropleth_spec(
    geojson: dict[str, Any],
    values: dict[str, float | None],
    *,
    title: str,
    unit: str,
    unit_label: str,
    labels: ChartLabels,
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
            {  # the backdrop: nothing for a screen reader to read out
                "mark": {
                    "type": "geoshape",
                    "fill": "#e8edf0",
                    "stroke": "#fff",
                    "strokeWidth": 0.5,
                    "aria": False,
                }
            },
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
                        {"field": "properties.code", "title": labels.code},
                        {"field": "properties.name", "title": labels.name},
                        {
                            "field": "properties.value",
                            "title": unit_label,
                            "format": value_format(unit),
                        },
                    ],
                },
            },
        ],
    }
