"""A line that splits its new beneficiaries over several population groups is de-duplicated
group by group (issue 7), on the synthetic GIFMM workbook tests/data/gifmm_5w_grupos_sintetico.xlsx
(written by the script beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from trayecto.analytics.reach import ReachFilters, reach
from trayecto.domain.five_w import DEFAULT_RULE, PopulationGroup, Sex
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w import FiveWLine, read_five_w
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

WORKBOOK = Path(__file__).parents[1] / "data" / "gifmm_5w_grupos_sintetico.xlsx"
DOC = Path(__file__).parents[2] / "docs" / "methodology" / "reach.md"
CUCUTA, VILLA_DEL_ROSARIO = "54001", "54874"


def rows(lines: list[FiveWLine], *, by_group: bool) -> list[dict[str, Any]]:
    """Warehouse rows: by group × sex × age cells, or as lines were stored before (the whole
    line under its one group, `sin_especificar` for a line split over groups)."""

    def cells(line: FiveWLine) -> dict[tuple[str, Sex, str], int]:
        if by_group:
            return line.group_cells
        return {(line.population_group, sex, age): n for (sex, age), n in line.cells.items()}

    return [
        {"submission_id": 1, "line_id": line.row, "org": line.org, "activity": line.activity,
         "department": line.department, "municipality": line.municipality,
         "population_group": group, "sex": sex.value, "age": age, "month": line.month,
         "new": new, "status": "published", "site": ""}
        for line in lines
        for (group, sex, age), new in cells(line).items()
    ]  # fmt: skip


def by_area(table_rows: list[dict[str, Any]], level: str) -> dict[str, int]:
    con = duckdb.connect()
    con.register("five_w_line", pa.Table.from_pylist(table_rows, schema=LINE_SCHEMA))
    table = reach(con, ReachFilters("2026-03"), level=level, rule=DEFAULT_RULE)
    return {r["area_code"]: r["value"] for r in table.to_pylist()}


def test_a_line_split_over_groups_meets_single_group_lines(
    colombia_matcher: PlaceMatcher,
) -> None:
    result = read_five_w(WORKBOOK, matcher=colombia_matcher, period="2026-03")
    assert result.profile == "gifmm_v1_1"
    assert (result.report.rows_read, result.report.rows_imported) == (4, 4)
    mixed = result.lines[2]
    assert mixed.population_group == PopulationGroup.UNSPECIFIED
    assert mixed.group_cells == {
        (PopulationGroup.STAYING, Sex.UNKNOWN, "u"): 100,
        (PopulationGroup.HOST, Sex.UNKNOWN, "u"): 20,
    }
    assert result.lines[3].group_cells == {
        (PopulationGroup.IN_TRANSIT, Sex.FEMALE, "0-17"): 40,
        (PopulationGroup.IN_TRANSIT, Sex.MALE, "0-17"): 40,
    }
    before = rows(result.lines, by_group=False)
    after = rows(result.lines, by_group=True)
    assert by_area(before, "municipality") == {CUCUTA: 250, VILLA_DEL_ROSARIO: 80}
    assert by_area(after, "municipality") == {CUCUTA: 160, VILLA_DEL_ROSARIO: 80}
    assert by_area(before, "department") == {"54": 330}
    assert by_area(after, "department") == {"54": 240}
    # the page quotes this example, in Spanish and in English
    page = DOC.read_text(encoding="utf-8")
    assert "Cúcuta sumaba 160 + 90 = 250" in page
    assert "max(100, 70) + max(20, 60) = **160**, y Norte de Santander **240** en vez de 330" in (
        page.replace("\n", " ")
    )
    assert "Cúcuta counts 160 instead of 160 + 90 = 250 and Norte de Santander 240 instead of " \
        "330" in page.replace("\n", " ")  # fmt: skip
