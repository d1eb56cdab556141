"""The ETC report's cooperation month by month, over published 5W lines the test writes
(synthetic: two partners in two municipalities of Arauca): people reached since January
without double counting, those added each month, partners and activities reporting; lines
not published and lines elsewhere stay out. The table reaches the HTML and the annex."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow as pa
import pytest

from tests.support.official_data import official_warehouse
from trayecto.analytics import etc_report
from trayecto.reports import etc_report as render
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

ARAUCA_ETC = "3824"


def line(
    org: str, activity: str, municipality: str, month: str, new: int, **extra: Any
) -> dict[str, Any]:
    return {
        "submission_id": 1, "line_id": 1, "org": org, "activity": activity, "department": "81",
        "municipality": municipality, "population_group": "migrante", "sex": "f", "age": "6-11",
        "month": month, "new": new, "status": extra.get("status", "published"), "site": "",
    }  # fmt: skip


def lines() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    rows = [
        line("nrc", "EDU-01", "81001", "2025-01", 100),
        line("nrc", "EDU-01", "81001", "2025-03", 0),  # the same children again: no one new
        line("unicef", "EDU-04", "81736", "2025-03", 30),
        line("unicef", "EDU-04", "81736", "2025-02", 999, status="approved"),  # not published
        line("nrc", "EDU-01", "54001", "2025-02", 500),  # Cúcuta: another ETC
    ]
    con.register("five_w_line", pa.Table.from_pylist(rows, schema=LINE_SCHEMA))
    return con


def test_reach_month_by_month_is_cumulative_and_counts_who_reported() -> None:
    months = etc_report.by_month(lines(), {"81001", "81736", "81065"}, 2025)
    assert [m["month"] for m in months] == ["2025-01", "2025-02", "2025-03"]
    assert [m["reached"] for m in months] == [100, 100, 130]
    assert [m["added"] for m in months] == [100, 0, 30]
    assert [m["partners"] for m in months] == [1, 0, 2]
    assert [m["activities"] for m in months] == [1, 0, 2]
    assert etc_report.by_month(lines(), {"81001"}, 2024) == []


def test_the_table_reaches_the_report_and_the_annex(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = etc_report.gather(
        official_warehouse(shared_data, tmp_path_factory.getbasetemp()), ARAUCA_ETC, 2025
    )
    codes = {m["code"] for m in data["institutional"]["municipalities"]}
    data["cooperation"] = etc_report.cooperation(lines(), {"five_w_line"}, codes, 2025)
    page = render.render_html(data, "es")
    block = page.split("Cooperación mes a mes")[1]
    assert "<td>2025-03</td>" in block
    assert '<td class="num">130</td>' in block
    annex = io.BytesIO()
    render.render_xlsx(data, annex, "es")
    sheet = openpyxl.load_workbook(annex)["cooperacion por mes"]
    assert [c.value for c in sheet[1]][:3] == ["Mes", "Alcanzadas desde enero", "Nuevas en el mes"]
    assert [c.value for c in sheet[4]][:3] == ["2025-03", 130, 30]
