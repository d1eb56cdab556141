"""Planned activities of a partner: people planned per activity, place and group."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from trayecto.domain.bounds import FIVE_W_PEOPLE
from trayecto.domain.five_w import normalise, parse_population_group
from trayecto.domain.five_w_etpv import FUNDED_PROJECT_MAX, funded_project_text
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import PlannedActivity
from trayecto.web.response.selectors.catalogue import catalogue_index
from trayecto.web.response.services.audit import User, audit, require

UNKNOWN_ACTIVITY = "actividad «{value}» fuera del catálogo: elija una de la lista"
UNKNOWN_GROUP = "grupo poblacional «{value}» desconocido: elija uno de la lista"
BAD_PLACE = (
    "lugar «{value}» no válido: departamento de 2 dígitos y, si lo da, municipio de 5 dígitos "
    "de ese departamento"
)
# the same rule as the 5W line's «Convenio Financiado» (importers/five_w/link_checks.py)
LONG_PROJECT = (
    "el proyecto o convenio financiado tiene {length} caracteres y caben {limit}: escriba el "
    "nombre o el número del convenio, no su descripción"
)


def planned_activity_save(
    *,
    user: User | None,
    organization: Organization,
    activity: str,
    department: str,
    municipality: str = "",
    population_group: str,
    plan_year: int,
    planned_beneficiaries: int,
    funded_project: str = "",
) -> PlannedActivity:
    """Add a planned activity or change the people planned (and the funded project it is
    planned under) for the same cell (audited)."""
    require(user is None or access.can_edit_plan(user, organization), access.NOT_YOUR_PLAN)
    code = catalogue_index().get(normalise(activity))
    if code is None:
        raise ValidationError(UNKNOWN_ACTIVITY.format(value=activity))
    group = parse_population_group(population_group)
    if group is None:
        raise ValidationError(UNKNOWN_GROUP.format(value=population_group))
    place_ok = (
        len(department) == 2
        and department.isdigit()
        and (not municipality or (len(municipality) == 5 and municipality.startswith(department)))
    )
    if not place_ok or (municipality and not municipality.isdigit()):
        raise ValidationError(BAD_PLACE.format(value=municipality or department))
    if planned_beneficiaries < 0:
        raise ValidationError("las personas planificadas son cero o más")
    if implausible := FIVE_W_PEOPLE.refusal(planned_beneficiaries, "es"):
        raise ValidationError(f"personas planificadas: {implausible}")
    project = funded_project_text(funded_project)
    if len(project) > FUNDED_PROJECT_MAX:
        raise ValidationError(LONG_PROJECT.format(length=len(project), limit=FUNDED_PROJECT_MAX))
    with transaction.atomic():
        plan, created = PlannedActivity.objects.update_or_create(
            organization=organization, activity=code, department=department,
            municipality=municipality, population_group=group.value, plan_year=plan_year,
            defaults={"planned_beneficiaries": planned_beneficiaries, "funded_project": project},
        )  # fmt: skip
        audit(
            user, "plan_add" if created else "plan_update", plan,
            planned_beneficiaries=planned_beneficiaries, funded_project=project,
        )  # fmt: skip
    return plan


def planned_activity_delete(*, user: User | None, plan: PlannedActivity) -> None:
    require(user is None or access.can_edit_plan(user, plan.organization), access.NOT_YOUR_PLAN)
    with transaction.atomic():
        audit(user, "plan_delete", plan, activity=plan.activity, plan_year=plan.plan_year)
        plan.delete()
