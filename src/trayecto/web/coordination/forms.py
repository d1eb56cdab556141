"""Forms of the LEG pages: every POST field and query parameter is parsed here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.web.accounts.models import Organization
from trayecto.web.coordination.models import ACTION_STATUS_LABELS, Workspace
from trayecto.web.params import PeriodField, YearField

ETPV_YEAR_RULE = _("«anio»: hay archivos de estudiantes de los años %(years)s.")
DEPARTMENT_RULE = _("El código DANE de un departamento tiene dos dígitos (por ejemplo 81).")


class WorkspaceOpenForm(forms.Form):
    department_code = forms.RegexField(
        label=_("Código DANE del departamento"),
        regex=r"^\d{2}$",
        error_messages={"invalid": DEPARTMENT_RULE},
    )
    name = forms.CharField(label=_("Departamento"), max_length=100)


class ReportStartForm(forms.Form):
    period = PeriodField(label=_("Mes del informe"), max_length=7)


class ReportSectionsForm(forms.Form):
    summary = forms.CharField(label=_("Resumen del mes"), required=False, widget=forms.Textarea)
    achievements = forms.CharField(label=_("Logros"), required=False, widget=forms.Textarea)
    challenges = forms.CharField(
        label=_("Dificultades y brechas"), required=False, widget=forms.Textarea
    )
    next_steps = forms.CharField(label=_("Próximos pasos"), required=False, widget=forms.Textarea)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Motivo de la devolución"), required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    title = forms.CharField(label=_("Título"), max_length=200)
    notes = forms.CharField(label=_("Notas"), required=False, widget=forms.Textarea)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Organizaciones presentes"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decisión"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Compromiso"), widget=forms.Textarea(attrs={"rows": 2}))
    organization = forms.ModelChoiceField(
        label=_("Organización responsable"), queryset=Organization.objects.order_by("name")
    )
    due_date = forms.DateField(
        label=_("Fecha límite"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )


class WorkspaceChoiceField(forms.ModelMultipleChoiceField[Workspace]):
    """Workspaces by department name, with the DANE code beside it."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.department_code})"


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Asunto"), max_length=200)
    body = forms.CharField(label=_("Mensaje"), widget=forms.Textarea)
    workspaces = WorkspaceChoiceField(
        label=_("GEL destinatarios (ninguno marcado: todos)"),
        queryset=Workspace.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# --------------------------------------------------------------------------- action plans
class PlanCreateForm(forms.Form):
    code = forms.SlugField(label=_("Código del plan"), max_length=40)
    name = forms.CharField(label=_("Nombre"), max_length=200)
    description = forms.CharField(label=_("Descripción"), required=False, widget=forms.Textarea)
    workspace = forms.ModelChoiceField(
        label=_("GEL (plan de respuesta de un GEL)"),
        queryset=Workspace.objects.order_by("name"),
        required=False,
    )


class ActionForm(forms.Form):
    code = forms.RegexField(
        label=_("Código"),
        regex=r"^[\w.\-]{1,20}$",
        error_messages={"invalid": _("Hasta 20 letras, cifras, puntos o guiones (p. ej. A1).")},
    )
    title = forms.CharField(label=_("Acción"), max_length=300)
    lead = forms.ModelChoiceField(
        label=_("Organización líder"), queryset=Organization.objects.order_by("name")
    )
    supporting = forms.ModelMultipleChoiceField(
        label=_("Organizaciones de apoyo"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    department = forms.RegexField(
        label=_("Departamento (código DANE)"), regex=r"^\d{2}$", required=False,
        error_messages={"invalid": DEPARTMENT_RULE},
    )  # fmt: skip
    etc_code = forms.RegexField(
        label=_("ETC (código MEN)"), regex=r"^\d{1,10}$", required=False,
        error_messages={"invalid": _("El código de la ETC lleva solo cifras (p. ej. 3802).")},
    )  # fmt: skip
    municipality = forms.RegexField(
        label=_("Municipio (código DANE)"), regex=r"^\d{5}$", required=False,
        error_messages={"invalid": _("El código DANE de un municipio tiene cinco dígitos.")},
    )  # fmt: skip
    start_date = forms.DateField(
        label=_("Inicio"), widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )  # fmt: skip
    due_date = forms.DateField(
        label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    indicator = forms.CharField(label=_("Indicador"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unidad"), max_length=40, required=False)
    baseline = forms.FloatField(label=_("Línea de base"), required=False)
    target = forms.FloatField(label=_("Meta"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("La fecha de fin es anterior a la de inicio."))
        return cleaned


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, label) for s, label in ACTION_STATUS_LABELS.items()]


class ProgressForm(forms.Form):
    on = forms.DateField(
        label=_("Fecha"), widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    value = forms.FloatField(label=_("Valor"))
    note = forms.CharField(label=_("Nota"), required=False, max_length=500)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comentario"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Libro del plan (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Solo revisar, sin importar"), required=False)


# --------------------------------------------------------------------------- bulletins
class BulletinForm(forms.Form):
    period = PeriodField(label=_("Mes"), max_length=7)
    department = forms.RegexField(
        label=_("Departamento (código DANE; vacío: nacional)"), regex=r"^\d{2}$", required=False,
        error_messages={"invalid": DEPARTMENT_RULE},
    )  # fmt: skip
    format = forms.ChoiceField(
        label=_("Formato"), choices=[("pdf", "PDF"), ("html", "HTML")], initial="pdf"
    )


class EtpvYearForm(forms.Form):
    """`anio` of the ETPV plan's dashboard: a school year whose student files are loaded
    (the latest when absent)."""

    anio = YearField(required=False)

    def __init__(self, data: Any, *, loaded: list[int]) -> None:
        super().__init__(data)
        self.loaded = loaded

    def clean_anio(self) -> int | None:
        year: int | None = self.cleaned_data["anio"]
        if year is not None and year not in self.loaded:
            raise forms.ValidationError(
                ETPV_YEAR_RULE, params={"years": ", ".join(map(str, self.loaded)) or "—"}
            )
        return year
