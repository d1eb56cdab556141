"""Cells that are safe to open in a spreadsheet, for every export (CSV, HXL, XLSX).

Text that starts with = + - @ (or a tab / carriage return) would run as a formula when the
file is opened (CSV/formula injection, OWASP): a sede or place name `=HYPERLINK(...)` typed
by anyone upstream must arrive as text. Such cells get a leading apostrophe, which Excel and
LibreOffice read as "this is text" and do not show.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
