"""Numbers as a table shows them, formatted once in Python rather than cell by cell in the
template: counts as integers, rates with two decimals, Spanish separators in Spanish
(181.557; 93,60) and English ones in English (181,557; 93.60)."""

from __future__ import annotations

SPANISH_SEPARATORS = str.maketrans(",.", ".,")


def number_text(value: float | None, *, decimals: int, spanish: bool) -> str:
    """ "" for a missing value; never "-0,00" for a tiny negative that rounds to zero."""
    if value is None:
        return ""
    rounded = round(float(value), decimals)
    text = f"{rounded if rounded else 0.0:,.{decimals}f}"
    return text.translate(SPANISH_SEPARATORS) if spanish else text


def decimals_for(unit: str) -> int:
    """Persons are counted: no decimals. Every rate and ratio keeps two."""
    return 0 if unit == "persons" else 2
