"""Every query parameter of the trajectory pages, parsed here (a bad value is a 400 that says
what is allowed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trayecto.analytics import geography
from trayecto.web.params import YearField

AREA_RULE = _(
    "El área es un código DANE: departamento (2 dígitos, 81), municipio (5, 81001), sede "
    "(12), o el código de una ETC del MEN (4 dígitos, 3802); vacío para la nación."
)
GRADE_RULE = _("«grado» es el grado de entrada de la cohorte, de 0 (transición) a 11.")
PAGE_RULE = _("«pagina» es un número desde 1.")
AREA_LENGTHS = (2, 5, 12)


def level_of(code: str) -> str:
    """The level of an area code as the form accepts it ("" is the nation)."""
    if not code:
        return "nation"
    if geography.is_etc_code(code):
        return "etc"
    return {2: "department", 5: "municipality", 12: "sede"}[len(code)]


class AreaField(forms.CharField):
    def to_python(self, value: Any) -> str:
        text = (super().to_python(value) or "").strip()
        if text and not (
            text.isdigit() and (len(text) in AREA_LENGTHS or geography.is_etc_code(text))
        ):
            raise ValidationError(AREA_RULE, code="invalid")
        return text


class TrajectoryForm(forms.Form):
    """`area` (a territory), `anio` (a school year loaded), `grado` (the entry grade of the
    cohort followed) and `pagina` (of the sub-areas)."""

    area = AreaField(required=False)
    anio = YearField(required=False)
    grado = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=11,
        error_messages={"invalid": GRADE_RULE, "min_value": GRADE_RULE, "max_value": GRADE_RULE},
    )
    pagina = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": PAGE_RULE, "min_value": PAGE_RULE}
    )
