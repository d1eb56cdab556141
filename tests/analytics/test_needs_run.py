"""A needs run on the real official data: every municipality, OCHA's figures beside ours,
the difference explained input by input, and the inputs that are missing named."""

from __future__ import annotations

import pytest

from trayecto.analytics import needs
from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="module")
def result(official: Warehouse) -> needs.NeedsResult:
    return needs.run(official, NeedsParameters(year=2022))


def test_every_municipality_has_a_row_with_ochas_figures_beside(
    result: needs.NeedsResult,
) -> None:
    codes = {r["code"] for r in result.rows}
    assert len(codes) == len(result.rows) >= 1122
    assert {"94663", "27493", "54001"} <= codes
    assert round(result.totals()["official_pin"]) == 3_003_411
    cucuta = next(r for r in result.rows if r["code"] == "54001")
    assert cucuta["name"] == "San José de Cúcuta"
    assert (cucuta["out_of_school_year"], cucuta["migrants_year"]) == (2022, 2022)
    assert cucuta["official_plan_year"] == 2025
    assert cucuta["difference"] == pytest.approx(cucuta["total_pin"] - cucuta["official_pin"])
    # the group populations add up to the DANE school-age population
    assert cucuta["migrant_school_age"] + cucuta["host_school_age"] == pytest.approx(
        cucuta["school_age_population"]
    )


def test_the_missing_inputs_are_named(result: needs.NeedsResult) -> None:
    # the official warehouse has no sede data and no emergency has landed yet
    assert result.missing == ["teachers", "protected_environment"]
    assert result.sources["official"] == "jiaf-hno (HNO 2025)"
    assert result.sources["migrants"].startswith("migracion-venezolanos")
    assert all(r["learning_phase"] is None for r in result.rows)


def test_the_explanation_adds_up_to_the_difference(result: needs.NeedsResult) -> None:
    explained = 0
    for row in result.rows:
        items = needs.explain(row)
        if not items:
            continue
        explained += 1
        assert sum(i["effect"] or 0 for i in items) == pytest.approx(row["difference"], abs=1e-6)
    assert explained > 1100


def test_stricter_thresholds_never_lower_a_severity(official: Warehouse) -> None:
    default = needs.run(official, NeedsParameters(year=2022))
    stricter = needs.run(
        official, NeedsParameters.from_dict({"access": [2, 4, 8, 16], "year": 2022})
    )
    before = {r["code"]: r["severity"] for r in default.rows}
    for row in stricter.rows:
        if row["severity"] is not None:
            assert row["severity"] >= before[row["code"]]
    assert stricter.totals()["pin"] == pytest.approx(default.totals()["pin"])  # shares unchanged


def test_an_empty_warehouse_run_says_so(warehouse: Warehouse) -> None:
    from trayecto.analytics.compute import MissingData

    with pytest.raises(MissingData, match="empty"):
        needs.run(warehouse, NeedsParameters())
