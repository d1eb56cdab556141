"""The LEG cycle in the operational database: workspaces, monthly reports, meetings with
their decisions and follow-ups, announcements of the national cluster, and action plans
(plan → actions → progress updates and comments).

Business rules live in domain/coordination.py and services.py; access rules in access.py.
Every change is written to the 5W cycle's audit log (response.AuditLog).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trayecto.domain.action_plans import ActionStatus
from trayecto.domain.coordination import ReportStatus
from trayecto.web.accounts.models import Organization

REPORT_STATUS_LABELS = {
    ReportStatus.DRAFT: _("borrador"),
    ReportStatus.SUBMITTED: _("enviado"),
    ReportStatus.APPROVED: _("aprobado por el clúster nacional"),
    ReportStatus.PUBLISHED: _("publicado"),
    ReportStatus.RETURNED: _("devuelto al GEL"),
}


class Workspace(models.Model):
    """The space of one department's Local Education Group (LEG / GEL)."""

    department_code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=100, help_text=_("Nombre del departamento"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("espacio de GEL")
        verbose_name_plural = _("espacios de GEL")

    def __str__(self) -> str:
        return f"GEL {self.name} ({self.department_code})"


class LegReport(models.Model):
    """The LEG's monthly report: narrative sections written by the LEG, figures pulled from
    the platform (frozen when the report is submitted, so what is approved is what was sent)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(max_length=7, help_text=_("AAAA-MM"))
    status = models.CharField(
        max_length=12,
        choices=[(s.value, REPORT_STATUS_LABELS[s]) for s in ReportStatus],
        default=ReportStatus.DRAFT.value,
    )
    summary = models.TextField(blank=True)
    achievements = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    figures = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True, help_text=_("Motivo de la devolución"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-period", "workspace__name")
        constraints = (
            models.UniqueConstraint(fields=["workspace", "period"], name="one_leg_report_a_month"),
        )
        verbose_name = _("informe mensual del GEL")
        verbose_name_plural = _("informes mensuales del GEL")

    def __str__(self) -> str:
        return f"{self.workspace.department_code} {self.period} ({self.status})"


class Meeting(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    attendees = models.ManyToManyField(Organization, blank=True, related_name="+")
    notes = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text=_("Creada por la demostración."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-held_on", "-id")
        verbose_name = _("reunión")
        verbose_name_plural = _("reuniones")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ("id",)
        verbose_name = _("decisión")
        verbose_name_plural = _("decisiones")

    def __str__(self) -> str:
        return self.text[:60]


class FollowUp(models.Model):
    """A task a meeting assigned to an organisation, with a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField()
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due_date", "id")
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.due_date} {self.text[:40]}"


class Announcement(models.Model):
    """A message of the national cluster to some LEGs (no workspace named: to every LEG)."""

    title = models.CharField(max_length=200)
    body = models.TextField()
    workspaces = models.ManyToManyField(Workspace, blank=True, related_name="announcements")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    emails_sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("anuncio")
        verbose_name_plural = _("anuncios")

    def __str__(self) -> str:
        return self.title


ACTION_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: _("no iniciada"),
    ActionStatus.IN_PROGRESS: _("en curso"),
    ActionStatus.DONE: _("hecha"),
    ActionStatus.BLOCKED: _("bloqueada"),
    ActionStatus.CANCELLED: _("cancelada"),
}


class ActionPlan(models.Model):
    """A shared plan: the partners' ETPV plan, a LEG's response plan (with its workspace)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    is_demo = models.BooleanField(default=False, help_text=_("Creado por la demostración."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """One action of a plan: who leads it, who supports it, where, when, how far it is, and
    the indicator that measures it (baseline, target, dated progress updates)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(max_length=20, help_text=_("Código de la acción en el plan"))
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    supporting = models.ManyToManyField(Organization, blank=True, related_name="+")
    department = models.CharField(max_length=2, blank=True)
    etc_code = models.CharField(max_length=10, blank=True)
    municipality = models.CharField(max_length=5, blank=True)
    start_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(
        max_length=12,
        choices=[(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus],
        default=ActionStatus.NOT_STARTED.value,
    )
    indicator = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.FloatField(default=0)
    target = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ("plan", "code")
        constraints = (
            models.UniqueConstraint(fields=["plan", "code"], name="one_action_code_per_plan"),
        )
        verbose_name = _("acción")
        verbose_name_plural = _("acciones")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    value = models.FloatField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-on", "-id")
        verbose_name = _("avance")
        verbose_name_plural = _("avances")

    def __str__(self) -> str:
        return f"{self.action_id} {self.on} {self.value}"


class ActionComment(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("comentario")
        verbose_name_plural = _("comentarios")

    def __str__(self) -> str:
        return self.text[:60]


class BulletinRecord(models.Model):
    """A bulletin as it was issued: the file, the warehouse version it read and the
    operational figures it quoted (`inputs`), so that it can be rebuilt identically."""

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"

    period = models.CharField(max_length=7)
    department = models.CharField(max_length=2, blank=True, help_text=_("Vacío: nacional"))
    language = models.CharField(max_length=5, default="es")
    format = models.CharField(max_length=4, choices=Format.choices)
    manifest_version = models.PositiveIntegerField(null=True, blank=True)
    inputs = models.JSONField(default=dict)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    source = models.CharField(max_length=10, help_text=_("web, cli o tarea programada"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-period", "department", "-created_at")
        verbose_name = _("boletín")
        verbose_name_plural = _("boletines")

    def __str__(self) -> str:
        return f"{self.period} {self.department or 'nacional'} {self.format}"
