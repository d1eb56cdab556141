"""Forms of the LEG pages: every POST field and query parameter is parsed here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.web.accounts.models import Organization
from trayecto.web.coordination.models import Workspace
from trayecto.web.params import PeriodField

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
