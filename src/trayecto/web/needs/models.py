"""A needs run: our own severity and PiN for every municipality, stored with everything
needed to reproduce it (parameters, warehouse version) and to compare it with OCHA's and
with another run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedsRun(models.Model):
    name = models.CharField(_("nombre"), max_length=120)
    year = models.PositiveIntegerField(_("año de los datos"))
    parameters = models.JSONField(_("parámetros"))
    warehouse_version = models.PositiveIntegerField(_("versión del almacén"))
    # one object per municipality (analytics.needs.NeedsResult.rows, JSON-ready)
    results = models.JSONField(_("resultados"))
    totals = models.JSONField(_("totales"), default=dict)
    sources = models.JSONField(_("fuentes"), default=dict)
    # empty when every input had data
    missing = models.JSONField(_("datos que faltan"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A run is a working analysis until the IM team publishes it: only then does it enter
    # the bulletin, which every member (donors included) reads.
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("cálculo de necesidades")
        verbose_name_plural = _("cálculos de necesidades")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"
