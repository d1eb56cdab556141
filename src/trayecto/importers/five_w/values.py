"""The 5W's cell values: counts read by `importers/cells.py` within the plausible bound,
cell text, and the patterns of the template's "code - name" labels."""

from __future__ import annotations

import re
from typing import Any

from trayecto.domain.bounds import FIVE_W_PEOPLE
from trayecto.importers.cells import CellError, is_blank, parse_integer

LABEL = re.compile(r"^\s*(\d+)\s+-\s+\S")
CODE_LIKE = re.compile(r"^\s*(CO|VE)?[\d.]+\s*$|^\s*[A-Z]{2}\d+\s*$")


def parse_count(value: Any) -> int | None:
    """A count of people or items: a whole number >= 0 read as `cells.parse_integer` reads
    it ("1.234", "1,234", "12,0", 12.0), within the plausible bound; blank -> None."""
    if is_blank(value):
        return None
    number = parse_integer(value, minimum=0, language="es")
    if implausible := FIVE_W_PEOPLE.refusal(number, "es"):
        raise CellError(implausible, value=value)
    return number


def cell_text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def safe_count(value: Any) -> int | None:
    try:
        return parse_count(value)
    except CellError:
        return None
