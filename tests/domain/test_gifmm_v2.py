"""The GIFMM 5W v2 layout: its columns are the template's, our cells fall in its six, and
reach counted at its bands is what collapsing does to the max rules (never more; the same
for the sum)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import (
    AGE_BANDS,
    ConsolidationRule,
    PopulationGroup,
    ReachLine,
    Sex,
    reach_by_area,
)


def test_the_columns_are_those_of_the_gifmm_v2_template(shared_data: Path) -> None:
    path = shared_data / "gifmm_reference_catalogs" / "gifmm_5w_export_v2_columns.csv"
    with path.open(encoding="utf-8") as fh:
        reference = [
            r["column_name"] for r in sorted(csv.DictReader(fh), key=lambda r: int(r["position"]))
        ]
    assert list(gifmm_v2.COLUMNS) == reference
    assert set(gifmm_v2.NEW_CELL_COLUMNS.values()) <= set(reference)
    assert set(gifmm_v2.GROUP_COLUMNS.values()) <= set(reference)


@pytest.mark.parametrize("age", sorted(AGE_BANDS))
@pytest.mark.parametrize("sex", [s.value for s in Sex])
def test_every_cell_falls_in_one_of_the_six_columns(sex: str, age: str) -> None:
    cell = gifmm_v2.coarse_cell(sex, age)
    assert cell in gifmm_v2.NEW_CELL_COLUMNS
    band = AGE_BANDS[age]
    if age != "u" and band.high is not None and band.high <= 17:
        assert cell[1] == "0-17"
    elif age != "u" and band.low >= 18 and sex in ("f", "m"):
        assert cell == (sex, "18+")
    else:
        assert cell == ("u", "u")
    assert gifmm_v2.coarse_cell(*cell) == cell  # reading the file back changes nothing


def test_a_line_becomes_one_row_per_group_with_its_cells_summed() -> None:
    rows = gifmm_v2.rows_of_line(
        "trayecto-7", org="nrc", activity="EDU-04", department="81", municipality="81001",
        month="2026-03", beneficiaries=40,
        group_cells={"transito:f:0-5": 4, "transito:f:6-11": 6, "transito:m:18-59": 2,
                     "desplazados_internos:u:u": 3, "vocacion_permanencia:o:60+": 1},
    )  # fmt: skip
    assert [(r.line, r.group, dict(r.cells), r.total) for r in rows] == [
        ("trayecto-7-sin_especificar", "sin_especificar", {("u", "u"): 3}, 3),
        ("trayecto-7-transito", "transito", {("f", "0-17"): 10, ("m", "18+"): 2}, 12),
        ("trayecto-7-vocacion_permanencia", "vocacion_permanencia", {("u", "u"): 1}, 1),
    ]
    (single,) = gifmm_v2.rows_of_line(
        "trayecto-8", org="nrc", activity="EDU-04", department="81", municipality="81001",
        month="2026-03", beneficiaries=25, group_cells={"transito:f:0-5": 4},
    )  # fmt: skip
    assert (single.line, single.total, single.new) == ("trayecto-8", 25, 4)
    (recurrent,) = gifmm_v2.rows_of_line(
        "trayecto-9", org="nrc", activity="EDU-04", department="81", municipality="81001",
        month="2026-03", beneficiaries=30, group_cells={}, group="pendular",
    )  # fmt: skip
    assert (recurrent.group, recurrent.total, recurrent.new) == ("pendular", 30, 0)


def line(org: str, activity: str, sex: str, age: str, new: int, site: str = "") -> ReachLine:
    return ReachLine(
        org=org, activity=activity, department="81", municipality="81001", group="transito",
        sex=sex, age=age, month="2026-03", new=new, site=site,
    )  # fmt: skip


def coarse_rows(lines: list[ReachLine]) -> list[gifmm_v2.Row]:
    return [
        row
        for i, one in enumerate(lines)
        for row in gifmm_v2.rows_of_line(
            str(i),
            org=one.org,
            activity=one.activity,
            department=one.department,
            municipality=one.municipality,
            month=one.month,
            beneficiaries=one.new,
            group_cells={f"{one.group}:{one.sex}:{one.age}": one.new},
        )
    ]


def test_collapsing_the_bands_changes_reach_under_the_max_rule() -> None:
    # Two partners in one municipality: girls of 0-5 with one, girls of 6-11 with the other.
    lines = [line("nrc", "EDU-04", "f", "0-5", 10), line("unicef", "EDU-05", "f", "6-11", 8)]
    rule = ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY
    assert sum(reach_by_area(lines, rule).values()) == 18  # two cells, both counted
    # at GIFMM's bands both are "girls under 18": the larger service is taken
    assert sum(gifmm_v2.coarse_reach(coarse_rows(lines), rule).values()) == 10


SEXES = st.sampled_from([s.value for s in Sex])
AGES = st.sampled_from(sorted(AGE_BANDS))
LINES = st.lists(
    st.builds(
        line,
        st.sampled_from(["nrc", "unicef"]),
        st.sampled_from(["EDU-04", "EDU-05"]),
        SEXES,
        AGES,
        st.integers(0, 50),
        st.sampled_from(["", "181001000011", "nombre:la esperanza"]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_coarse_reach_is_never_more_and_the_sum_rule_is_unchanged(lines: list[ReachLine]) -> None:
    rows = coarse_rows(lines)
    for rule in ConsolidationRule:
        fine = sum(reach_by_area(lines, rule).values())
        coarse = sum(gifmm_v2.coarse_reach(rows, rule).values())
        if rule is ConsolidationRule.SUM_NEW:
            assert coarse == fine
        else:
            assert coarse <= fine


def test_groups_without_a_gifmm_column_are_unspecified() -> None:
    assert gifmm_v2.exported_group(PopulationGroup.IDP.value) == "sin_especificar"
    assert gifmm_v2.exported_group(PopulationGroup.IN_TRANSIT.value) == "transito"
