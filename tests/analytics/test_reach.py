"""Reach in DuckDB: the same figures as the reference rules, under any filter."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.analytics.reach import (
    BREAKDOWNS,
    ReachFilters,
    presence,
    reach,
    total,
)
from trayecto.domain.five_w import (
    REACH_LEVELS,
    ConsolidationRule,
    ReachLine,
    consolidate,
    reach_by_area,
)
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

MUNICIPALITIES = ["81001", "81065", "54001", "54498"]
ORGS = ["nrc", "unicef", "savethechildren"]
ACTIVITIES = ["EDU-01", "EDU-04", "EDU-09"]
GROUPS = ["transito", "comunidad_acogida", "sin_especificar"]
SEXES = ["f", "m", "u"]
AGES = ["0-5", "6-11", "u"]
line_rows = st.lists(
    st.fixed_dictionaries(
        {
            "submission_id": st.integers(1, 4),
            "line_id": st.integers(1, 10_000),
            "org": st.sampled_from(ORGS),
            "activity": st.sampled_from(ACTIVITIES),
            "municipality": st.sampled_from(MUNICIPALITIES),
            "population_group": st.sampled_from(GROUPS),
            "sex": st.sampled_from(SEXES),
            "age": st.sampled_from(AGES),
            "month": st.sampled_from(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]),
            "new": st.integers(0, 500),
            "status": st.sampled_from(["draft", "submitted", "approved", "published"]),
            "site": st.sampled_from(["", "181001000123", "nombre:escuela la paz"]),
        }
    ),
    max_size=60,
)


@st.composite
def overlapping_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Lines that repeat a few services (partner × activity × cell) across municipalities,
    sites and months, so that every rule's maximum and sums meet: independent random lines
    rarely share a cell, and a rule maximising over the wrong unit would go unnoticed."""
    services = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "org": st.sampled_from(ORGS),
                    "activity": st.sampled_from(ACTIVITIES),
                    "population_group": st.sampled_from(GROUPS[:2]),
                    "sex": st.sampled_from(SEXES[:2]),
                    "age": st.just("6-11"),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    places = st.fixed_dictionaries(
        {
            "submission_id": st.just(1),
            "line_id": st.integers(1, 10_000),
            "municipality": st.sampled_from(MUNICIPALITIES),
            "month": st.sampled_from(["2026-01", "2026-02", "2026-03"]),
            "new": st.integers(0, 500),
            "status": st.sampled_from(["approved", "published"]),
            "site": st.sampled_from(["", "181001000123", "nombre:escuela la paz"]),
        }
    )
    pairs = draw(st.lists(st.tuples(st.sampled_from(services), places), min_size=2, max_size=30))
    return [{**service, **place} for service, place in pairs]


any_rows = st.one_of(line_rows, overlapping_rows())
rules = st.sampled_from(list(ConsolidationRule))


