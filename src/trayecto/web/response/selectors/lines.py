"""Activity lines as the exports and the line form read them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup, Status
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS, EtpvSupport
from trayecto.web.response.models import STATUS_LABELS, ActivityLine, CatalogueItem


def filtered_lines(lines: QuerySet[ActivityLine], filters: ReachFilters) -> QuerySet[ActivityLine]:
    """The lines the reach counts under the dashboard's filters: months from January of the
    period's year to the period, and the places, partners, activities and groups chosen."""
    lines = lines.filter(month__gte=f"{filters.period[:4]}-01", month__lte=filters.period)
    for field_name, values in (
        ("department", filters.departments), ("municipality", filters.municipalities),
        ("submission__organization__code", filters.orgs), ("activity", filters.activities),
        ("population_group", filters.population_groups),
    ):  # fmt: skip
        if values:
            lines = lines.filter(**{f"{field_name}__in": list(values)})
    return lines


def export_records(lines: QuerySet[ActivityLine], names: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of the line exports: codes with their names beside them (the report's status in
    the words of the active language), the sex × age cells of
    new beneficiaries, the population group, the "of which" counts, the funded project and
    the ETPV support."""
    activities = dict(
        CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "name_es")
    )
    groups = {g.value: POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup}
    support_types = {s.value: ETPV_SUPPORT_LABELS[s][0] for s in EtpvSupport}
    records = lines.values(
        "month", "department", "municipality", "sede", "place_name", "activity",
        "population_group", "beneficiary_type", "beneficiaries", "new_beneficiaries",
        "quantity", "households", "comments", "cells", "of_which",
        "submission__organization__code", "submission__organization__name",
        "submission__status", "funded_project", "etpv_support", "etpv_support_type",
    )  # fmt: skip
    return [
        {
            **line,
            "org": line["submission__organization__code"],
            "org_name": line["submission__organization__name"],
            "status": line["submission__status"],
            # the words in the active language; the code stays for formulas and scripts
            "status_name": str(STATUS_LABELS[Status(line["submission__status"])]),
            "department_name": names.get(line["department"], ""),
            "municipality_name": names.get(line["municipality"], ""),
            "activity_name": activities.get(line["activity"], ""),
            "population_group_name": groups.get(line["population_group"], ""),
            "etpv_support_label": "Sí" if line["etpv_support"] else "No",
            "etpv_support_type_label": support_types.get(line["etpv_support_type"], ""),
        }
        for line in records
    ]


def line_form_values(line: ActivityLine | None) -> dict[str, Any]:
    """A line as the browser form shows it: the template's fields and values."""
    if line is None:
        return {}
    values: dict[str, Any] = {
        "department": line.department, "municipality": line.municipality, "sede": line.sede,
        "place_name": line.place_name, "activity": line.activity,
        "population_group": line.population_group,
        "beneficiary_type": line.beneficiary_type, "beneficiaries": line.beneficiaries,
        "quantity": line.quantity, "households": line.households, "comments": line.comments,
        "funded_project": line.funded_project, "etpv_support": "si" if line.etpv_support else "no",
        "etpv_support_type": line.etpv_support_type,
    }  # fmt: skip
    values.update({f"cell:{key}": n for key, n in line.cells.items()})
    values.update({f"of:{key}": n for key, n in line.of_which.items()})
    return values


def etpv_support_choices(language: str | None) -> list[tuple[str, str]]:
    """The ETPV support types as the line form offers them, in the page's language."""
    english = (language or "es").startswith("en")
    return [(s.value, ETPV_SUPPORT_LABELS[s][1 if english else 0]) for s in EtpvSupport]
