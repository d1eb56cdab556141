"""The 5W cycle in the operational database: catalogue, periods, submissions, lines,
targets, people in need and the audit log.

Business rules live in services/; access rules in access.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trayecto.domain.catalogue import Unit
from trayecto.domain.five_w import BeneficiaryType, ConsolidationRule, Status
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS, FUNDED_PROJECT_MAX, EtpvSupport
from trayecto.web.accounts.models import Organization
from trayecto.web.response import labels

MONTH_HELP = _("AAAA-MM")
STATUS_LABELS = {
    Status.DRAFT: _("borrador"),
    Status.SUBMITTED: _("enviado"),
    Status.VALIDATED: _("validado"),
    Status.APPROVED: _("aprobado"),
    Status.PUBLISHED: _("publicado"),
    Status.REJECTED: _("devuelto al socio"),
}


class CatalogueItem(models.Model):
    """An activity (or GIFMM indicator) partners report on, valid from a period onwards.

    Editing an activity for a new period adds a version (same code, later `valid_from`)
    so reports of earlier months keep the definition they were made with.
    """

    code = models.CharField(max_length=20)
    name_es = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=20, choices=[(u.value, u.value) for u in Unit])
    gifmm_indicator = models.PositiveIntegerField(null=True, blank=True)
    valid_from = models.CharField(max_length=7, help_text=MONTH_HELP)
    valid_until = models.CharField(max_length=7, blank=True, help_text=MONTH_HELP)
    aliases = models.TextField(
        blank=True,
        help_text=_("Otros nombres con que los socios escriben la actividad, uno por línea"),
    )

    class Meta:
        ordering = ("code", "valid_from")
        constraints = (
            models.UniqueConstraint(fields=["code", "valid_from"], name="catalogue_code_version"),
        )
        verbose_name = _("actividad del catálogo")
        verbose_name_plural = _("catálogo de actividades")

    def __str__(self) -> str:
        return f"{self.code} - {self.name_es} ({self.valid_from})"


class ReportingPeriod(models.Model):
    month = models.CharField(max_length=7, unique=True, help_text=MONTH_HELP)
    due_date = models.DateField()
    locked = models.BooleanField(default=False)
    lock_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-month",)
        verbose_name = _("periodo de reporte")
        verbose_name_plural = _("periodos de reporte")

    def __str__(self) -> str:
        return self.month


class Submission(models.Model):
    """One organisation's 5W report for one month (re-uploads replace it, never duplicate)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        max_length=12,
        choices=[(s.value, STATUS_LABELS[s]) for s in Status],
        default=Status.DRAFT.value,
    )
    file_name = models.CharField(max_length=255, blank=True)
    file_hash = models.CharField(max_length=64, blank=True)
    profile = models.CharField(max_length=40, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, help_text=_("Motivo del rechazo o de la reapertura"))
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: who sent the report may not validate or approve it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Every published figure records how it was counted and from which warehouse version.
    published_rule = models.CharField(max_length=40, blank=True)
    published_manifest_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("-period__month", "organization__name")
        constraints = (
            models.UniqueConstraint(
                fields=["organization", "period"], name="one_submission_per_org_and_month"
            ),
        )
        verbose_name = _("reporte 5W")
        verbose_name_plural = _("reportes 5W")

    def __str__(self) -> str:
        return f"{self.organization.code} {self.period.month} ({self.status})"

    @property
    def published_rule_label(self) -> str:
        """The consolidation rule it was published with, in words."""
        return labels.rule_label(self.published_rule)

    # The departments of its lines when a page fetched them for many reports at once
    # (access.with_review_state); otherwise department_codes() asks the database.
    prefetched_department_codes: frozenset[str] | None = None

    def department_codes(self) -> set[str]:
        if self.prefetched_department_codes is not None:
            return set(self.prefetched_department_codes)
        return set(self.lines.values_list("department", flat=True))


