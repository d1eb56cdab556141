"""`{% load emergencies %}`: the emergencies block on the sede, municipality and department
pages, and a dictionary lookup for templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from trayecto.web.emergencies import access, selectors
from trayecto.web.statistics.numbers import number_text

register = template.Library()


@register.filter
def count(value: Any) -> str:
    """A count as the page's language writes it (63.825 in Spanish); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return number_text(value, decimals=0, spanish=(get_language() or "es").startswith("es"))


@register.filter
def percent(value: Any) -> str:
    """A percentage with one decimal (93,6 in Spanish)."""
    if value is None:
        return "—"
    return number_text(value, decimals=1, spanish=(get_language() or "es").startswith("es"))


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.inclusion_tag("emergencies/_area_block.html", takes_context=True)
def emergencies_block(context: dict[str, Any], area_code: str) -> dict[str, Any]:
    """Events with affected sedes in the area that the user may see (none: nothing shown)."""
    user = context["request"].user
    return {"area_events": selectors.area_events(access.visible_sede_rows(user), area_code)}
