"""Reach in DuckDB: the same figures as the reference rules, under any filter."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.analytics.reach import LINE_SCHEMA, ReachFilters, reach, total
from trayecto.domain.five_w import ConsolidationRule, ReachLine, consolidate

MUNICIPALITIES = ["81001", "81065", "54001", "54498"]
line_rows = st.lists(
    st.fixed_dictionaries(
        {
            "submission_id": st.integers(1, 4),
            "line_id": st.integers(1, 10_000),
            "org": st.sampled_from(["nrc", "unicef", "savethechildren"]),
            "activity": st.sampled_from(["EDU-01", "EDU-04", "EDU-09"]),
            "municipality": st.sampled_from(MUNICIPALITIES),
            "population_group": st.sampled_from(["transito", "comunidad_acogida"]),
            "sex": st.sampled_from(["f", "m", "u"]),
            "age": st.sampled_from(["0-5", "6-11", "u"]),
            "month": st.sampled_from(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]),
            "new": st.integers(0, 500),
            "status": st.sampled_from(["draft", "submitted", "approved", "published"]),
        }
    ),
    max_size=60,
)
rules = st.sampled_from(list(ConsolidationRule))


def connect(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    rows = [{**r, "department": r["municipality"][:2]} for r in rows]
    con = duckdb.connect()
    con.register("five_w_line", pa.Table.from_pylist(rows, schema=LINE_SCHEMA))
    return con


def reference(rows: list[dict[str, Any]], rule: ConsolidationRule, **only: str) -> int:
    """The pure-Python rule over the lines a filter should select (period 2026-03)."""
    lines = [
        ReachLine(
            r["org"], r["activity"], r["municipality"][:2], r["municipality"],
            r["population_group"], r["sex"], r["age"], r["month"], r["new"],
        )
        for r in rows
        if "2026-01" <= r["month"] <= "2026-03"
        and r["status"] in ("approved", "published")
        and all(r[k] == v for k, v in only.items())
    ]  # fmt: skip
    return consolidate(lines, rule)


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
        population_groups=("transito", "comunidad_acogida"),
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
    from trayecto.analytics.reach import presence

    table = presence(connect(rows), ReachFilters("2026-03")).to_pylist()
    assert [(r["municipality"], r["partners"], r["organizations"]) for r in table] == [
        ("81001", 2, "nrc, unicef"),
        ("81065", 1, "nrc"),
    ]
