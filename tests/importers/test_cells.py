"""The cell parsers every importer shares: each reads what it writes back, or refuses with
the one error type, naming the column and the value."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayecto.importers import cells
from trayecto.importers.cells import CellError

PARSERS = {
    "integer": lambda v: cells.parse_integer(v, column="c"),
    "decimal": lambda v: cells.parse_decimal(v, column="c"),
    "code": lambda v: cells.parse_code(v, 5, column="c"),
    "date": lambda v: cells.parse_date(v, column="c"),
    "yes_no": lambda v: cells.parse_yes_no(v, column="c"),
    "month": lambda v: cells.parse_month(v, column="c"),
}


def spanish(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_whole_number_round_trips_in_every_way_a_file_writes_it(number: int) -> None:
    for written in (str(number), spanish(number), f"{number:,}", float(number), number):
        assert cells.parse_integer(written) == number
    assert cells.parse_integer(f"{number},0") == number  # a zero fraction, Spanish style
    assert cells.parse_integer(f"\u00a0{spanish(number)} ") == number  # Excel's spaces


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234", 1234), ("1,234", 1234), ("1.234.567", 1_234_567), ("2,021", 2021),
     ("12,0", 12), ("1.234,00", 1234), ("1,234.00", 1234), ("007", 7)],
)  # fmt: skip
def test_one_reading_of_thousands_separators_everywhere(text: str, expected: int) -> None:
    assert cells.parse_integer(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("1,5", "has decimals"), ("1.2345", "has decimals"), ("1.234,5", "has decimals"),
     ("1.234,567", "has decimals"), ("1,234.5.6", "not a whole number"),
     ("12.34.56", "not a whole number"),
     ("diez", "not a whole number"), ("", "empty"), ("-3", None)],
)  # fmt: skip
def test_a_cell_that_is_not_a_whole_number_is_refused(text: str, message: str | None) -> None:
    if message is None:  # negative numbers are whole numbers; `minimum` refuses them
        assert cells.parse_integer(text) == -3
        with pytest.raises(CellError, match="negative"):
            cells.parse_integer(text, minimum=0)
        return
    with pytest.raises(CellError, match=message) as refused:
        cells.parse_integer(text, column="beneficiarios")
    assert (refused.value.column, refused.value.value) == ("beneficiarios", text)


def test_the_refusal_is_a_problem_with_row_column_and_value_in_the_users_language() -> None:
    with pytest.raises(CellError) as refused:
        cells.parse_integer("diez", column="beneficiarios", language="es")
    problem = refused.value.at(14)
    assert (problem.row, problem.column, problem.value) == (14, "beneficiarios", "diez")
    assert problem.message == "no es un número: escriba solo cifras"
    assert problem.severity == "error"
    warning = refused.value.at(3, "Beneficiarios (total)", severity="warning")
    assert (warning.column, warning.severity) == ("Beneficiarios (total)", "warning")


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=1, max_value=99),
)
def test_a_decimal_round_trips_with_either_decimal_mark(whole: int, cents: int) -> None:
    expected = float(f"{whole}.{cents:02d}")
    for written in (f"{whole}.{cents:02d}", f"{whole},{cents:02d}", f"{whole:,}.{cents:02d}",
                    f"{spanish(whole)},{cents:02d}", expected):  # fmt: skip
        assert cells.parse_decimal(written) == expected


def test_a_percent_sign_is_dropped_only_where_the_column_allows_it() -> None:
    quirks: Counter[str] = Counter()
    assert cells.parse_decimal("94.01%", percent=True, quirks=quirks) == 94.01
    assert quirks == {"percent_sign": 1}
    with pytest.raises(CellError, match="not a number"):
        cells.parse_decimal("94.01%")


@given(st.integers(min_value=0, max_value=99_999))
def test_a_code_keeps_or_restores_its_leading_zeros(number: int) -> None:
    code = f"{number:05d}"
    quirks: Counter[str] = Counter()
    assert cells.parse_code(code, 5) == code
    assert cells.parse_code(str(number), 5, quirks=quirks) == code
    assert cells.parse_code(float(number), 5) == code  # Excel stores 5001 as 5001.0
    assert quirks["code_leading_zero_restored"] == (1 if str(number) != code else 0)


@pytest.mark.parametrize("text", ["123456", "5.001", "-501", "", "CO05001", True])
def test_a_code_with_other_than_its_digits_is_refused(text: Any) -> None:
    with pytest.raises(CellError, match="code"):
        cells.parse_code(text, 5, column="Divipola")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_round_trips(day: date) -> None:
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)  # an Excel date cell
    for written in (day.isoformat(), day.strftime("%d/%m/%Y"), day, midnight):
        assert cells.parse_date(written) == day


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "ayer", "", None])
def test_a_cell_that_is_not_a_date_is_refused(text: Any) -> None:
    with pytest.raises(CellError, match="not a date"):
        cells.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("Sí", True), ("si", True), ("YES", True), ("x", True), ("1", True),
                           ("No", False), ("0", False), ("false", False)]
)  # fmt: skip
def test_yes_and_no(text: str, expected: bool) -> None:
    assert cells.parse_yes_no(text) is expected


def test_neither_yes_nor_no_is_refused() -> None:
    with pytest.raises(CellError, match="sí o no"):
        cells.parse_yes_no("tal vez", language="es")


NAMES = {number: name for name, number in cells.MONTHS_ES.items() if name != "setiembre"}


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_a_month_round_trips_in_every_way_partners_write_it(year: int, month: int) -> None:
    expected = f"{year:04d}-{month:02d}"
    for written in (expected, f"{month:02d}/{year}", f"15/{month}/{year}",
                    f"{NAMES[month].capitalize()} {year}", f"{month}_{NAMES[month]} {year}",
                    date(year, month, 1)):  # fmt: skip
        assert cells.parse_month(written) == expected
    assert cells.parse_month(NAMES[month], default_year=year) == expected


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none()))
def test_every_parser_reads_a_value_or_refuses_it_with_the_one_error(value: Any) -> None:
    for parse in PARSERS.values():
        refused: CellError | None = None
        try:
            parse(value)
        except CellError as error:
            refused = error
        if refused is not None:
            assert refused.column == "c"
            assert refused.value == ("" if value is None else str(value))
            assert refused.message
