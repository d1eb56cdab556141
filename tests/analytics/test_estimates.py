"""Estimates: only on request, stored apart, labelled; checked against published figures."""

from __future__ import annotations

import pyarrow as pa
import pytest

from trayecto.analytics import compute, estimates, registry
from trayecto.warehouse import Warehouse


def test_dane_ratio_reproduces_men_population_2023_2024(official: Warehouse) -> None:
    # MEN's departmental POBLACIÓN_5_16 for 2023–2024 (not in the municipal file) is DANE's
    # projection; scaling each municipality's 2022 value by DANE's change must give it.
    rows = estimates.estimate(
        official, compute.Query("poblacion_5_16", "department"), method="dane_ratio"
    )
    later = [r for r in rows if r["year"] in (2023, 2024)]
    assert len(later) == 66
    for r in later:
        assert r["provenance"]["status"] == "estimated"
        assert r["provenance"]["estimate_method"] == "dane_ratio"
        assert r["value"] == pytest.approx(r["published_value"], abs=0.5), r
    stored = official.read("indicator_estimate")
    assert set(stored.column("status").to_pylist()) == {"estimated"}
    observed_years = set(official.read("official_population_5_16").column("year").to_pylist())
    assert 2024 in observed_years  # the departmental file's own 2024 rows …
    municipal = compute.run(official, compute.Query("poblacion_5_16", "municipality", year=2024))
    assert municipal == []  # … but no municipal 2024 row was written into observed tables


def test_observed_values_are_never_replaced(official: Warehouse) -> None:
    observed = {
        (r["area_code"], r["year"]): r["value"]
        for r in compute.run(official, compute.Query("cobertura_neta", "municipality", area="05"))
    }
    estimated = estimates.estimate(
        official, compute.Query("cobertura_neta", "municipality", area="05"), method="linear"
    )
    for r in estimated:
        if r["provenance"]["status"] == "observed":
            assert observed[(r["area_code"], r["year"])] == r["value"]
    filled = [r for r in estimated if r["provenance"]["status"] == "estimated"]
    assert filled  # some Antioquia municipalities lack a year inside their series
    assert all("linear interpolation between" in r["provenance"]["method"] for r in filled)


def test_estimating_twice_on_the_same_data_publishes_once(official: Warehouse) -> None:
    query = compute.Query("desercion", "nation")
    estimates.estimate(official, query, method="carry_forward")
    version = official.manifest().version
    estimates.estimate(official, query, method="carry_forward")
    assert official.manifest().version == version


def synthetic_base() -> pa.Table:
    # One municipality observed in 2018 and 2021 (synthetic).
    return pa.table(
        {
            "level": ["municipality"] * 2,
            "area_code": ["05001"] * 2,
            "year": [2018, 2021],
            "sex": pa.array([None, None], pa.string()),
            "numerator": [50.0, 80.0],
            "denominator": [100.0, 100.0],
            "value": [50.0, 80.0],
            "status": ["observed"] * 2,
            "method": ["m"] * 2,
            "source": ["s"] * 2,
            "vintage": ["v"] * 2,
        }
    )


def test_linear_interpolation_fills_interior_years_only() -> None:
    rows = estimates.estimate_rows(
        registry.get("cobertura_neta"), synthetic_base(), "linear", {("05001", 2022): 1.0}
    )
    assert [(r["year"], r["value"]) for r in rows] == [(2019, 60.0), (2020, 70.0)]


def test_carry_forward_fills_later_years_only() -> None:
    rows = estimates.estimate_rows(
        registry.get("cobertura_neta"), synthetic_base(), "carry_forward", {("05001", 2023): 1.0}
    )
    assert [(r["year"], r["value"]) for r in rows] == [(2022, 80.0), (2023, 80.0)]
