"""`bulk_insert(model, rows)`: the one fast insert of the 5W lines and the affected sedes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from trayecto.web.bulk import bulk_insert
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = pytest.mark.django_db


def test_rows_go_in_with_their_json_and_the_fields_defaults() -> None:
    event = Event.objects.create(
        type="natural_disaster", title="Inundación", start_date=dt.date(2026, 5, 1),
        department_codes=["27"],
    )  # fmt: skip
    rows = [
        {"event_id": event.pk, "sede_code": f"12700100{n:04d}", "sede_name": f"Sede {n}",
         "municipality_code": "27001", "department_code": "27",
         "organisations": ["NRC", "Save the Children"] if n == 0 else []}
        for n in range(3)
    ]  # fmt: skip
    with transaction.atomic():
        assert bulk_insert(AffectedSede, rows) == 3
    stored = list(AffectedSede.objects.filter(event=event).order_by("sede_code"))
    assert [s.sede_code for s in stored] == ["127001000000", "127001000001", "127001000002"]
    assert stored[0].organisations == ["NRC", "Save the Children"]  # JSON round trip
    assert (stored[1].enrolment_total, stored[1].damage, stored[1].severity) == (0, "", None)
    assert bulk_insert(AffectedSede, []) == 0
