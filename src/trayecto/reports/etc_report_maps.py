"""The ETC report's maps: one choropleth per figure over the ETC's (or department's)
municipal boundaries, drawn offline as SVG by vl-convert, as the bulletin's map is
(`bulletin_charts`: the same number locales and rounded geometry). A municipality without
a figure stays grey."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import vl_convert

from trayecto.reports.bulletin_charts import LOCALES, MAP_DIGITS
from trayecto.reports.maps import round_geometry


def area_map_svg(
    boundaries: Mapping[str, Any],
    values: Mapping[str, float | None],
    *,
    legend: str,
    language: str = "es",
    scheme: str = "oranges",
    domain: Sequence[float] | None = None,
    legend_format: str = ",d",
    width: int = 360,
) -> str:
    """A choropleth of `values` (by DANE municipality code) with its legend."""
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
    scale: dict[str, Any] = {"scheme": scheme}
    if domain is not None:
        scale["domain"] = list(domain)
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
                        "field": "properties.value", "type": "quantitative", "title": legend,
                        "scale": scale,
                        "legend": {"format": legend_format, "orient": "bottom-left"},
                    }
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }  # fmt: skip
    svg: str = vl_convert.vegalite_to_svg(spec, format_locale=LOCALES.get(language, LOCALES["es"]))
    return svg
