"""The 5W counting rules, one test per rule of issue 4."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayecto.domain.five_w import (
    UNKNOWN_CELL,
    BeneficiaryType,
    ConsolidationRule,
    DisaggregationError,
    OfWhich,
    PopulationGroup,
    ReachLine,
    Sex,
    Status,
    age_band,
    check_of_which,
    consolidate,
    disaggregate,
    new_beneficiary_cells,
    new_beneficiary_group_cells,
    parse_beneficiary_type,
    parse_population_group,
    reach_by_area,
    site_key,
    statuses_at_or_after,
)

F05 = (Sex.FEMALE, "0-5")
M611 = (Sex.MALE, "6-11")


def test_cells_must_add_up_to_the_total() -> None:
    assert disaggregate(10, {F05: 4, M611: 6}).cells == {F05: 4, M611: 6}
    with pytest.raises(DisaggregationError, match="suman 9 y el total es 10"):
        disaggregate(10, {F05: 4, M611: 5})


def test_all_zeros_means_not_disaggregated_and_the_total_is_kept() -> None:
    result = disaggregate(12, {F05: 0, M611: None})
    assert not result.disaggregated
    assert result.cells == {UNKNOWN_CELL: 12}
    assert result.total == 12


def test_negative_cells_are_refused() -> None:
    with pytest.raises(DisaggregationError):
        disaggregate(0, {F05: -1, M611: 1})


def test_of_which_attributes_are_within_the_total_never_added() -> None:
    assert check_of_which(10, {OfWhich.DISABILITY: 10, OfWhich.LGBTI: None}) == []
    (message,) = check_of_which(10, {OfWhich.INDIGENOUS: 11})
    assert "dentro del total" in message


def test_recurrent_lines_bring_no_new_people() -> None:
    cells = disaggregate(10, {F05: 10})
    assert new_beneficiary_cells(BeneficiaryType.RECURRENT, 0, cells, basis_is_new=False) == {}
    assert new_beneficiary_cells(BeneficiaryType.NEW, 10, cells, basis_is_new=False) == {F05: 10}
    # part of the month is new, but the split covers the month: the new split is unknown
    assert new_beneficiary_cells(BeneficiaryType.NEW, 4, cells, basis_is_new=False) == {
        UNKNOWN_CELL: 4
    }


def test_labels_partners_type_are_understood() -> None:
    assert parse_population_group("Comunidades de acogida") is PopulationGroup.HOST
    assert parse_population_group("Con vocación de permanencia") is PopulationGroup.STAYING
    assert parse_population_group("vocacion_permanencia") is PopulationGroup.STAYING
    assert parse_population_group("marcianos") is None
    assert parse_beneficiary_type(" Recurrente ") is BeneficiaryType.RECURRENT
    assert parse_beneficiary_type("") is None


def test_finer_gifmm_bands_sit_inside_the_coarse_ones() -> None:
    assert age_band("0-17").contains(age_band("13-17"))
    assert age_band("18+").contains(age_band("60+"))
    assert not age_band("0-17").contains(age_band("18-59"))


def test_status_minimum_counts_everything_further_on() -> None:
    assert statuses_at_or_after(Status.APPROVED) == (Status.APPROVED, Status.PUBLISHED)
    with pytest.raises(ValueError, match="not a step"):
        statuses_at_or_after(Status.REJECTED)


def line(org: str, activity: str, muni: str, month: str, new: int, sex: str = "f") -> ReachLine:
    return ReachLine(org, activity, muni[:2], muni, "transito", sex, "6-11", month, new)


def test_default_rule_takes_the_max_across_activities_and_partners_per_municipality() -> None:
    lines = [
        line("A", "kits", "81001", "2026-01", 100),
        line("A", "kits", "81001", "2026-02", 20),  # new people in February: added
        line("A", "feeding", "81001", "2026-01", 90),  # probably the same children
        line("B", "kits", "81001", "2026-01", 110),  # another partner, same place
        line("A", "kits", "81065", "2026-01", 50),  # another municipality: added
    ]
    assert consolidate(lines) == 120 + 50
    assert consolidate(lines, ConsolidationRule.SUM_NEW) == 370
    # department level: A's kits in 81 = 170, B's = 110, feeding = 90
    assert consolidate(lines, ConsolidationRule.MAX_DEPARTMENT) == 170


reach_lines = st.lists(
    st.builds(
        ReachLine,
        org=st.sampled_from(["A", "B"]),
        activity=st.sampled_from(["kits", "feeding"]),
        department=st.just("81"),
        municipality=st.sampled_from(["81001", "81065"]),
        group=st.sampled_from(["transito", "comunidad_acogida"]),
        sex=st.sampled_from(["f", "m"]),
        age=st.sampled_from(["0-5", "6-11"]),
        month=st.sampled_from(["2026-01", "2026-02"]),
        new=st.integers(0, 1000),
        site=st.sampled_from(["", "181001000123", "nombre:la paz"]),
    ),
    max_size=40,
)


@given(reach_lines)
def test_every_rule_lies_between_the_largest_line_and_the_plain_sum(
    lines: list[ReachLine],
) -> None:
    largest = max((x.new for x in lines), default=0)
    total = consolidate(lines, ConsolidationRule.SUM_NEW)
    assert total == sum(x.new for x in lines)
    for rule in ConsolidationRule:
        assert largest <= consolidate(lines, rule) <= total


@given(reach_lines)
def test_max_department_lies_between_the_largest_municipality_and_the_default(
    lines: list[ReachLine],
) -> None:
    """Σ_municipality max_service ≥ max_service Σ_municipality ≥ max_municipality max_service:
    the department maximum can never fall to the largest single municipality's figure unless
    one municipality holds everything (the error of issue 7)."""
    department = consolidate(lines, ConsolidationRule.MAX_DEPARTMENT)
    per_municipality = reach_by_area(lines, level="municipality")
    assert max(per_municipality.values(), default=0) <= department <= consolidate(lines)


@given(reach_lines)
def test_one_service_counts_everything_under_max_department(lines: list[ReachLine]) -> None:
    """With one partner and one activity nothing can be double counted across activities: the
    department figure is the sum over its municipalities and months, as under sum_new."""
    one = [x for x in lines if (x.org, x.activity) == ("A", "kits")]
    by_department = consolidate(one, ConsolidationRule.MAX_DEPARTMENT)
    assert by_department == consolidate(one, ConsolidationRule.SUM_NEW)


def test_max_site_takes_the_largest_line_per_site_and_cell() -> None:
    school = "181001000123"
    lines = [
        ReachLine("A", "kits", "81", "81001", "transito", "f", "6-11", "2026-01", 100, school),
        ReachLine("A", "kits", "81", "81001", "transito", "f", "6-11", "2026-02", 30, school),
        ReachLine("B", "meals", "81", "81001", "transito", "f", "6-11", "2026-02", 120, school),
        ReachLine("B", "meals", "81", "81001", "transito", "f", "6-11", "2026-02", 40, "n:x"),
        ReachLine("B", "meals", "81", "81065", "transito", "f", "6-11", "2026-02", 40, school),
    ]
    assert consolidate(lines, ConsolidationRule.MAX_SITE) == 120 + 40 + 40
    assert reach_by_area(lines, ConsolidationRule.MAX_SITE, level="municipality") == {
        ("81001", "", "", ""): 160,
        ("81065", "", "", ""): 40,
    }


def test_a_site_is_its_sede_code_else_its_normalised_name() -> None:
    assert site_key("181001000123", "Escuela La Paz") == "181001000123"
    assert (
        site_key("", "  Escuela  LA PAZ ")
        == site_key("", "escuela la paz")
        == ("nombre:escuela la paz")
    )
    assert site_key("", "") == ""


def test_a_line_split_over_groups_keeps_one_cell_per_group() -> None:
    girls = {(Sex.FEMALE, "0-17"): 120}
    assert new_beneficiary_group_cells(
        "sin_especificar", {"vocacion_permanencia": 100, "comunidad_acogida": 20}, girls
    ) == {
        ("vocacion_permanencia", Sex.FEMALE, "0-17"): 100,
        ("comunidad_acogida", Sex.FEMALE, "0-17"): 20,
    }
    # both splits have several parts: the joint cells are unknown, the groups are kept
    both = {(Sex.FEMALE, "0-17"): 70, (Sex.MALE, "0-17"): 50}
    assert new_beneficiary_group_cells(
        "sin_especificar", {"vocacion_permanencia": 100, "comunidad_acogida": 20}, both
    ) == {
        ("vocacion_permanencia", Sex.UNKNOWN, "u"): 100,
        ("comunidad_acogida", Sex.UNKNOWN, "u"): 20,
    }
    # one group (typed or the only column filled): the sex × age cells under it
    assert new_beneficiary_group_cells("transito", {}, both) == {
        ("transito", Sex.FEMALE, "0-17"): 70,
        ("transito", Sex.MALE, "0-17"): 50,
    }
    assert new_beneficiary_group_cells("sin_especificar", {"pendular": 120}, both) == {
        ("pendular", Sex.FEMALE, "0-17"): 70,
        ("pendular", Sex.MALE, "0-17"): 50,
    }
    # no group breakdown at all stays unspecified
    assert set(new_beneficiary_group_cells("sin_especificar", {}, both)) == {
        ("sin_especificar", Sex.FEMALE, "0-17"),
        ("sin_especificar", Sex.MALE, "0-17"),
    }


cells_by_sex_age = st.dictionaries(
    st.sampled_from([(Sex.FEMALE, "0-17"), (Sex.MALE, "0-17"), (Sex.FEMALE, "18+"), UNKNOWN_CELL]),
    st.integers(1, 500),
    min_size=1,
)


@given(cells_by_sex_age, st.data())
def test_group_cells_keep_every_person_and_every_group(
    cells: dict[tuple[Sex, str], int], data: st.DataObject
) -> None:
    """Whatever the two splits, the group cells add up to the line's new beneficiaries, and
    each group keeps exactly the people the partner gave it."""
    new = sum(cells.values())
    names = data.draw(st.lists(st.sampled_from(list(PopulationGroup)[:5]), unique=True))
    cuts = sorted(data.draw(st.lists(st.integers(0, new), min_size=max(len(names) - 1, 0),
                                     max_size=max(len(names) - 1, 0))))  # fmt: skip
    bounds = [0, *cuts, new]
    groups = {g.value: bounds[i + 1] - bounds[i] for i, g in enumerate(names)} if names else {}
    split = new_beneficiary_group_cells("sin_especificar", groups, cells)
    assert sum(split.values()) == new
    per_group: dict[str, int] = {}
    for (group, _, _), n in split.items():
        per_group[group] = per_group.get(group, 0) + n
    expected = {g: n for g, n in groups.items() if n} or {"sin_especificar": new}
    assert per_group == expected
