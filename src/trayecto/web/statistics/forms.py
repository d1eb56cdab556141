"""The indicator explorer's query parameters, parsed: a value it cannot use is refused (400)
with what it accepts, instead of being silently replaced by a default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.analytics import compute, estimates, registry
from trayecto.domain.indicators import LEVELS
from trayecto.web.params import lazy_format, parsed
from trayecto.web.statistics.explorer import ORDERS, ExplorerFilters

DOWNLOAD_FORMATS = ("csv", "csv-excel", "xlsx", "hxl")


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
    grupo = _choice("grupo", compute.GROUPS)
    estimar = _choice("estimar", estimates.METHODS)
    formato = _choice("formato", DOWNLOAD_FORMATS)
    orden = _choice("orden", ORDERS)
    pagina = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            key: _("«pagina» es un número de página: 1, 2, 3…") for key in ("invalid", "min_value")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicador"] = _choice("indicador", tuple(registry.indicators()))


@dataclass(frozen=True)
class TableView:
    """How the table is shown, not what it holds: a download and the gap report ignore it."""

    order: str = ""  # one of ORDERS, "" for the computed order
    page: int = 1


def explorer_filters(data: Any) -> tuple[ExplorerFilters, str, TableView]:
    """The filters, the download format ("" for the page) and the table's order and page."""
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
    view = TableView(order=asked["orden"], page=asked["pagina"] or 1)
    return filters, asked["formato"], view
