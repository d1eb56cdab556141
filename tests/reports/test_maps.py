"""Map geometry is rounded for the web without losing shapes; the spec names its datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trayecto.reports import maps


def test_rounding_drops_repeated_points_and_keeps_rings_closed() -> None:
    ring = [[-72.123456, 7.0], [-72.123451, 7.00001], [-72.0, 7.5], [-71.9, 7.0], [-72.123456, 7.0]]
    assert maps.round_ring(ring) == [[-72.1235, 7.0], [-72.0, 7.5], [-71.9, 7.0], [-72.1235, 7.0]]


def test_a_ring_that_collapses_disappears() -> None:
    tiny = [[0.00001, 0.0], [0.00002, 0.0], [0.00001, 0.00001], [0.00001, 0.0]]
    big = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    geometry = {"type": "MultiPolygon", "coordinates": [[tiny], [big]]}
    assert maps.round_geometry(geometry) == {"type": "Polygon", "coordinates": [big]}


def test_points_are_refused() -> None:
    with pytest.raises(ValueError, match="Point"):
        maps.round_geometry({"type": "Point", "coordinates": [0, 0]})


def test_every_real_municipal_polygon_survives_rounding(shared_data: Path) -> None:
    path = shared_data / "mgn2018_boundaries" / "co_2018_MGN_MPIO_POLITICO.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    raw = rounded = 0
    for feature in features:
        geometry = maps.round_geometry(feature["geometry"])
        assert geometry["coordinates"], feature["properties"]["MPIO_CCNCT"]
        raw += len(json.dumps(feature["geometry"]))
        rounded += len(json.dumps(geometry))
    assert rounded < raw * 0.6  # the point of rounding: far fewer bytes


def test_the_spec_draws_named_datasets_with_translated_tooltips() -> None:
    labels = {"department": "Department", "municipality": "Municipality", "code": "DANE code"}
    spec = maps.etc_map_spec(labels={**labels, "etc": "ETC"})
    names = [layer["data"]["name"] for layer in spec["layer"]]
    assert names == ["context", "municipalities"]
    titles = [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert titles == ["Department", "Municipality", "DANE code", "ETC"]
