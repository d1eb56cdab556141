"""Small-cell suppression of trajectory counts for roles without school-level access."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trayecto.domain import trajectory as rules


def row(**counts: int) -> dict[str, int]:
    base = dict.fromkeys(rules.COUNTS, 0)
    base.update(counts)
    base["enrolled"] = sum(base[n] for n in rules.OUTCOMES)
    return base


def test_counts_from_one_to_four_are_shown_as_less_than_five() -> None:
    shown = rules.suppress({**row(promoted=120, repeated=3, dropped_out=0, graduated=7),
                            **rules.rates(row(promoted=120, repeated=3, graduated=7))})  # fmt: skip
    assert shown["repeated"] == "<5"
    assert (shown["promoted"], shown["dropped_out"], shown["graduated"]) == (120, 0, 7)


def test_the_total_and_the_rates_go_when_an_outcome_is_hidden() -> None:
    counts = row(promoted=120, repeated=3, graduated=7)
    shown = rules.suppress({**counts, **rules.rates(counts)})
    # 130 enrolled − 120 − 7 would give the 3 back; 120 / 92.31 % would give 130
    assert shown["enrolled"] == "<5"
    assert shown["promotion_rate"] is None
    assert shown["dropout_rate"] is None


def test_a_row_without_small_cells_is_shown_whole() -> None:
    counts = row(promoted=120, repeated=9, dropped_out=0, graduated=7)
    assert rules.suppress({**counts, **rules.rates(counts)}) == {**counts, **rules.rates(counts)}


@given(st.lists(st.integers(0, 12), min_size=4, max_size=4))
def test_no_shown_figure_gives_back_a_hidden_one(values: list[int]) -> None:
    counts = row(**dict(zip(rules.OUTCOMES, values, strict=True)))
    shown = rules.suppress({**counts, **rules.rates(counts)})
    hidden = [n for n in rules.OUTCOMES if shown[n] == "<5"]
    for name in rules.COUNTS:
        assert shown[name] == "<5" or shown[name] == 0 or shown[name] >= 5
    if hidden:
        assert shown["enrolled"] == "<5"
        assert all(shown[r] is None for r in rules.RATES)
