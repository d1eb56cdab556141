"""Numbers and labels of the trajectory pages in the reader's language (Spanish: 1.234,5);
a suppressed count ("<5") is shown as it is."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext_lazy

from trayecto.web.statistics.numbers import number_text

register = template.Library()

SCHOOL_LEVELS = {
    "transicion": gettext_lazy("Transición (grado 0)"),
    "primaria": gettext_lazy("Primaria (1–5)"),
    "secundaria": gettext_lazy("Secundaria (6–9)"),
    "media": gettext_lazy("Media (10–11)"),
}
CONDITIONS = {
    "withdrew": gettext_lazy("Retirado durante el año"),
    "over_age": gettext_lazy("Extraedad (2 años o más)"),
    "failed": gettext_lazy("Reprobó el año"),
    "repeated": gettext_lazy("Repitió el grado"),
    "changed_sede": gettext_lazy("Cambió de sede"),
    "nes_without_ppt": gettext_lazy("NES sin PPT"),
    "rural_sede": gettext_lazy("Sede rural"),
    "sede_dropout_high": gettext_lazy("Deserción alta de la sede"),
    "sede_dropout_medium": gettext_lazy("Deserción media de la sede"),
}


def spanish() -> bool:
    return not (get_language() or "es").startswith("en")


@register.filter
def count(value: Any) -> str:
    if isinstance(value, str):
        return value  # "<5"
    return number_text(value, decimals=0, spanish=spanish()) or "—"


@register.filter
def percent(value: float | None) -> str:
    text = number_text(value, decimals=1, spanish=spanish())
    return f"{text} %" if text else "—"


@register.filter
def decimal3(value: float | None) -> str:
    return number_text(value, decimals=3, spanish=spanish()) or "—"


@register.filter
def school_level(name: str) -> str:
    return str(SCHOOL_LEVELS.get(name, name))


@register.filter
def condition(name: str) -> str:
    return str(CONDITIONS.get(name, name))


@register.filter
def points(value: float | None) -> str:
    """A difference of percentages, in percentage points, signed (−1,8)."""
    text = number_text(value, decimals=1, spanish=spanish())
    if not text or value is None:
        return "—"
    return f"+{text}" if value > 0 else text.replace("-", "−")
