"""Template filters that turn the analytics' keys and English clauses into the page's words."""

from __future__ import annotations

from django import template

from trayecto.web.statistics import labels

register = template.Library()


@register.filter
def method_words(method: str | None) -> str:
    """`{{ row.provenance.method|method_words }}`: how a value was obtained, in words."""
    return labels.method_words(method or "")


@register.filter
def municipality_type(kind: str | None) -> str:
    """DIVIPOLA's type ("Municipio", "Isla"...) in the page's language."""
    return str(labels.MUNICIPALITY_TYPE_LABELS.get(kind or "", kind or ""))
