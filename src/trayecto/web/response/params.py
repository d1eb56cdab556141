"""The query parameters and small form fields of the 5W pages, parsed (web/params.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.web.params import MAX_PLANNED, PeriodField, YearField, lazy_format

PLANNED_RULE = lazy_format(
    _("Las personas planificadas son un número entero entre 0 y %(max)s."),
    max=f"{MAX_PLANNED:,}".replace(",", "."),
)


class PeriodForm(forms.Form):
    """The reach page, its map and its table: the month (default: this month)."""

    period = PeriodField(required=False)


class TemplateForm(forms.Form):
    org = forms.CharField(required=False, max_length=50)
    period = PeriodField(required=False)
    prefill = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("1", "1"), ("plan", "plan")],
        error_messages={"invalid_choice": _("«prefill» es 1 (el mes anterior) o plan.")},
    )


class CopyLastMonthForm(forms.Form):
    period = PeriodField()


class YearForm(forms.Form):
    year = YearField(required=False)


class PlanForm(forms.Form):
    year = YearField(required=False)
    planned = forms.IntegerField(
        min_value=0,
        max_value=MAX_PLANNED,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), PLANNED_RULE
        ),
    )
