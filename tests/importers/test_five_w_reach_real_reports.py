"""Reach over the real Venezuelan cluster reports: re-reported recurrent beneficiaries are not
counted again (the folder README: summing SOCIO_1's monthly totals gives 27 million)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from trayecto.analytics.reach import LINE_SCHEMA, ReachFilters, total
from trayecto.domain.five_w import ConsolidationRule
from trayecto.importers.five_w import read_five_w
from trayecto.importers.five_w_places import CodeTableMatcher


def test_socio_1_reach_is_far_below_the_naive_sum(
    shared_data: Path, venezuela_matcher: CodeTableMatcher
) -> None:
    path = shared_data / "education_cluster_5w_venezuela" / "raw_partner_reports" / "SOCIO_1.xlsx"
    result = read_five_w(path, matcher=venezuela_matcher)
    naive = sum(line.beneficiaries for line in result.lines)
    rows = [
        {"submission_id": 1, "line_id": line.row, "org": line.org, "activity": line.activity,
         "department": line.department, "municipality": line.municipality,
         "population_group": line.population_group, "sex": sex.value, "age": age,
         "month": line.month, "new": new, "status": "published"}
        for line in result.lines
        for (sex, age), new in line.cells.items()
    ]  # fmt: skip
    con = duckdb.connect()
    con.register("five_w_line", pa.Table.from_pylist(rows, schema=LINE_SCHEMA))
    filters = ReachFilters("2020-12")
    new_only = total(con, filters, ConsolidationRule.SUM_NEW)
    reached = total(con, filters)
    assert naive > 20_000_000  # the README's "27 million" (accepted lines only)
    assert new_only == sum(line.new_beneficiaries for line in result.lines)
    assert 0 < reached <= new_only < naive / 5
    assert total(con, filters, ConsolidationRule.MAX_DEPARTMENT) <= reached
