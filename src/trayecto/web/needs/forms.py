"""Every parameter of a needs run and every query parameter of its pages, parsed here."""

from __future__ import annotations

import itertools
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trayecto.domain.needs import NeedsParameters, ParameterError
from trayecto.domain.supply import SupplyParameters

BOUNDS_RULE = _(
    "Cuatro números crecientes separados por punto y coma: los límites inferiores de las "
    "fases 2, 3, 4 y 5 (por ejemplo 5; 10; 20; 30)."
)
SHARE_RULE = _("Una proporción entre 0 y 1 (0,25 = 25 %), o vacío para el valor por defecto.")
RATE_RULE = _("Un porcentaje entre 0 y 100, o vacío para la tasa del municipio.")
DEPARTMENT_RULE = _("El departamento es un código DANE de dos dígitos (por ejemplo 54).")
PHASES = [(n, str(n)) for n in range(1, 6)]
YEAR_RULE = _("El año es un número entre 2012 y 2100 (por ejemplo 2025).")
ETC_RULE = _("La ETC se indica con su código del MEN, de 3 a 5 dígitos (por ejemplo 3798).")
GROUP_RULE = _("Estudiantes por grupo: un número entero entre 1 y 60.")
GROUP_ERRORS = {"invalid": GROUP_RULE, "min_value": GROUP_RULE, "max_value": GROUP_RULE}


def number(text: str) -> float:
    """A number as people type it here: decimal comma or point."""
    return float(text.strip().replace(",", "."))


class BoundsField(forms.CharField):
    def to_python(self, value: Any) -> tuple[float, ...]:  # type: ignore[override]
        text = super().to_python(value) or ""
        parts = [p for p in re.split(r"[;\s]+", text.strip()) if p]
        try:
            bounds = tuple(number(p) for p in parts)
        except ValueError:
            raise ValidationError(BOUNDS_RULE, code="invalid") from None
        if len(bounds) != 4 or any(a >= b for a, b in itertools.pairwise(bounds)):
            raise ValidationError(BOUNDS_RULE, code="invalid")
        return bounds


