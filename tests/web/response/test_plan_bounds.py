"""A planned number of people past the plausibility bound is refused by the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import PlannedActivity
from trayecto.web.response.services.plans import planned_activity_save


def plan(people: int | float) -> PlannedActivity:
    return planned_activity_save(
        user=None, organization=Organization.objects.get(code="nrc"), activity="EDU-04",
        department="81", municipality="81001", population_group="transito", plan_year=2026,
        planned_beneficiaries=people,  # type: ignore[arg-type]  # a form may pass 1e20
    )  # fmt: skip


def test_planned_people_past_the_bound_are_refused(people: dict[str, Any]) -> None:
    assert plan(10_000_000).planned_beneficiaries == 10_000_000
    for implausible in (10_000_001, 10**20, 1e20):
        with pytest.raises(ValidationError, match=r"supera el máximo plausible, 10\.000\.000"):
            plan(implausible)
    assert PlannedActivity.objects.get().planned_beneficiaries == 10_000_000
