"""The token page's form: a name and an optional validity in days."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trayecto.web.api.tokens import MAX_EXPIRY_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nombre (para qué lo usa)"), max_length=80, required=False)
    expires_days = forms.IntegerField(
        label=_("Vence en (días; vacío: no vence)"),
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        required=False,
    )
