"""The indicator explorer's query parameters, parsed: a value it cannot use is refused (400)
with what it accepts, instead of being silently replaced by a default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.analytics import compute, estimates, registry
from trayecto.domain.indicators import LEVELS
from trayecto.web.params import lazy_format, parsed
from trayecto.web.statistics.explorer import ExplorerFilters

DOWNLOAD_FORMATS = ("csv", "xlsx", "hxl")


def _choice(name: str, values: Any) -> forms.ChoiceField:
    allowed = ", ".join(values)
    return forms.ChoiceField(
        required=False,
        choices=[("", ""), *((v, v) for v in values)],
        error_messages={
            "invalid_choice": lazy_format(
                _("«%(name)s» es uno de: %(allowed)s."), name=name, allowed=allowed
            )
        },
    )


class ExplorerForm(forms.Form):
    nivel = _choice("nivel", LEVELS)
    area = forms.RegexField(
        r"^\d{1,12}$",
        required=False,
        error_messages={"invalid": _("«area» es un código DANE: de 2 a 12 cifras (81, 54001).")},
    )
    anio = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            key: _("«anio» es un año entre 1900 y 2100.")
            for key in ("invalid", "min_value", "max_value")
        },
    )
    sexo = _choice("sexo", ("f", "m"))
    grupo = _choice("grupo", tuple(compute.GROUPS))
    estimar = _choice("estimar", estimates.METHODS)
    formato = _choice("formato", DOWNLOAD_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicador"] = _choice("indicador", tuple(registry.indicators()))


def explorer_filters(data: Any) -> tuple[ExplorerFilters, str]:
    """The filters and the download format asked for ("" for the page)."""
    asked = parsed(ExplorerForm(data))
    filters = ExplorerFilters(
        code=asked["indicador"] or "cobertura_neta",
        level=asked["nivel"] or "department",
        area=asked["area"] or "",
        year=asked["anio"],
        sex=asked["sexo"],
        group=asked["grupo"],
        estimate=asked["estimar"],
    )
    return filters, asked["formato"]
