"""The trend chart chooses its areas openly, never repeats a colour and marks each status."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.reports.indicator_chart import (
    MAX_SERIES,
    STATUS_SHAPES,
    ChartLabels,
    chosen_areas,
    trend_spec,
    value_format,
)


def row(code: str, year: int, value: float | None, status: str = "observed") -> dict[str, Any]:
    return {
        "area_code": code,
        "area_name": f"Área {code}",
        "year": year,
        "value": value,
        "provenance": {"status": status},
        "published_value": None,
    }


DEPARTMENTS = [f"{n:02d}" for n in range(5, 100, 3)]  # 32 codes, some of them priority


def test_priority_departments_come_first_even_with_small_values() -> None:
    rows = [row(code, 2022, 1000.0 + int(code)) for code in DEPARTMENTS]
    rows += [row(code, 2022, 1.0) for code in PRIORITY_DEPARTMENTS]
    shown = chosen_areas(rows, priority=PRIORITY_DEPARTMENTS)
    assert len(shown) == MAX_SERIES
    assert set(shown[: len(PRIORITY_DEPARTMENTS)]) == set(PRIORITY_DEPARTMENTS)
    others = [code for code in DEPARTMENTS if code not in PRIORITY_DEPARTMENTS]
    largest = sorted(others, key=lambda c: -int(c))[: MAX_SERIES - len(PRIORITY_DEPARTMENTS)]
    assert shown[len(PRIORITY_DEPARTMENTS) :] == largest


def test_sede_and_municipality_codes_belong_to_their_department() -> None:
    rows = [row("127001000001", 2025, 1.0), row("105001000001", 2025, 99.0)]
    rows += [row("27001", 2025, 1.0), row("05001", 2025, 99.0)]
    assert chosen_areas(rows, priority={"27"}, limit=2) == ["127001000001", "27001"]


@given(st.lists(st.sampled_from(DEPARTMENTS), min_size=1, max_size=40))
def test_the_chart_says_when_it_cut_and_never_repeats_a_colour(codes: list[str]) -> None:
    rows = [row(code, 2020 + i % 3, float(i)) for i, code in enumerate(codes)]
    chart = trend_spec(
        rows, title="t", unit="percent", unit_label="%", labels=ChartLabels(), priority={"81"}
    )
    distinct = len(set(codes))
    assert chart.total == distinct
    assert chart.shown == min(distinct, MAX_SERIES)
    assert chart.cut is (distinct > MAX_SERIES)
    drawn = {v["area"] for v in chart.spec["data"]["values"]}
    assert len(drawn) == chart.shown
    color = chart.spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["scheme"] == "tableau20"  # twenty colours for at most twelve lines
    assert len(color["sort"]) == chart.shown


def test_each_status_has_its_own_mark_and_name() -> None:
    labels = ChartLabels(statuses={"observed": "observed", "computed": "computed",
                                   "estimated": "estimated"})  # fmt: skip
    rows = [
        row("81", 2020, 1.0),
        row("81", 2021, 2.0, "computed"),
        row("81", 2022, 3.0, "estimated"),
    ]
    spec = trend_spec(rows, title="t", unit="percent", unit_label="%", labels=labels).spec
    shape = spec["layer"][1]["encoding"]["shape"]["scale"]
    assert shape["domain"] == ["observed", "computed", "estimated"]
    assert len(set(shape["range"])) == len(STATUS_SHAPES) == 3
    assert [v["status"] for v in spec["data"]["values"]] == ["observed", "computed", "estimated"]
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert dash["range"][0] != dash["range"][1]  # the estimated stretch is dashed


def test_counts_have_no_decimals_and_rates_two() -> None:
    assert value_format("persons") == ",.0f"
    assert value_format("percent") == ",.2f"
    tooltip = trend_spec(
        [row("81", 2020, 5.0), row("81", 2021, 6.0)],
        title="t", unit="persons", unit_label="personas", labels=ChartLabels(),
    ).spec["layer"][1]["encoding"]["tooltip"]  # fmt: skip
    assert {t["title"] for t in tooltip} == {"área", "año", "valor", "estado", "publicado"}
    assert next(t for t in tooltip if t["field"] == "value")["format"] == ",.0f"
