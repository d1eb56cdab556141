"""Numbers and names of the needs pages in the reader's language (Spanish: 1.234,5)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext, gettext_lazy

from trayecto.web.statistics.numbers import number_text

register = template.Library()

INPUTS = {
    "places": gettext_lazy("Geografía (municipios)"),
    "out_of_school": gettext_lazy("Acceso: niños y niñas de 5 a 16 años fuera de la escuela"),
    "migrants": gettext_lazy("Agravantes: migrantes venezolanos"),
    "teachers": gettext_lazy("Condiciones de aprendizaje: estudiantes por docente (por sede)"),
    "official": gettext_lazy("PiN y severidad publicados por OCHA"),
    "protected_environment": gettext_lazy(
        "Entorno protector: ataques, ocupación y uso de escuelas como albergue"
    ),
    "sedes": gettext_lazy("Sedes del municipio (MEN)"),
}
PARAMETERS = {
    "access": gettext_lazy("Acceso: límites de las fases 2–5 (% fuera de la escuela)"),
    "learning_conditions": gettext_lazy(
        "Condiciones de aprendizaje: límites de las fases 2–5 (estudiantes por docente)"
    ),
    "aggravating": gettext_lazy("Agravantes: límites de las fases 2–5 (% de migrantes)"),
    "protected_environment": gettext_lazy(
        "Entorno protector: límites de las fases 2–5 (% de sedes afectadas)"
    ),
    "aggravating_raises_from": gettext_lazy("Los agravantes suben una fase desde la fase"),
    "learning_in_need_from": gettext_lazy(
        "Los matriculados cuentan como en necesidad desde la fase"
    ),
    "migrant_school_age_share": gettext_lazy("Proporción de migrantes de 5 a 16 años"),
    "migrant_school_age_source": gettext_lazy("Fuente de esa proporción"),
    "migrant_out_of_school_rate": gettext_lazy("% de niños migrantes fuera de la escuela"),
    "year": gettext_lazy("Año de los datos"),
}
DRIVERS = {
    "access": gettext_lazy("acceso"),
    "learning_conditions": gettext_lazy("condiciones de aprendizaje"),
    "protected_environment": gettext_lazy("entorno protector"),
}


def spanish() -> bool:
    return not (get_language() or "es").startswith("en")


@register.filter
def count(value: float | None) -> str:
    return number_text(value, decimals=0, spanish=spanish()) or "—"


@register.filter
def decimal(value: float | None) -> str:
    return number_text(value, decimals=1, spanish=spanish()) or "—"


@register.filter
def percent(value: float | None) -> str:
    text = number_text(value, decimals=1, spanish=spanish())
    return f"{text} %" if text else "—"


@register.filter
def phase(value: float | str | None) -> str:
    """A severity phase, as a number or as a phase-count key ("2.5")."""
    if value is None:
        return "—"
    return f"{float(value):g}".replace(".", "," if spanish() else ".")


@register.filter
def input_label(name: str) -> str:
    return str(INPUTS.get(name, name))


@register.filter
def parameter_label(name: str) -> str:
    return str(PARAMETERS.get(name, name))


@register.filter
def parameter_value(value: Any) -> str:
    if value is None:
        return gettext("por defecto")
    if isinstance(value, list):
        return "; ".join(phase(v) for v in value)
    if isinstance(value, float):
        return phase(value)
    return str(value)


@register.filter
def driver_label(driver: str | None) -> str:
    if not driver:
        return ""
    base, _, raised = driver.partition("+")
    label = str(DRIVERS.get(base, base))
    return label + (gettext(" + agravantes") if raised else "")


@register.filter
def explanation(item: dict[str, Any]) -> str:
    """One line of the difference with OCHA, as analytics.needs.explain gives it."""
    kind = item["input"]
    if kind == "school_age_population":
        return gettext("Población de 5 a 16 años (DANE): %(n)s") % {"n": count(item["value"])}
    if kind == "ocha_share":
        return gettext("El PiN de OCHA es el %(p)s de esa población") % {
            "p": percent(item["value"] * 100)
        }
    group = gettext("migrantes") if kind == "migrant_group" else gettext("comunidad de acogida")
    share = item.get("share")
    return gettext(
        "%(group)s: %(n)s en edad escolar × %(p)s en necesidad → %(effect)s frente a OCHA"
    ) % {
        "group": group,
        "n": count(item["value"]),
        "p": percent(None if share is None else share * 100),
        "effect": count(item["effect"]),
    }


@register.filter
def grades(values: list[int]) -> str:
    """Grades by name: transición for 0, the number for the others."""
    if not values:
        return "—"
    return ", ".join(gettext("transición") if g == 0 else str(g) for g in values)
