"""Read one cell as the value its column holds, or refuse it with one error type.

Importers read their numbers, codes and months through these parsers (dates and yes/no are
here for the formats that hold them), so a cell means the same thing in every file
(docs/formats/limits.md, "Cells"):

- a whole number may group its thousands with `.` (Spanish) or `,` (English), in groups of
  exactly three digits: `1.234` = `1,234` = `1234`; a zero fraction is dropped (`12,0`,
  `1.234,00`); any other fraction is refused, never rounded;
- a decimal takes a lone `.` or `,` as the decimal mark (`18,5` = `18.5`); when both appear,
  the last one is the decimal mark and the other groups thousands (`1.234,5`, `1,234.5`);
- a code keeps its leading zeros, restoring those a spreadsheet dropped (`5001` -> `05001`).

A cell that cannot be read raises `CellError`, which carries the column, the value and a
message in the language of the file's users; `CellError.at(row)` is the report's Problem.
`quirks`, when given, counts what a parser had to repair, for the report's details.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from trayecto.domain.five_w import normalise
from trayecto.domain.problems import Problem

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "blank": "the cell is empty; a value is required",
        "not_integer": "not a whole number: write digits only (1234 or 1.234)",
        "fraction": "has decimals: a whole number is required",
        "not_number": "not a number: write digits and one decimal mark (12.5 or 12,5)",
        "negative": "is negative: the value must be zero or more",
        "below": "must be {minimum} or more",
        "not_code": "not a code: {width} digits are expected",
        "code_width": "a code of {width} digits was expected",
        "not_date": "not a date: write it as YYYY-MM-DD or DD/MM/YYYY",
        "not_yes_no": "must be yes or no (sí / no)",
        "not_month": "not a month: write it as YYYY-MM, MM/YYYY or the month's name and year",
    },
    "es": {
        "blank": "la celda está vacía; se requiere un valor",
        "not_integer": "no es un número: escriba solo cifras",
        "fraction": "tiene decimales: cuente personas o unidades enteras",
        "not_number": "no es un número: escriba cifras y una marca decimal (12,5 o 12.5)",
        "negative": "es negativa: las cantidades son cero o más",
        "below": "debe ser {minimum} o más",
        "not_code": "no es un código: se esperan {width} cifras",
        "code_width": "se esperaba un código de {width} cifras",
        "not_date": "no es una fecha: escríbala como AAAA-MM-DD o DD/MM/AAAA",
        "not_yes_no": "debe ser sí o no",
        "not_month": "no es un mes: escríbalo como AAAA-MM, MM/AAAA o el nombre del mes y el año",
    },
}

_MONTH_NAMES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
MONTHS_ES = {name: number for number, name in enumerate([*_MONTH_NAMES.split(), "diciembre"], 1)}
MONTHS_ES["setiembre"] = 9
YES = {"si", "sí", "s", "yes", "y", "x", "1", "true", "verdadero"}
NO = {"no", "n", "0", "false", "falso"}

# ASCII digits only: Python's \d and int() also take other scripts' digits.
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_PLAIN = re.compile(r"[-+]?[0-9]+")
_ZERO_FRACTION = re.compile(r"([-+]?[0-9.,]*[0-9])[.,]0+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


class CellError(ValueError):
    """A cell that cannot be read as its column's value: the one row error of every importer."""

    def __init__(self, message: str, *, value: object = "", column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.value = "" if value is None else str(value)
        self.column = column

    def at(self, row: int, column: str | None = None, *, severity: str = "error") -> Problem:
        """The problem to report on line `row`; a `column` given here (the header as the user
        wrote it) replaces the one the parser was told."""
        return Problem(row, column or self.column, self.value, self.message, severity)


def _refuse(key: str, value: object, column: str, language: str, **values: object) -> CellError:
    return CellError(MESSAGES[language][key].format(**values), value=value, column=column)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as the text its user typed: stripped, and without the `.0` a spreadsheet gives
    the numbers it stores as floats (127001003453 and 5)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _note(quirks: Counter[str] | None, name: str) -> None:
    if quirks is not None:
        quirks[name] += 1


def _squeeze(value: Any) -> str:
    """The text of a cell without spaces (also the non-breaking ones Excel puts in numbers)."""
    return str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")


def parse_integer(
    value: Any,
    *,
    column: str = "",
    minimum: int | None = None,
    quirks: Counter[str] | None = None,
    language: str = "en",
) -> int:
    """A whole number: `1234`, `1.234`, `1,234`, `12,0`, an Excel 12.0 or 12; else CellError."""
    if is_blank(value):
        raise _refuse("blank", value, column, language)
    if isinstance(value, bool):
        raise _refuse("not_integer", value, column, language)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _refuse("not_integer", value, column, language)
        if not value.is_integer():
            raise _refuse("fraction", value, column, language)
        number = int(value)
    else:
        number = _integer_text(_squeeze(value), value, column, quirks, language)
    if minimum is not None and number < minimum:
        key = "negative" if minimum == 0 else "below"
        raise _refuse(key, value, column, language, minimum=minimum)
    return number


def _integer_text(
    text: str, value: Any, column: str, quirks: Counter[str] | None, language: str
) -> int:
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        _note(quirks, "thousands_separator")
        return int(text.replace(".", "").replace(",", ""))
    zero = _ZERO_FRACTION.fullmatch(text)
    # One zero fraction, after a plain or grouped whole number (12,0; 1.234,00); "7.0.000"
    # is no number, not 7.
    if zero and (_PLAIN.fullmatch(zero.group(1)) or _GROUPED.fullmatch(zero.group(1))):
        _note(quirks, "zero_fraction")
        return _integer_text(zero.group(1), value, column, quirks, language)
    try:
        parse_decimal(text, language=language)
    except CellError:
        raise _refuse("not_integer", value, column, language) from None
    raise _refuse("fraction", value, column, language)


def parse_decimal(
    value: Any,
    *,
    column: str = "",
    quirks: Counter[str] | None = None,
    language: str = "en",
    percent: bool = False,
) -> float:
    """A number that may have decimals: `18.5`, `18,5`, `1.234,5`, `1,234.5`, an Excel float;
    with `percent`, a trailing `%` is accepted and dropped (`94.01%` -> 94.01)."""
    if is_blank(value):
        raise _refuse("blank", value, column, language)
    if isinstance(value, bool):
        raise _refuse("not_number", value, column, language)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise _refuse("not_number", value, column, language)
        return float(value)
    text = _squeeze(value)
    if percent and text.endswith("%"):
        _note(quirks, "percent_sign")
        text = text[:-1]
    if "," in text and "." in text:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        whole, _, fraction = text.rpartition(mark)
        group = "." if mark == "," else ","
        if not _GROUPED.fullmatch(whole) or group not in whole:
            raise _refuse("not_number", value, column, language)
        _note(quirks, "thousands_separator")
        text = whole.replace(group, "") + "." + fraction
    elif "," in text:
        _note(quirks, "decimal_comma")
        text = text.replace(",", ".")
    if not _DECIMAL.fullmatch(text):
        raise _refuse("not_number", value, column, language)
    return float(text)


def parse_code(
    value: Any,
    width: int,
    *,
    column: str = "",
    quirks: Counter[str] | None = None,
    language: str = "en",
) -> str:
    """A DANE-style code as zero-padded text: `5001` -> `05001`, an Excel 5001.0 too.
    Thousands separators are not part of a code: `5.001` is refused."""
    whole = value
    if isinstance(value, float) and value.is_integer():
        whole = int(value)
    text = str(whole).strip() if not is_blank(whole) else ""
    if not re.fullmatch(r"[0-9]+", text) or isinstance(value, bool):
        raise _refuse("not_code", value, column, language, width=width)
    code = text.zfill(width)
    if len(code) != width:
        raise _refuse("code_width", value, column, language, width=width)
    if code != text:
        _note(quirks, "code_leading_zero_restored")
    return code


def parse_date(value: Any, *, column: str = "", language: str = "en") -> date:
    """A date cell, `2026-03-31` (a time after it is ignored) or `31/03/2026`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if is_blank(value) else str(value).strip()
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T].*)?", text)
    dmy = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dmy:
            return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    except ValueError:
        pass
    raise _refuse("not_date", value, column, language)


def parse_yes_no(value: Any, *, column: str = "", language: str = "en") -> bool:
    """`sí`/`si`/`yes`/`x`/`1` -> True, `no`/`0` -> False (any case); else CellError."""
    text = "" if is_blank(value) else str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise _refuse("not_yes_no", value, column, language)


def parse_month(
    value: Any, *, default_year: int | None = None, column: str = "", language: str = "en"
) -> str:
    """`YYYY-MM` from a date cell, "2026-03", "03/2026", "31/03/2026", "marzo 2026", "Marzo"
    (with `default_year`) or GIFMM's "10_Octubre" (its number must be the month it names)."""
    refusal = _refuse("not_month", value, column, language)
    if isinstance(value, datetime | date):
        year, month = value.year, value.month
    else:
        text = "" if is_blank(value) else normalise(value)
        if not text:
            raise refusal
        found = re.match(r"^(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?(?:[ t].*)?$", text) or re.match(
            r"^(?:\d{1,2}/)?(\d{1,2})/(\d{4})$", text
        )
        if found and len(found.group(1)) == 4:
            year, month = int(found.group(1)), int(found.group(2))
        elif found:
            year, month = int(found.group(2)), int(found.group(1))
        else:
            words = re.split(r"[\s_\-/.]+", text)
            if len(words) > 1 and words[0].isdigit() and words[1] in MONTHS_ES:
                if int(words[0]) != MONTHS_ES[words[1]]:
                    raise refusal
                words = words[1:]
            if not words or words[0] not in MONTHS_ES:
                raise refusal
            month = MONTHS_ES[words[0]]
            year_words = [w for w in words[1:] if w.isdigit() and len(w) == 4]
            if year_words:
                year = int(year_words[0])
            elif default_year is not None:
                year = default_year
            else:
                raise refusal
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise refusal
    return f"{year:04d}-{month:02d}"