class DepartmentValidation(models.Model):
    """One department's part of a report, validated by a LEG of that department (or by the
    IM team). A report with lines in two departments is validated when both parts are."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="department_validations"
    )
    department = models.CharField(max_length=10)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("submission", "department")
        constraints = (
            models.UniqueConstraint(
                fields=["submission", "department"], name="one_validation_per_department"
            ),
        )
        verbose_name = _("validación por departamento")
        verbose_name_plural = _("validaciones por departamento")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.department}"


class WorkflowPolicy(models.Model):
    """The cluster admin's choices for the 5W workflow (one row, edited in the admin)."""

    approver_may_publish = models.BooleanField(
        default=True,
        help_text=_("Si no, quien aprueba un reporte no puede publicarlo: lo publica otra persona"),
    )

    class Meta:
        verbose_name = _("política del flujo 5W")
        verbose_name_plural = _("política del flujo 5W")

    def __str__(self) -> str:
        return str(_("política del flujo 5W"))

    @classmethod
    def current(cls) -> WorkflowPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class ActivityLine(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(help_text=_("Fila del archivo"))
    month = models.CharField(max_length=7)
    department = models.CharField(max_length=10, db_index=True)
    municipality = models.CharField(max_length=10, db_index=True)
    sede = models.CharField(max_length=12, blank=True)
    place_name = models.CharField(max_length=300, blank=True)
    activity = models.CharField(max_length=120)
    population_group = models.CharField(max_length=40)
    beneficiary_type = models.CharField(
        max_length=12, choices=[(t.value, t.value) for t in BeneficiaryType]
    )
    beneficiaries = models.PositiveIntegerField()
    new_beneficiaries = models.PositiveIntegerField()
    quantity = models.PositiveIntegerField(null=True, blank=True)
    households = models.PositiveIntegerField(null=True, blank=True)
    cells = models.JSONField(default=dict, help_text=_('Nuevos por "sexo:edad"'))
    of_which = models.JSONField(default=dict, blank=True)
    groups = models.JSONField(default=dict, blank=True)
    # What reach counts: the new beneficiaries by population group × sex × age
    # (domain.five_w.new_beneficiary_group_cells), so that a line split over groups is
    # de-duplicated group by group.
    group_cells = models.JSONField(
        default=dict, blank=True, help_text=_('Nuevos por "grupo:sexo:edad"')
    )
    comments = models.TextField(blank=True)
    # GIFMM 5W v2 columns that link a line to the ETPV plan and to its donor
    # (domain/five_w_etpv.py; docs/formats/five-w.md)
    etpv_support = models.BooleanField(
        default=False, help_text=_("Actividad en apoyo al ETPV (Sí/No)")
    )
    etpv_support_type = models.CharField(
        max_length=20,
        blank=True,
        choices=[(s.value, ETPV_SUPPORT_LABELS[s][0]) for s in EtpvSupport],
        help_text=_("Tipo de apoyo al ETPV"),
    )
    funded_project = models.CharField(
        max_length=FUNDED_PROJECT_MAX,
        blank=True,
        db_index=True,
        help_text=_("Convenio o proyecto financiado"),
    )

    class Meta:
        ordering = ("submission", "row")
        verbose_name = _("línea de actividad")
        verbose_name_plural = _("líneas de actividad")

    def __str__(self) -> str:
        return f"{self.submission_id} fila {self.row}"


class Target(models.Model):
    """A response-plan target: indicator × department [× municipality, group] × plan year."""

    indicator = models.CharField(max_length=40)
    department = models.CharField(max_length=2)
    municipality = models.CharField(max_length=5, blank=True)
    population_group = models.CharField(max_length=40, blank=True)
    plan_year = models.PositiveIntegerField()
    value = models.PositiveIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["indicator", "department", "municipality", "population_group", "plan_year"],
                name="one_target_per_cell",
            ),
        )
        verbose_name = _("meta")
        verbose_name_plural = _("metas")

    def __str__(self) -> str:
        return f"{self.indicator} {self.department}{self.municipality} {self.plan_year}"


class PlannedActivity(models.Model):
    """What a partner plans to do in a plan year: activity × place × population group, with
    the people it plans to reach. Pre-fills the 5W template; compared with reach per partner."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="planned_activities"
    )
    activity = models.CharField(max_length=120)
    department = models.CharField(max_length=2)
    municipality = models.CharField(max_length=5, blank=True)
    population_group = models.CharField(max_length=40)
    plan_year = models.PositiveIntegerField()
    planned_beneficiaries = models.PositiveIntegerField()
    # the donor-funded project the activity is planned under, written as the 5W lines name it
    # in «Convenio Financiado», so the donor view sets planned beside achieved per project
    funded_project = models.CharField(
        max_length=FUNDED_PROJECT_MAX,
        blank=True,
        help_text=_("Convenio o proyecto financiado"),
    )

    class Meta:
        ordering = ("organization__code", "plan_year", "activity", "department", "municipality")
        constraints = (
            models.UniqueConstraint(
                fields=[
                    "organization", "activity", "department", "municipality",
                    "population_group", "plan_year",
                ],
                name="one_plan_per_cell",
            ),
        )  # fmt: skip
        verbose_name = _("actividad planificada")
        verbose_name_plural = _("actividades planificadas")

    def __str__(self) -> str:
        place = self.municipality or self.department
        return f"{self.organization_id} {self.activity} {place} {self.plan_year}"


class PeopleInNeed(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Registrada")
        OCHA_JIAF = "ocha_jiaf", _("OCHA JIAF (HNO)")

    indicator = models.CharField(max_length=40, default="education")
    area_code = models.CharField(max_length=5)
    plan_year = models.PositiveIntegerField()
    value = models.FloatField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["indicator", "area_code", "plan_year"], name="one_pin_per_area"
            ),
        )
        verbose_name = _("personas con necesidad")
        verbose_name_plural = _("personas con necesidad")

    def __str__(self) -> str:
        return f"PiN {self.indicator} {self.area_code} {self.plan_year}"


class AuditLog(models.Model):
    """Every transition and edit of 5W records: who, when, what, why."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registro de auditoría")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    @property
    def action_label(self) -> str:
        """What happened, in the page's words ("enviado a validación", not `submit`)."""
        return labels.action_label(self.action)


RULE_CHOICES = [(r.value, r.value) for r in ConsolidationRule]
