"""Plausibility bounds of the counts people type: beyond them a value is a typing error.

A count of 1e20 beneficiaries or 3e9 enrolled on one row cannot be true, and past 2^31 it
no longer fits the database or the warehouse's integer columns (a traceback, not a
message). Every importer checks its counts against one bound here, and the row is refused
with the value and the bound. docs/formats/limits.md lists them with their reasons; a test
checks that page against this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bound:
    """The largest plausible value of a count, and why (said to the user)."""

    name: str
    high: int
    why_en: str
    why_es: str

    def refusal(self, value: float, language: str = "en") -> str | None:
        """None when `value` is plausible, else what to tell the user."""
        if value <= self.high:
            return None
        shown = f"{value:,.0f}" if value < 1e18 else f"{value:.3g}"
        if language == "es":
            limit = f"{self.high:,}".replace(",", ".")
            shown = shown.replace(",", ".")
            return f"{shown} supera el máximo plausible, {limit} ({self.why_es}): revise la cifra"
        return f"{shown} is more than {self.high:,}, the most plausible ({self.why_en}): check it"


# The largest real 5W line (SOCIO_1, 2024) reports 561,329 people; the largest municipality,
# Bogotá, has about 7.9 million inhabitants. One line is one activity in one municipality.
FIVE_W_PEOPLE = Bound(
    "5W count (beneficiaries, sex × age cells, households, quantity; planned values)",
    10_000_000,
    "more people than any municipality has",
    "más personas de las que tiene cualquier municipio",
)
# One sede-matricula row is one grade × sex × age × nationality of one sede, or the
# teachers of a sede: the largest sedes in Colombia enrol a few thousand students in all.
SEDE_ROW_COUNT = Bound(
    "sede-matricula count (enrolled, withdrawn, passed, failed, repeating, teachers)",
    50_000,
    "more than the largest sede enrols in all its grades",
    "más de lo que matricula la sede más grande en todos sus grados",
)

ALL = (FIVE_W_PEOPLE, SEDE_ROW_COUNT)
