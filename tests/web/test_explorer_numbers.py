"""Numbers as the explorer's table writes them, in Spanish and in English."""

from __future__ import annotations

import pytest

from trayecto.web.statistics.numbers import decimals_for, number_text


@pytest.mark.parametrize(
    ("value", "decimals", "spanish", "text"),
    [
        (181557.0, 0, True, "181.557"),
        (181557.0, 0, False, "181,557"),
        (93.6, 2, True, "93,60"),
        (1266533.004, 2, False, "1,266,533.00"),
        (7548.699977280002, 0, True, "7.549"),  # float noise never reaches the page
        (-0.001, 2, True, "0,00"),  # no "-0,00"
        (None, 2, True, ""),
    ],
)
def test_number_text(value: float | None, decimals: int, spanish: bool, text: str) -> None:
    assert number_text(value, decimals=decimals, spanish=spanish) == text


def test_counts_have_no_decimals_and_rates_two() -> None:
    assert decimals_for("persons") == 0
    assert [decimals_for(u) for u in ("percent", "per_1000", "ratio")] == [2, 2, 2]
