"""Codes, name keys, display names, known changes and polygon areas (pure functions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayecto.domain import geography as geo


@pytest.mark.parametrize(
    ("written", "code"),
    [
        (5001, "05001"),
        (5001.0, "05001"),
        ("5001", "05001"),
        ("05001", "05001"),
        ("5001.0", "05001"),
        ("CO05001", "05001"),
        ("co05001", "05001"),
        ("127001003453", "27001"),  # sede code: digits 2-6
        ("327001000241", "27001"),
        ("0", None),
        ("999", None),
        ("ABC", None),
        (None, None),
        (True, None),
        (5001.5, None),
        ("1234567", None),
    ],
)
def test_municipality_codes_as_sources_write_them(written: object, code: str | None) -> None:
    assert geo.municipality_code(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [(5, "05"), ("5", "05"), ("05", "05"), (5.0, "05"), ("CO08", "08"), ("0", None), ("123", None)],
)
def test_department_codes(written: object, code: str | None) -> None:
    assert geo.department_code(written) == code


@given(st.integers(min_value=1000, max_value=99999))
def test_a_municipality_code_survives_any_writing(number: int) -> None:
    code = f"{number:05d}"
    for written in (number, float(number), str(number), code, geo.pcode_for(code)):
        assert geo.municipality_code(written) == code


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bogotá, D.C.", "bogota"),
        ("BOGOTÁ D.C.", "bogota"),
        ("Bogotá_D.C.", "bogota"),
        ("Norte_De_Santander", "norte de santander"),
        ("MIRITÍ - PARANÁ", "miriti parana"),
        ("Nariño", "narino"),
        ("  San  José de   Cúcuta ", "san jose de cucuta"),
        (
            "Archipiélago de San Andrés, Providencia y Santa Catalina",
            "archipielago de san andres providencia y santa catalina",
        ),
    ],
)
def test_name_keys(name: str, key: str) -> None:
    assert geo.normalise_name(name) == key


@given(st.text(max_size=40))
def test_the_name_key_is_idempotent_and_plain(text: str) -> None:
    key = geo.normalise_name(text)
    assert geo.normalise_name(key) == key
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in key)


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("SAN JOSÉ DE CÚCUTA", "San José de Cúcuta"),
        ("BOGOTÁ, D.C.", "Bogotá, D.C."),
        ("LA GUAJIRA", "La Guajira"),
        ("VALLE DEL CAUCA", "Valle del Cauca"),
        ("PIENDAMÓ - TUNÍA", "Piendamó - Tunía"),
        ("EL CARMEN DE VIBORAL", "El Carmen de Viboral"),
    ],
)
def test_display_names(upper: str, proper: str) -> None:
    assert geo.proper_case(upper) == proper


def test_known_changes_name_their_parent_and_sources() -> None:
    codes = {c.code: c for c in geo.KNOWN_CHANGES}
    assert codes["27493"].parent_code == "27615"
    assert codes["27493"].status == "new"
    assert codes["94663"].parent_code == "94343"
    assert codes["94663"].status == "historical"
    for change in geo.KNOWN_CHANGES:
        assert change.sources
        assert change.type in geo.MUNICIPALITY_TYPES
        assert change.code.startswith(change.department_code)
    assert geo.known_change("05001") is None


def test_polygon_areas_agree_with_the_official_areas(shared_data: Path) -> None:
    """The spherical area of MGN polygons against MGN's own MPIO_NAREA (km²)."""
    path = shared_data / "mgn2018_boundaries/co_2018_MGN_MPIO_POLITICO.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    large = [f for f in features if f["properties"]["MPIO_NAREA"] > 1000]
    ratios = sorted(
        geo.geometry_area_km2(f["geometry"]) / f["properties"]["MPIO_NAREA"] for f in large
    )
    median = ratios[len(ratios) // 2]
    assert median == pytest.approx(1.0, abs=0.01)
    # A unit square degree at the equator is about 12,364 km².
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    assert geo.geometry_area_km2(square) == pytest.approx(12_364, rel=0.002)
