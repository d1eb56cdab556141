"""Organisations and memberships: who a user works for, in which role, over which territory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    class Type(models.TextChoices):
        UN = "un", _("Agencia ONU")
        INGO = "ingo", _("ONG internacional")
        NGO = "ngo", _("ONG nacional")
        GOVERNMENT = "government", _("Gobierno")
        DONOR = "donor", _("Donante")

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    is_demo = models.BooleanField(default=False, help_text=_("Creada por la demostración."))

    class Meta:
        ordering = ("name",)
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's single role and its scope (DESIGN.md, Users)."""

    class Role(models.TextChoices):
        CLUSTER_ADMIN = "cluster_admin", _("Administración del clúster")
        IM_OFFICER = "im_officer", _("Oficial de manejo de información")
        LEG_COORDINATOR = "leg_coordinator", _("Coordinación GEL")
        ETC_ANALYST = "etc_analyst", _("Analista de Secretaría (ETC)")
        PARTNER = "partner", _("Punto focal de socio")
        VIEWER = "viewer", _("Consulta / donante")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices)
    # Scope: LEG coordinators get department codes ("81", "54"); ETC analysts one ETC code.
    department_codes = models.JSONField(default=list, blank=True)
    etc_code = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
