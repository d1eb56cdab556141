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


@register.filter
def level_words(levels: list[str]) -> str:
    """An indicator's levels (`nation`, `department`…) as the page's words, in order."""
    return ", ".join(str(labels.LEVEL_WORDS.get(level, level)) for level in levels)


@register.filter
def disaggregation_words(keys: list[str]) -> str:
    """An indicator's disaggregations (`sex`, `nationality`) as the page's words; "—" if none."""
    return ", ".join(str(labels.DISAGGREGATION_WORDS.get(k, k)) for k in keys) or "—"
