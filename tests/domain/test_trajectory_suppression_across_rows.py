"""Suppression across rows: after `suppress_table`, no hidden count of a table can be worked
out from the shown counts and the sums the table states (each row's enrolled = its outcomes;
the total's count = the parts' counts), checked by linear algebra on random tables."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.domain import trajectory as rules

OUTCOME_VALUES = st.one_of(st.integers(0, 6), st.integers(0, 200))


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        row: dict[str, Any] = {n: draw(OUTCOME_VALUES) for n in rules.OUTCOMES}
        row["enrolled"] = sum(row[n] for n in rules.OUTCOMES)
        for n in ("changed_sede", "changed_municipality", "returned"):
            row[n] = draw(st.integers(0, 8))
        row.update(rules.rates(row))
        parts.append(row)
    total: dict[str, Any] = {n: sum(p[n] for p in parts) for n in rules.COUNTS}
    total.update(rules.rates(total))
    return total, parts


def determined(table: list[dict[str, Any]], shown: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """Hidden cells whose value the stated sums fix: x_k is determined when the unit vector
    e_k lies in the row space of the sums' coefficients on the hidden cells."""
    cells = [(i, n) for i, row in enumerate(shown) for n in rules.COUNTS if isinstance(row[n], str)]
    if not cells:
        return []
    index = {c: k for k, c in enumerate(cells)}
    sums = [[(i, n, 1 if n == "enrolled" else -1) for n in ("enrolled", *rules.OUTCOMES)]
            for i in range(len(table))]  # fmt: skip
    if len(table) > 1:
        sums += [[(0, n, 1)] + [(i, n, -1) for i in range(1, len(table))] for n in rules.COUNTS]
    matrix = np.array(
        [[sum(c for i, n, c in s if index.get((i, n)) == k) for k in range(len(cells))]
         for s in sums],
        dtype=float,
    )  # fmt: skip
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for k, cell in enumerate(cells):
        unit = np.zeros(len(cells))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


@settings(max_examples=200, deadline=None)
@given(table=tables())
def test_no_hidden_count_can_be_worked_out_from_the_sums(
    table: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    total, parts = table
    shown_total, shown_parts = rules.suppress_table(total, parts)
    shown = [shown_total, *shown_parts]
    rows = [total, *parts]
    assert determined(rows, shown) == []
    for row, seen in zip(rows, shown, strict=True):
        for n in rules.COUNTS:
            if row[n] in rules.SMALL_CELL:
                assert seen[n] == rules.SUPPRESSED  # every small cell hidden
            elif seen[n] != row[n]:
                assert seen[n] == rules.SECONDARY  # a larger one only as a complement
        for rate, part in rules.RATES.items():
            if isinstance(seen["enrolled"], str) or isinstance(seen[part], str):
                assert seen[rate] is None


def test_one_small_cell_in_a_column_hides_its_smallest_neighbour() -> None:
    parts = [
        {"enrolled": 100, "promoted": 90, "repeated": 3, "dropped_out": 7, "graduated": 0},
        {"enrolled": 200, "promoted": 180, "repeated": 12, "dropped_out": 8, "graduated": 0},
        {"enrolled": 300, "promoted": 270, "repeated": 20, "dropped_out": 10, "graduated": 0},
    ]
    for p in parts:
        p.update(changed_sede=0, changed_municipality=0, returned=0)
    total = {n: sum(p[n] for p in parts) for n in rules.COUNTS}
    # 3 repeated is "<5"; without more, the total (35) minus 12 and 20, or the row's
    # enrolled minus its other outcomes, would give it back: more cells go, never a zero
    # (counts are not negative: a hidden zero beside a zero total protects nothing)
    shown_total, shown = rules.suppress_table(total, parts)
    assert shown[0]["repeated"] == "<5"
    assert rules.SECONDARY in (shown_total["repeated"], shown[1]["repeated"], shown[2]["repeated"])
    assert rules.SECONDARY in (shown[0]["enrolled"], shown[0]["promoted"], shown[0]["dropped_out"])
    assert [p["graduated"] for p in (shown_total, *shown)] == [0, 0, 0, 0]
    assert determined([total, *parts], [shown_total, *shown]) == []
