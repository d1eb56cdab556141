"""Every query parameter and POST of the emergencies pages, parsed here (a bad value is a 400
that says what is allowed, or the form shown again with its errors)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.domain.damage_assessment import LATITUDE_RANGE, LONGITUDE_RANGE
from trayecto.domain.emergencies import EventStatus
from trayecto.web.emergencies.models import (
    DAMAGE_LABELS,
    STATUS_LABELS,
    SUBTYPE_LABELS,
    TYPE_LABELS,
)
from trayecto.web.emergencies.services import EventInput
from trayecto.web.params import YearField, lazy_format

DEPARTMENT = r"^\d{2}$"
EXPORT_FORMATS = ("xlsx", "hxl")
MAX_COUNT = 2_147_483_647


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


class AssessmentUploadForm(forms.Form):
    archivo = forms.FileField(
        label=_("Envíos de la evaluación de daños (.xlsx, .csv o el .zip de ODK Central)")
    )
    solo_validar = forms.BooleanField(label=_("Solo validar"), required=False)


YES_NO_UNKNOWN = [("", _("no se sabe")), ("si", _("Sí")), ("no", _("No"))]


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,  # what the database column holds: a larger count is a typo
        error_messages={"min_value": _("Un número entero desde 0."),
                        "invalid": _("Un número entero desde 0.")},
    )  # fmt: skip


class DegreesField(forms.FloatField):
    """Decimal degrees, with a comma or a point (5,6947 or 5.6947): never a thousands mark."""

    def to_python(self, value: Any) -> Any:  # float | None (the stubs say int)
        return super().to_python(value.replace(",", ".") if isinstance(value, str) else value)


def _degrees(label: Any, bounds: tuple[float, float], message: Any) -> DegreesField:
    low, high = bounds
    errors = {"min_value": message, "max_value": message, "invalid": message}
    return DegreesField(label=label, required=False, min_value=low, max_value=high,
                        error_messages=errors)  # fmt: skip


def _yes_no(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO_UNKNOWN, required=False)


class AffectedSedeForm(forms.Form):
    """One affected sede entered in the web; the municipality is chosen by name from the
    event's territory (never taken from the code), the service checks the rest."""

    codigo_dane = forms.RegexField(
        r"^\d{12}$",
        label=_("Código DANE de la sede (12 dígitos)"),
        error_messages={"invalid": _("El código DANE de la sede tiene 12 dígitos.")},
    )
    sede = forms.CharField(label=_("Nombre de la sede"), max_length=300)
    municipio = forms.ChoiceField(label=_("Municipio"))
    severidad = forms.TypedChoiceField(
        label=_("Severidad"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—"), ("1", _("1 bajo")), ("2", _("2 moderado")), ("3", _("3 crítico"))],
    )
    dano = forms.ChoiceField(
        label=_("Daño a la infraestructura"),
        required=False,
        choices=[("", "—"), *((k.value, v) for k, v in DAMAGE_LABELS.items())],
    )
    aulas_afectadas = _count(_("Aulas afectadas"))
    albergue = _yes_no(_("¿Usada como albergue?"))
    ocupada = _yes_no(_("¿Ocupada por actores armados o fuerza pública?"))
    materiales_perdidos = _yes_no(_("¿Se perdieron materiales de aprendizaje?"))
    reabierta = _yes_no(_("¿Volvió a dar clases?"))
    dias_perdidos = _count(_("Días de clase perdidos"))
    matricula = _count(_("Matrícula total"))
    estudiantes_mujeres = _count(_("Estudiantes afectadas (mujeres)"))
    estudiantes_hombres = _count(_("Estudiantes afectados (hombres)"))
    docentes_mujeres = _count(_("Docentes afectadas (mujeres)"))
    docentes_hombres = _count(_("Docentes afectados (hombres)"))
    latitud = _degrees(
        _("Latitud (grados decimales)"),
        LATITUDE_RANGE,
        _("La latitud de una sede de Colombia está entre -4,3 y 13,6."),
    )
    longitud = _degrees(
        _("Longitud (grados decimales)"),
        LONGITUDE_RANGE,
        _("La longitud de una sede de Colombia está entre -82 y -66,8."),
    )

    FIELDS: ClassVar[dict[str, str]] = {
        "codigo_dane": "sede_code", "sede": "sede_name", "municipio": "municipality_code",
        "severidad": "severity", "dano": "damage", "aulas_afectadas": "classrooms_damaged",
        "albergue": "used_as_shelter", "ocupada": "occupied",
        "materiales_perdidos": "learning_materials_lost", "reabierta": "reopened",
        "dias_perdidos": "days_lost", "matricula": "enrolment_total",
        "estudiantes_mujeres": "students_affected_female",
        "estudiantes_hombres": "students_affected_male",
        "docentes_mujeres": "teachers_affected_female",
        "docentes_hombres": "teachers_affected_male",
        "latitud": "latitude", "longitud": "longitude",
    }  # fmt: skip

    def __init__(self, *args: Any, municipalities: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipio"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (code, f"{name} ({code})")
            for code, name in sorted(municipalities.items(), key=lambda item: item[1])
        ]

    def clean(self) -> dict[str, Any]:
        """Digits 2-3 of a sede code are its department (the service checks it again)."""
        data: dict[str, Any] = super().clean() or {}
        code, municipality = data.get("codigo_dane"), data.get("municipio")
        if (data.get("latitud") is None) != (data.get("longitud") is None):
            self.add_error(None, _("Escriba la latitud y la longitud, o ninguna de las dos."))
        if code and municipality and code[1:3] != municipality[:2]:
            self.add_error(
                "codigo_dane",
                lazy_format(
                    _("Los dígitos 2 y 3 del código son el departamento %(digits)s; el "
                      "municipio elegido es del %(department)s: corrija el código o el "
                      "municipio."),
                    digits=code[1:3],
                    department=municipality[:2],
                ),
            )  # fmt: skip
        return data

    @classmethod
    def initial_of(cls, sede: Any) -> dict[str, Any]:
        """The form's initial values from a stored AffectedSede."""
        initial = {}
        for name, attribute in cls.FIELDS.items():
            value = getattr(sede, attribute)
            if isinstance(value, bool):
                value = "si" if value else "no"
            initial[name] = value
        return initial

    def sede_values(self) -> dict[str, Any]:
        """The AffectedSede values the form gives (yes/no/unknown as True/False/None)."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name, attribute in self.FIELDS.items():
            value = data[name]
            if isinstance(self.fields[name], forms.ChoiceField) and name in YES_NO_FIELDS:
                value = {"si": True, "no": False}.get(value)
            values[attribute] = value
        values["enrolment_total"] = values["enrolment_total"] or 0
        return values


YES_NO_FIELDS = ("albergue", "ocupada", "materiales_perdidos", "reabierta")