def _subset(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    """No restriction half of the time, so that filtered examples still have lines."""
    some = st.lists(st.sampled_from(values), unique=True, min_size=1, max_size=len(values))
    return st.one_of(st.just(()), some.map(tuple))


filters = st.builds(
    ReachFilters,
    period=st.sampled_from(["2026-03", "2026-02", "2026-04", "2025-12"]),
    statuses=st.sampled_from(
        [("approved", "published"), ("submitted", "approved", "published"), ("published",)]
    ),
    departments=_subset(["81", "54"]),
    municipalities=_subset(MUNICIPALITIES),
    orgs=_subset(ORGS),
    activities=_subset(ACTIVITIES),
    population_groups=_subset(GROUPS),
    sexes=_subset(SEXES),
    ages=_subset(AGES),
    breakdown=_subset(["population_group", "sex", "age"]),
)


def reach_lines(rows: list[dict[str, Any]], filters: ReachFilters) -> list[ReachLine]:
    """The line cells the filters select, as the reference rules see them."""
    lines = [
        ReachLine(
            r["org"], r["activity"], r["municipality"][:2], r["municipality"],
            r["population_group"], r["sex"], r["age"], r["month"], r["new"], r["site"],
        )
        for r in rows
    ]  # fmt: skip
    return [line for line, r in zip(lines, rows, strict=True) if filters.selects(line, r["status"])]


@settings(max_examples=150, deadline=None)
@given(overlapping_rows(), rules, st.sampled_from(REACH_LEVELS), _subset(list(BREAKDOWNS)))
def test_sql_equals_the_reference_rule_area_by_area_and_cell_by_cell(
    rows: list[dict[str, Any]], rule: ConsolidationRule, level: str, breakdown: tuple[str, ...]
) -> None:
    """Not only the total: an SQL that maximises over the wrong unit (the municipality instead
    of the department, the line instead of the site) gives other areas or cells and fails."""
    chosen = ReachFilters("2026-03", breakdown=breakdown)
    table = reach(connect(rows), chosen, level=level, rule=rule).to_pylist()
    found = {(r["area_code"], r["population_group"], r["sex"], r["age"]): r["value"] for r in table}
    expected = reach_by_area(reach_lines(rows, chosen), rule, level=level, breakdown=breakdown)
    assert found == expected


@settings(max_examples=150, deadline=None)
@given(any_rows, rules, filters, st.sampled_from(REACH_LEVELS))
def test_sql_equals_the_reference_rule_under_any_filter(
    rows: list[dict[str, Any]], rule: ConsolidationRule, chosen: ReachFilters, level: str
) -> None:
    table = reach(connect(rows), chosen, level=level, rule=rule).to_pylist()
    found = {(r["area_code"], r["population_group"], r["sex"], r["age"]): r["value"] for r in table}
    expected = reach_by_area(
        reach_lines(rows, chosen), rule, level=level, breakdown=chosen.breakdown
    )
    assert found == expected


@settings(max_examples=100, deadline=None)
@given(any_rows, filters)
def test_presence_follows_every_filter_of_reach(
    rows: list[dict[str, Any]], chosen: ReachFilters
) -> None:
    """The 3W table counts the lines reach counts: same states, months and scope (it ignored
    the municipality, partner and activity filters before)."""
    table = presence(connect(rows), chosen).to_pylist()
    found = {r["municipality"]: r["organizations"] for r in table}
    orgs: dict[str, set[str]] = {}
    for line in reach_lines(rows, chosen):
        orgs.setdefault(line.municipality, set()).add(line.org)
    assert found == {m: ", ".join(sorted(names)) for m, names in orgs.items()}


def connect(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    rows = [{"site": "", **r, "department": r["municipality"][:2]} for r in rows]
    con = duckdb.connect()
    con.register("five_w_line", pa.Table.from_pylist(rows, schema=LINE_SCHEMA))
    return con


def reference(rows: list[dict[str, Any]], rule: ConsolidationRule) -> int:
    """The pure-Python rule over the lines of the default filters (period 2026-03)."""
    return consolidate(reach_lines(rows, ReachFilters("2026-03")), rule)


@settings(max_examples=40, deadline=None)
@given(line_rows, rules)
def test_sql_and_reference_rules_agree(rows: list[dict[str, Any]], rule: ConsolidationRule) -> None:
    assert total(connect(rows), ReachFilters("2026-03"), rule) == reference(rows, rule)


@settings(max_examples=40, deadline=None)
@given(line_rows, rules)
def test_a_filter_selecting_everything_returns_the_unfiltered_total(
    rows: list[dict[str, Any]], rule: ConsolidationRule
) -> None:
    con = connect(rows)
    everything = ReachFilters(
        "2026-03",
        departments=("81", "54"),
        municipalities=tuple(MUNICIPALITIES),
        orgs=("nrc", "unicef", "savethechildren"),
        population_groups=tuple(GROUPS),
        sexes=("f", "m", "u"),
        ages=("0-5", "6-11", "u"),
    )
    assert total(con, everything, rule) == total(con, ReachFilters("2026-03"), rule)


@settings(max_examples=40, deadline=None)
@given(line_rows, rules, st.sampled_from(["81", "54"]))
def test_one_department_returns_exactly_its_lines(
    rows: list[dict[str, Any]], rule: ConsolidationRule, department: str
) -> None:
    con = connect(rows)
    filtered = total(con, ReachFilters("2026-03", departments=(department,)), rule)
    own = [r for r in rows if r["municipality"].startswith(department)]
    assert filtered == total(connect(own), ReachFilters("2026-03"), rule)
    by_level = reach(con, ReachFilters("2026-03"), level="department", rule=rule).to_pylist()
    assert sum(r["value"] for r in by_level if r["area_code"] == department) == filtered


@settings(max_examples=40, deadline=None)
@given(line_rows)
def test_sex_and_age_cells_add_up_to_the_total(rows: list[dict[str, Any]]) -> None:
    con = connect(rows)
    cells = reach(con, ReachFilters("2026-03", breakdown=("population_group", "sex", "age")))
    assert sum(cells.column("value").to_pylist()) == total(con, ReachFilters("2026-03"))
    for sex in ("f", "m", "u"):
        one = total(con, ReachFilters("2026-03", sexes=(sex,)))
        assert one == sum(r["value"] for r in cells.to_pylist() if r["sex"] == sex)


@settings(max_examples=40, deadline=None)
@given(line_rows, line_rows, rules)
def test_drafts_never_move_published_figures(
    rows: list[dict[str, Any]], more: list[dict[str, Any]], rule: ConsolidationRule
) -> None:
    drafts = [{**r, "status": "draft"} for r in more]
    before = total(connect(rows), ReachFilters("2026-03"), rule)
    assert total(connect(rows + drafts), ReachFilters("2026-03"), rule) == before


def test_cumulative_reach_counts_only_the_plan_year_up_to_the_period() -> None:
    base = {
        "submission_id": 1, "line_id": 1, "org": "nrc", "activity": "EDU-04",
        "municipality": "81001", "population_group": "transito", "sex": "f", "age": "6-11",
        "status": "published",
    }  # fmt: skip
    rows = [
        {**base, "month": "2025-12", "new": 1000},  # last plan year
        {**base, "month": "2026-01", "new": 100},
        {**base, "month": "2026-02", "new": 20},
        {**base, "month": "2026-04", "new": 7},  # after the period
        {**base, "org": "unicef", "month": "2026-02", "new": 90},  # same children, likely
    ]
    con = connect(rows)
    assert total(con, ReachFilters("2026-03")) == 120
    assert total(con, ReachFilters("2026-04")) == 127
    assert total(con, ReachFilters("2026-03"), ConsolidationRule.SUM_NEW) == 210
    submitted = ReachFilters("2026-03", statuses=("submitted", "approved", "published"))
    assert total(con, submitted) == 120


def test_presence_lists_partners_per_municipality() -> None:
    base = {
        "submission_id": 1, "line_id": 1, "activity": "EDU-04", "population_group": "transito",
        "sex": "f", "age": "6-11", "month": "2026-02", "new": 3, "status": "published",
    }  # fmt: skip
    rows = [
        {**base, "org": "nrc", "municipality": "81001"},
        {**base, "org": "unicef", "municipality": "81001", "activity": "EDU-09"},
        {**base, "org": "nrc", "municipality": "81065"},
        {**base, "org": "savethechildren", "municipality": "81065", "status": "draft"},
    ]
    table = presence(connect(rows), ReachFilters("2026-03")).to_pylist()
    assert [(r["municipality"], r["partners"], r["organizations"]) for r in table] == [
        ("81001", 2, "nrc, unicef"),
        ("81065", 1, "nrc"),
    ]


def test_max_department_sums_a_service_over_the_municipalities_before_the_maximum() -> None:
    """One partner, one activity in three municipalities of a department: the department
    counts the sum of its municipalities (the service reached them all), not the largest."""
    base = {
        "submission_id": 1, "line_id": 1, "org": "nrc", "activity": "EDU-04",
        "population_group": "transito", "sex": "f", "age": "6-11", "month": "2026-02",
        "status": "published",
    }  # fmt: skip
    rows = [
        {**base, "municipality": "54001", "new": 100},
        {**base, "municipality": "54498", "new": 70},
        {**base, "municipality": "54874", "new": 30, "month": "2026-03"},
        # another partner's activity in one municipality: the maximum meets the sum above
        {**base, "org": "unicef", "municipality": "54001", "new": 150},
        {**base, "municipality": "81001", "new": 40},
    ]
    con = connect(rows)
    rule = ConsolidationRule.MAX_DEPARTMENT
    by_department = reach(con, ReachFilters("2026-03"), level="department", rule=rule)
    assert by_department.to_pylist() == [
        {"area_code": "54", "population_group": "", "sex": "", "age": "", "value": 200},
        {"area_code": "81", "population_group": "", "sex": "", "age": "", "value": 40},
    ]
    assert total(con, ReachFilters("2026-03"), rule) == 240
    # the default rule takes the maximum in each municipality instead: 150 + 70 + 30 + 40
    assert total(con, ReachFilters("2026-03")) == 290


def test_max_site_keeps_the_largest_line_of_each_site_and_cell() -> None:
    base = {
        "submission_id": 1, "line_id": 1, "org": "nrc", "activity": "EDU-04",
        "municipality": "81001", "population_group": "transito", "sex": "f", "age": "6-11",
        "status": "published",
    }  # fmt: skip
    school, other = "181001000123", "nombre:escuela la paz"
    rows = [
        {**base, "site": school, "month": "2026-01", "new": 100},
        {**base, "site": school, "month": "2026-02", "new": 60},  # same school, next month
        {**base, "site": school, "org": "unicef", "activity": "EDU-09", "month": "2026-02",
         "new": 120},  # another partner at the same school
        {**base, "site": other, "month": "2026-02", "new": 50},
        {**base, "site": other, "month": "2026-02", "new": 5, "sex": "m"},
        {**base, "site": "", "month": "2026-03", "new": 30},  # no site: its municipality
    ]  # fmt: skip
    con = connect(rows)
    assert total(con, ReachFilters("2026-03"), ConsolidationRule.MAX_SITE) == 120 + 50 + 5 + 30
    # the default rule: services summed over months (nrc 100 + 60 + 50 + 30), then the maximum
    assert total(con, ReachFilters("2026-03")) == 240 + 5