class OptionalNumberField(forms.CharField):
    def __init__(self, *, low: float, high: float, rule: Any, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.low, self.high, self.rule = low, high, rule

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            found = number(text)
        except ValueError:
            raise ValidationError(self.rule, code="invalid") from None
        if not self.low <= found <= self.high:
            raise ValidationError(self.rule, code="invalid")
        return found


def bounds_text(bounds: tuple[float, ...]) -> str:
    return "; ".join(f"{b:g}".replace(".", ",") for b in bounds)


class NeedsRunForm(forms.Form):
    """A run's name and parameters; defaults are domain.needs.NeedsParameters'."""

    name = forms.CharField(label=_("Nombre del cálculo"), max_length=120)
    year = forms.IntegerField(label=_("Año de los datos"), min_value=2012, max_value=2100)
    access = BoundsField(label=_("Acceso: % de 5 a 16 años fuera de la escuela"))
    learning_conditions = BoundsField(
        label=_("Condiciones de aprendizaje: estudiantes por docente")
    )
    aggravating = BoundsField(label=_("Agravantes: migrantes venezolanos, % de la población"))
    protected_environment = BoundsField(
        label=_("Entorno protector: % de sedes atacadas, ocupadas, albergue o inseguras")
    )
    aggravating_raises_from = forms.TypedChoiceField(
        label=_("Los agravantes suben una fase desde la fase"), choices=PHASES, coerce=int
    )
    learning_in_need_from = forms.TypedChoiceField(
        label=_("Los matriculados cuentan como en necesidad desde la fase"),
        choices=PHASES,
        coerce=int,
    )
    migrant_school_age_share = OptionalNumberField(
        label=_("Proporción de migrantes de 5 a 16 años"), low=0, high=1, rule=SHARE_RULE
    )
    migrant_out_of_school_rate = OptionalNumberField(
        label=_("% de niños migrantes fuera de la escuela"), low=0, high=100, rule=RATE_RULE
    )

    @classmethod
    def initial_values(cls) -> dict[str, Any]:
        defaults = NeedsParameters()
        return {
            "year": defaults.year,
            "access": bounds_text(defaults.access.bounds),
            "learning_conditions": bounds_text(defaults.learning_conditions.bounds),
            "aggravating": bounds_text(defaults.aggravating.bounds),
            "protected_environment": bounds_text(defaults.protected_environment.bounds),
            "aggravating_raises_from": defaults.aggravating_raises_from,
            "learning_in_need_from": defaults.learning_in_need_from,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        values = {k: v for k, v in cleaned.items() if k != "name"}
        try:
            cleaned["parameters"] = NeedsParameters.from_dict(values)
        except ParameterError as exc:
            raise ValidationError(str(exc)) from None
        return cleaned


class DepartmentForm(forms.Form):
    departamento = forms.RegexField(
        regex=r"^\d{2}$", required=False, error_messages={"invalid": DEPARTMENT_RULE}
    )


class CompareForm(DepartmentForm):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)


class SupplyForm(DepartmentForm):
    """The supply page's filters and group sizes (defaults: Decreto 3020 de 2002)."""

    anio = forms.IntegerField(
        required=False, min_value=2012, max_value=2100, error_messages={"min_value": YEAR_RULE}
    )
    urbana = forms.IntegerField(
        required=False, min_value=1, max_value=60, error_messages=GROUP_ERRORS
    )
    rural = forms.IntegerField(
        required=False, min_value=1, max_value=60, error_messages=GROUP_ERRORS
    )

    def parameters(self) -> SupplyParameters:
        defaults = SupplyParameters()
        data = self.cleaned_data
        return SupplyParameters(
            students_per_group_urban=data.get("urbana") or defaults.students_per_group_urban,
            students_per_group_rural=data.get("rural") or defaults.students_per_group_rural,
            year=data.get("anio") or defaults.year,
        )


MUNICIPALITY_RULE = _("El municipio es un código DANE de cinco dígitos (por ejemplo 54001).")
PAGE_RULE = _("La página es un número entero desde 1.")
CSV_RULE = _(
    "La descarga es formato=xlsx, formato=csv-excel (CSV para Excel en español) o formato=csv "
    "(o nada, para ver la página)."
)


class SedeRankingForm(SupplyForm):
    """The sede ranking's filters, page and download (the supply page's, plus these)."""

    municipio = forms.RegexField(
        regex=r"^\d{5}$", required=False, error_messages={"invalid": MUNICIPALITY_RULE}
    )
    pagina = forms.IntegerField(
        required=False, min_value=1, error_messages={"invalid": PAGE_RULE, "min_value": PAGE_RULE}
    )
    formato = forms.ChoiceField(
        choices=[("xlsx", "XLSX"), ("csv-excel", "CSV (Excel)"), ("csv", "CSV")],
        required=False,
        error_messages={"invalid_choice": CSV_RULE},
    )


AREA_RULE = _(
    "Indique una ETC (etc=, su código del MEN, por ejemplo 3798) o un departamento "
    "(departamento=, su código DANE de dos dígitos, por ejemplo 52), no los dos."
)


class EtcReportForm(forms.Form):
    """Which ETC's (or department's) report, for which year, in which format and language."""

    etc = forms.RegexField(regex=r"^\d{3,5}$", required=False, error_messages={"invalid": ETC_RULE})
    departamento = forms.RegexField(
        regex=r"^\d{2}$", required=False, error_messages={"invalid": DEPARTMENT_RULE}
    )
    anio = forms.IntegerField(
        min_value=2012,
        max_value=2100,
        error_messages={"min_value": YEAR_RULE, "max_value": YEAR_RULE},
    )
    formato = forms.ChoiceField(choices=[("html", "HTML"), ("pdf", "PDF"), ("xlsx", "XLSX")])
    idioma = forms.ChoiceField(choices=[("es", "español"), ("en", "English")], required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and bool(cleaned.get("etc")) == bool(cleaned.get("departamento")):
            raise ValidationError(AREA_RULE)
        return cleaned
