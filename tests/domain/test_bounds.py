"""Plausibility bounds: one place, said in the user's language, documented as coded."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.domain import bounds
from trayecto.domain.bounds import FIVE_W_PEOPLE, SEDE_ROW_COUNT
from trayecto.importers.cells import CellError
from trayecto.importers.five_w import parse_count

LIMITS_DOC = Path(__file__).resolve().parents[2] / "docs" / "formats" / "limits.md"


def test_a_value_up_to_the_bound_is_plausible_and_one_more_is_not() -> None:
    assert FIVE_W_PEOPLE.refusal(10_000_000) is None
    assert FIVE_W_PEOPLE.refusal(10_000_001, "es") == (
        "10.000.001 supera el máximo plausible, 10.000.000 (más personas de las que tiene "
        "cualquier municipio): revise la cifra"
    )
    assert SEDE_ROW_COUNT.refusal(3e9) == (
        "3,000,000,000 is more than 50,000, the most plausible (more than the largest sede "
        "enrols in all its grades): check it"
    )
    assert "1e+20" in (FIVE_W_PEOPLE.refusal(1e20) or "")


def test_the_5w_reader_applies_them() -> None:
    assert parse_count("10.000.000") == 10_000_000
    for implausible in (1e20, 10**15, "10.000.001"):
        with pytest.raises(CellError, match="supera el máximo plausible"):
            parse_count(implausible)
    # The sede reader checks its bound in SQL (tests/importers/test_sede_matricula.py).


def test_the_formats_page_lists_every_bound_as_coded() -> None:
    doc = LIMITS_DOC.read_text(encoding="utf-8")
    for bound in bounds.ALL:
        assert f"{bound.high:,}" in doc, bound.name
        assert bound.why_en in doc, bound.name
        assert bound.why_es in doc, bound.name
