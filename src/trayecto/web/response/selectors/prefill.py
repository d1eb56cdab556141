"""Lines a 5W template comes pre-filled with: the last approved report, or the plan."""

from __future__ import annotations

from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup, Status
from trayecto.domain.geography import Municipality
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import PlannedActivity, Submission


def prefill_lines(*, organization: Organization, month: str) -> list[dict[str, str | int]]:
    """Template lines from the organisation's last approved report before `month`, every one
    recurrent (its people were counted as new when first reached); cells left to the partner."""
    last = (
        Submission.objects.filter(
            organization=organization,
            status__in=[Status.APPROVED, Status.PUBLISHED],
            period__month__lt=month,
        )
        .order_by("-period__month")
        .first()
    )
    if last is None:
        return []
    return [
        {
            "municipality": line.municipality,
            "sede": line.sede,
            "place_name": line.place_name,
            "activity": line.activity,
            "population_group": POPULATION_GROUP_LABELS[PopulationGroup(line.population_group)][0],
            "beneficiary_type": "Recurrente",
            "beneficiaries": line.beneficiaries,
        }
        for line in last.lines.all()
    ]


PLANNED_NOTE = "Planificado: {n} personas en {year}. Llene las cifras del mes o borre la fila."


def plan_prefill_lines(
    *, organization: Organization, month: str, municipalities: list[Municipality]
) -> list[dict[str, str | int]]:
    """Template lines from the organisation's planned activities of the month's plan year:
    place, activity and group filled, marked as planned in the comments, counts left empty
    (an untouched planned line is rejected on upload as any line without beneficiaries)."""
    by_code = {m.code: m for m in municipalities}
    departments = {m.department_code: m.department_name for m in municipalities}
    plans = PlannedActivity.objects.filter(organization=organization, plan_year=int(month[:4]))
    lines: list[dict[str, str | int]] = []
    for plan in plans:
        place = by_code.get(plan.municipality)
        line: dict[str, str | int] = {
            "department": f"{plan.department} - {departments.get(plan.department, '')}",
        }
        if plan.municipality:  # a department-level plan: the partner picks the municipality
            line["municipality"] = place.label if place else plan.municipality
        if plan.funded_project:
            line["funded_project"] = plan.funded_project
        lines.append(
            {
                **line,
                "activity": plan.activity,
                "population_group": POPULATION_GROUP_LABELS[PopulationGroup(plan.population_group)][
                    0
                ],
                "comments": PLANNED_NOTE.format(n=plan.planned_beneficiaries, year=plan.plan_year),
            }
        )
    return lines
