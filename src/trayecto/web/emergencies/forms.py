"""Every query parameter and POST of the emergencies pages, parsed here (a bad value is a 400
that says what is allowed, or the form shown again with its errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.domain.emergencies import EventStatus
from trayecto.web.emergencies.models import STATUS_LABELS, SUBTYPE_LABELS, TYPE_LABELS
from trayecto.web.emergencies.services import EventInput
from trayecto.web.params import YearField, lazy_format

DEPARTMENT = r"^\d{2}$"
EXPORT_FORMATS = ("xlsx", "hxl")


def _choice(name: str, labels: dict[Any, Any]) -> forms.ChoiceField:
    allowed = ", ".join(str(v) for v in labels)
    return forms.ChoiceField(
        required=False,
        choices=[("", "—"), *((k.value, v) for k, v in labels.items())],
        error_messages={
            "invalid_choice": lazy_format(
                _("«%(name)s» es uno de: %(allowed)s."), name=name, allowed=allowed
            )
        },
    )


class EventFilterForm(forms.Form):
    estado = _choice("estado", STATUS_LABELS)
    tipo = _choice("tipo", TYPE_LABELS)
    departamento = forms.RegexField(
        DEPARTMENT,
        required=False,
        error_messages={"invalid": _("«departamento» es un código DANE de 2 cifras (27).")},
    )
    anio = YearField(required=False)


class SedePageForm(forms.Form):
    pagina = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("«pagina» es un número desde 1."),
            "min_value": _("«pagina» es un número desde 1."),
        },
    )
    sin_respuesta = forms.BooleanField(required=False)


class EventForm(forms.Form):
    """Record or change an event (the territory is checked by the service)."""

    tipo = forms.ChoiceField(label=_("Tipo"), choices=list(TYPE_LABELS.items()))
    subtipo = forms.ChoiceField(
        label=_("Subtipo"), choices=[("", "—"), *SUBTYPE_LABELS.items()], required=False
    )
    titulo = forms.CharField(label=_("Título"), max_length=200)
    fecha = forms.DateField(label=_("Fecha del evento"), widget=forms.DateInput({"type": "date"}))
    fecha_fin = forms.DateField(
        label=_("Fecha de fin"), required=False, widget=forms.DateInput({"type": "date"})
    )
    departamentos = forms.CharField(
        label=_("Departamentos (códigos DANE, separados por comas)"), max_length=200
    )
    municipios = forms.CharField(
        label=_("Municipios (códigos DANE, separados por comas; vacío: todos)"),
        max_length=2000,
        required=False,
    )
    fuente = forms.CharField(label=_("Fuente"), max_length=300, required=False)
    narrativa = forms.CharField(label=_("Narrativa"), widget=forms.Textarea, required=False)
    dias_alerta = forms.IntegerField(
        label=_("Días sin respuesta antes de alertar"), min_value=1, max_value=365, initial=7
    )

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            type=data["tipo"],
            subtype=data["subtipo"],
            title=data["titulo"],
            start_date=data["fecha"],
            end_date=data["fecha_fin"],
            department_codes=tuple(c.strip() for c in data["departamentos"].split(",")),
            municipality_codes=tuple(c.strip() for c in data["municipios"].split(",") if c.strip()),
            source=data["fuente"],
            narrative=data["narrativa"],
            alert_after_days=data["dias_alerta"],
        )


class StatusForm(forms.Form):
    estado = forms.ChoiceField(choices=[(s.value, s.value) for s in EventStatus])
    nota = forms.CharField(required=False, max_length=500)


class ListUploadForm(forms.Form):
    archivo = forms.FileField(label=_("Lista de sedes afectadas (.xlsx o .csv)"))
    solo_validar = forms.BooleanField(label=_("Solo validar"), required=False)


class ExportForm(forms.Form):
    formato = forms.ChoiceField(
        choices=[(f, f) for f in EXPORT_FORMATS],
        error_messages={
            "invalid_choice": _("«formato» es uno de: xlsx, hxl."),
            "required": _("«formato» es uno de: xlsx, hxl."),
        },
    )
