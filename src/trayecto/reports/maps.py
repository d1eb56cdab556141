"""Maps as Vega-Lite specs: the same spec renders in the browser (vega-embed) and in PDFs.

Geometry travels as GeoJSON features whose coordinates are rounded to 4 decimals (about 11 m,
far below what a screen shows) with repeated points dropped: this keeps the map of the seven
priority departments near 300 kB before compression.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DIGITS = 4

Ring = list[list[float]]


def round_ring(ring: Iterable[Iterable[float]], digits: int = DIGITS) -> Ring:
    """Round each point and drop points equal to the previous one (the ring stays closed)."""
    out: Ring = []
    for point in ring:
        x, y = (round(float(c), digits) for c in list(point)[:2])
        if not out or out[-1] != [x, y]:
            out.append([x, y])
    return out


def round_geometry(geometry: Mapping[str, Any], digits: int = DIGITS) -> dict[str, Any]:
    """A Polygon or MultiPolygon with rounded coordinates; rings left with < 4 points vanish."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    rounded = []
    for polygon in polygons:
        rings = [r for r in (round_ring(ring, digits) for ring in polygon) if len(r) >= 4]
        if rings:
            rounded.append(rings)
    if kind == "Polygon" or len(rounded) == 1:
        return {"type": "Polygon", "coordinates": rounded[0] if rounded else []}
    return {"type": "MultiPolygon", "coordinates": rounded}


def feature(geometry: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """One GeoJSON feature for the web: rounded geometry, only the given properties."""
    return {
        "type": "Feature",
        "geometry": round_geometry(geometry),
        "properties": dict(properties),
    }


def etc_map_spec(*, labels: Mapping[str, str]) -> dict[str, Any]:
    """Municipalities coloured by their ETC over a light-grey Colombia.

    The data is not in the spec: the page passes the datasets `context` (department
    outlines) and `municipalities` (features with department, name, code and ETC), so the
    spec stays small and the geometry is cached separately. `labels` translates the tooltip
    titles (the page's language).
    """
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 560,
        "autosize": {"type": "fit", "contains": "padding"},
        "projection": {"type": "mercator"},
        "layer": [
            {
                "name": "context",
                "data": {"name": "context"},
                "mark": {"type": "geoshape", "fill": "#eeeeee", "stroke": "#c8c8c8", "aria": False},
            },
            {
                "name": "municipalities",
                "data": {"name": "municipalities"},
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                "encoding": {
                    "color": {
                        "field": "properties.etc_name",
                        "type": "nominal",
                        "title": labels["etc"],
                        "scale": {"scheme": "tableau20"},
                        "legend": {"columns": 2, "symbolLimit": 40, "labelLimit": 220},
                    },
                    "tooltip": [
                        {"field": "properties.department_name", "title": labels["department"]},
                        {"field": "properties.name", "title": labels["municipality"]},
                        {"field": "properties.code", "title": labels["code"]},
                        {"field": "properties.etc_name", "title": labels["etc"]},
                    ],
                    "href": {"field": "properties.url"},
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }
