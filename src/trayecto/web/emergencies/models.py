"""Emergencies that disrupt schooling and the sedes they hit (the operational record).

Business rules live in services.py (writes) and selectors.py (reads); access in access.py.
Every change goes to the project's audit log (`response.AuditLog`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trayecto.domain.emergencies import Damage, EventStatus, EventSubtype, EventType

TYPE_LABELS = {
    EventType.MIGRATION: _("Flujo migratorio"),
    EventType.ARMED_CONFLICT: _("Conflicto armado"),
    EventType.NATURAL_DISASTER: _("Desastre natural"),
}
SUBTYPE_LABELS = {
    EventSubtype.MIGRATION_INFLUX: _("Llegada masiva de población migrante"),
    EventSubtype.DISPLACEMENT: _("Desplazamiento"),
    EventSubtype.CONFINEMENT: _("Confinamiento"),
    EventSubtype.ATTACK_ON_SCHOOL: _("Ataque a una escuela"),
    EventSubtype.ATTACK_ON_STUDENTS_TEACHERS: _("Ataque a estudiantes o docentes"),
    EventSubtype.MILITARY_USE: _("Uso militar u ocupación de una escuela"),
    EventSubtype.ARMED_STRIKE: _("Paro armado"),
    EventSubtype.EXPLOSIVE_DEVICES: _("Artefactos explosivos cerca de una escuela (MAP/MUSE)"),
    EventSubtype.FLOOD: _("Inundación"),
    EventSubtype.LANDSLIDE: _("Deslizamiento"),
    EventSubtype.EARTHQUAKE: _("Sismo"),
    EventSubtype.OTHER_DISASTER: _("Otro desastre"),
}
STATUS_LABELS = {
    EventStatus.REPORTED: _("reportado"),
    EventStatus.VERIFIED: _("verificado"),
    EventStatus.RESPONDING: _("en respuesta"),
    EventStatus.CLOSED: _("cerrado"),
}
# What the event's timeline says for each action of the audit log, never the action's key.
ACTION_LABELS = {
    "create": _("registrada"),
    "update": _("descripción cambiada"),
    "status": _("estado cambiado"),
    "organizations": _("organizaciones de apoyo cambiadas"),
    "import": _("lista importada"),
    "reimport": _("lista corregida importada de nuevo"),
    "sede_create": _("sede registrada en la web"),
    "sede_update": _("sede registrada o corregida"),
    "assessment": _("evaluaciones de daños importadas"),
    "sede_delete": _("sede retirada"),
    "alert_recorded": _("alerta enviada: emergencia registrada"),
    "alert_gaps": _("alerta enviada: sedes sin respuesta"),
    "alert_late": _("alerta enviada: sedes afectadas nuevas tras la alerta"),
}
DAMAGE_LABELS = {
    Damage.NONE: _("ninguno"),
    Damage.PARTIAL: _("parcial"),
    Damage.DESTROYED: _("destruida"),
}
DEFAULT_ALERT_DAYS = 7


def new_data_version() -> str:
    """A fresh token for Event.data_version: random, so a cached figure of one database (or
    one test) is never taken for another's."""
    return uuid.uuid4().hex


class Event(models.Model):
    """One emergency: what, when, where, who said so, and where it stands."""

    type = models.CharField(max_length=20, choices=list(TYPE_LABELS.items()))
    subtype = models.CharField(max_length=40, choices=list(SUBTYPE_LABELS.items()), blank=True)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    department_codes = models.JSONField(default=list)  # ["27"]: at least one
    municipality_codes = models.JSONField(default=list, blank=True)  # empty: all of them
    source = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=list(STATUS_LABELS.items()), default=EventStatus.REPORTED.value
    )
    narrative = models.TextField(blank=True)
    # N: an affected sede with no response N days after the event is a gap (alert).
    alert_after_days = models.PositiveSmallIntegerField(default=DEFAULT_ALERT_DAYS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Changes whenever what the event's figures read changes (services.py): the figures are
    # kept per version (selectors.cached_figures).
    data_version = models.CharField(max_length=32, default=new_data_version, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organizations = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="emergency_events"
    )

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name = _("emergencia")
        verbose_name_plural = _("emergencias")

    def __str__(self) -> str:
        return f"{self.start_date} {self.title}"


class AffectedList(models.Model):
    """One imported list of affected sedes: importing it again replaces its rows only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="lists")
    name = models.CharField(max_length=200)  # the file's name: a corrected list keeps it
    file_sha256 = models.CharField(max_length=64)
    vintage = models.CharField(max_length=10, blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["event", "name"], name="one_list_per_event_name"),
        )
        verbose_name = _("lista de sedes afectadas")
        verbose_name_plural = _("listas de sedes afectadas")

    def __str__(self) -> str:
        return self.name


class AffectedSede(models.Model):
    """A sede an event hit, from a list (or entered in the web: `affected_list` empty)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sedes")
    affected_list = models.ForeignKey(
        AffectedList, null=True, blank=True, on_delete=models.CASCADE, related_name="sedes"
    )
    line = models.PositiveIntegerField(null=True, blank=True)  # the row in its list
    sede_code = models.CharField(max_length=12)
    sede_name = models.CharField(max_length=300)
    municipality_code = models.CharField(max_length=5)
    department_code = models.CharField(max_length=2)
    etc_code = models.CharField(max_length=10, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 low .. 3 critical
    damage = models.CharField(
        max_length=10, choices=list(DAMAGE_LABELS.items()), blank=True
    )  # rapid assessment
    classrooms_damaged = models.PositiveIntegerField(null=True, blank=True)
    used_as_shelter = models.BooleanField(null=True, blank=True)
    occupied = models.BooleanField(null=True, blank=True)  # by armed actors or security forces
    reopened = models.BooleanField(null=True, blank=True)
    days_lost = models.PositiveIntegerField(null=True, blank=True)
    enrolment_total = models.PositiveIntegerField(default=0)
    enrolment_early_childhood = models.PositiveIntegerField(null=True, blank=True)
    enrolment_primary = models.PositiveIntegerField(null=True, blank=True)
    enrolment_secondary = models.PositiveIntegerField(null=True, blank=True)
    enrolment_upper_secondary = models.PositiveIntegerField(null=True, blank=True)
    enrolment_adults = models.PositiveIntegerField(null=True, blank=True)
    students_affected_female = models.PositiveIntegerField(null=True, blank=True)
    students_affected_male = models.PositiveIntegerField(null=True, blank=True)
    teachers = models.PositiveIntegerField(null=True, blank=True)
    directors = models.PositiveIntegerField(null=True, blank=True)
    teachers_affected = models.PositiveIntegerField(null=True, blank=True)
    teachers_affected_female = models.PositiveIntegerField(null=True, blank=True)
    teachers_affected_male = models.PositiveIntegerField(null=True, blank=True)
    learning_materials_lost = models.BooleanField(null=True, blank=True)  # rapid assessment
    organisations = models.JSONField(default=list, blank=True)  # supporting, as the list names
    # The sede's point (WGS 84) from the damage assessment's geopoint; the event map draws it.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ("municipality_code", "sede_code")
        constraints = (
            models.UniqueConstraint(fields=["event", "sede_code"], name="one_row_per_event_sede"),
        )
        indexes = (models.Index(fields=["sede_code"]),)
        verbose_name = _("sede afectada")
        verbose_name_plural = _("sedes afectadas")

    def __str__(self) -> str:
        return f"{self.sede_code} {self.sede_name}"

    @property
    def students_affected(self) -> int:
        """Students affected: the sexes when the assessment counted them, else enrolment."""
        if self.students_affected_female is not None or self.students_affected_male is not None:
            return (self.students_affected_female or 0) + (self.students_affected_male or 0)
        return self.enrolment_total
