"""Numbers in the bulletin as Colombia writes them in Spanish (1.550; 24,5) and as English
does (1,550; 24.5), whatever the server's locale settings: one rule, web.statistics.numbers."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from trayecto.web.statistics.numbers import number_text

register = template.Library()


def _spanish() -> bool:
    return (get_language() or "es").startswith("es")


@register.filter
def count(value: float | None) -> str:
    """An integer count: 1.550."""
    return number_text(value, decimals=0, spanish=_spanish())


@register.filter
def one_decimal(value: float | None) -> str:
    """A percent or rate with one decimal: 24,5."""
    return number_text(value, decimals=1, spanish=_spanish())


@register.filter
def signed(value: float | None, decimals: int = 0) -> str:
    """A change with its sign: +300, −12 (never +0)."""
    if value is None:
        return ""
    text = number_text(value, decimals=int(decimals), spanish=_spanish())
    return f"+{text}" if value > 0 and text.strip("0,.") else text
