"""UIS's reconstructed cohort in plain Python (domain/trajectory_uis.py): the rates and the
flow follow UIS's formulas, the flow of many years ends at the closed form, and roles
without school-level access see no rate made from a count of 1 to 4."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayecto.domain import trajectory as rules
from trayecto.domain import trajectory_uis as uis

S = "181001000001"


def test_rates_are_uis_promotion_repetition_and_dropout() -> None:
    counts = uis.GradeCounts(
        enrolled={1: 100, 2: 50},
        enrolled_next={1: 70, 2: 90, 3: 45},
        repeaters_next={1: 10, 2: 10, 3: 5},
    )
    rates = uis.flow_rates(counts)
    assert rates[1].promotion == pytest.approx(0.8)  # (90 − 10) / 100
    assert rates[1].repetition == pytest.approx(0.1)  # 10 / 100
    assert rates[1].dropout == pytest.approx(0.1)
    assert rates[2].promotion == pytest.approx(0.8)  # (45 − 5) / 50
    assert rates[2].repetition == pytest.approx(0.2)
    assert rates[2].dropout == pytest.approx(0.0)
    # one year: 1,000 × 0.8 reach grade 2; two years: + the 100 repeaters × 0.8
    assert uis.reconstruct(rates, 1, 1)[2] == pytest.approx(800)
    assert uis.reconstruct(rates, 1, 2)[2] == pytest.approx(880)
    assert uis.reconstruct(rates, 1, 2)[3] == pytest.approx(640)  # 800 × 0.8
    final = uis.eventually(rates, 1)
    assert final[2] == pytest.approx(1000 * 0.8 / 0.9)
    assert final[3] == pytest.approx(1000 * 0.8 / 0.9 * 0.8 / 0.8)
    assert final[4] is None  # grade 3 had no pupils in t: no rates to flow through
    shown = uis.survival(counts, 1, 2)
    assert [(s["grade"], s["by_last_year"], s["eventual"]) for s in shown["survival"][:4]] == [
        (1, 100.0, 100.0), (2, 88.0, 88.89), (3, 64.0, 88.89), (4, None, None)
    ]  # fmt: skip


def test_grade_counts_take_each_year_where_the_student_was_and_repeaters_by_link() -> None:
    other = "181736000001"
    rows = [
        rules.Record(2023, "a", "ana", S, 1, "matriculado", 1),
        rules.Record(2024, "a", "ana", S, 1, "matriculado", 1),  # repeater in grade 1
        rules.Record(2023, "nes", "eva", S, 2, "matriculado", 1),
        rules.Record(2024, "ppt", "eva", other, 2, "matriculado", 2),  # promoted, moved
        rules.Record(2024, "new", "leo", other, 3, "matriculado", 2),  # arrived: no link
        rules.Record(2023, "b", "raul", S, 4, "matriculado", 3),
        rules.Record(2024, "b", "raul", S, 4, "matriculado", 2),  # went down: no repeater
    ]
    counts = uis.grade_counts(rows, 2023, lambda r: r.municipality_code)
    assert counts["81001"] == uis.GradeCounts(
        enrolled={1: 2, 3: 1}, enrolled_next={1: 1, 2: 1}, repeaters_next={1: 1}
    )
    assert counts["81736"] == uis.GradeCounts(enrolled_next={2: 2})
    nation = uis.grade_counts(rows, 2023, lambda r: "CO")["CO"]
    # the arrival counts as a promotee of grade 1: p = (3 − 0) / 2
    assert uis.flow_rates(nation)[1].promotion == pytest.approx(1.5)
    assert uis.flow_rates(nation)[1].dropout == pytest.approx(-1.0)


shares = st.floats(0, 1, allow_nan=False)


@given(
    entry=st.integers(0, 11),
    promotion=st.lists(shares, min_size=11, max_size=11),
    repetition=st.lists(st.floats(0, 0.6), min_size=11, max_size=11),
)
def test_the_flow_grows_with_the_years_towards_the_closed_form(
    entry: int, promotion: list[float], repetition: list[float]
) -> None:
    rates = {
        g: uis.FlowRates(p * (1 - r), r)
        for g, (p, r) in enumerate(zip(promotion, repetition, strict=True))
    }
    final = uis.eventually(rates, entry)
    before = uis.reconstruct(rates, entry, 0)
    assert before == {g: (1000.0 if g == entry else 0.0) for g in range(entry, 12)}
    for years in (1, 3, 12):
        now = uis.reconstruct(rates, entry, years)
        for g in now:
            assert now[g] is not None
            assert before[g] is not None
            assert final[g] is not None
            assert before[g] - 1e-9 <= now[g] <= final[g] + 1e-6
        before = now
    long = uis.reconstruct(rates, entry, 400)
    for g in long:
        assert long[g] == pytest.approx(final[g], rel=1e-6, abs=1e-6)
    for g in range(entry + 1, 12):  # no one arrives: no grade gains on the one before it
        assert final[g] <= final[g - 1] + 1e-9


def test_roles_without_school_access_see_no_rate_made_from_a_small_count() -> None:
    counts = uis.GradeCounts(
        enrolled={1: 100, 2: 40, 3: 30},
        enrolled_next={1: 12, 2: 90, 3: 36, 4: 30},
        repeaters_next={1: 10, 2: 10, 3: 3},
    )
    found = uis.survival(counts, 1, 2)
    shown = uis.suppress(found)
    by_grade = {r["grade"]: r for r in shown["rates"]}
    assert by_grade[1]["promotion_rate"] == found["rates"][0]["promotion_rate"]
    assert by_grade[2]["repeaters_next_in_next_grade"] == rules.SUPPRESSED
    assert by_grade[2]["promotion_rate"] is None
    assert by_grade[2]["dropout_rate"] is None
    assert by_grade[3]["repeaters_next"] == rules.SUPPRESSED
    steps = {s["grade"]: s for s in shown["survival"]}
    assert steps[2] == next(s for s in found["survival"] if s["grade"] == 2)
    assert steps[3]["by_last_year"] is None
    assert steps[3]["eventual"] is None
    assert steps[11]["eventual"] is None
