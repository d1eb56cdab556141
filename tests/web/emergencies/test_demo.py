"""The demo's event: the real Chocó 2026 list in one event, verified and responding, twice
without change."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.demo import DEMO_SOURCE, load_emergencies_demo
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db


def test_the_demo_event_holds_the_real_list_and_a_second_run_changes_nothing(
    geography: Warehouse, choco_list: Path
) -> None:
    first = load_emergencies_demo(geography, choco_list)
    sedes = list(AffectedSede.objects.order_by("sede_code").values_list("sede_code", "severity"))
    second = load_emergencies_demo(geography, choco_list)
    (event,) = Event.objects.all()
    assert event.source == DEMO_SOURCE
    assert DEMO_SOURCE.startswith("DEMO:")
    assert (event.type, event.subtype, event.department_codes) == (
        "natural_disaster", "earthquake", ["27"]
    )  # fmt: skip
    assert first["emergencies"]["event"] == second["emergencies"]["event"] == event.pk
    assert first["emergencies"]["status"] == second["emergencies"]["status"] == "responding"
    assert event.status == "responding"
    # reported -> verified -> responding once, audited: the second run moves nothing
    moves = AuditLog.objects.filter(object_type="event", object_id=event.pk, action="status")
    assert [m.detail["changes"]["status"] for m in moves.order_by("id")] == [
        ["reported", "verified"], ["verified", "responding"]
    ]  # fmt: skip
    # the README's figures: 300 sedes of Chocó kept, the 3 outside it reported
    assert AffectedSede.objects.filter(event=event).count() == 300
    assert first["emergencies"]["import"]["rows_read"] == 303
    assert second["emergencies"]["import"]["rows_imported"] == 300
    assert sedes == list(
        AffectedSede.objects.order_by("sede_code").values_list("sede_code", "severity")
    )


def test_without_the_list_the_demo_says_it_skipped(geography: Warehouse) -> None:
    assert load_emergencies_demo(geography, None)["emergencies"].startswith("skipped")
    assert not Event.objects.exists()
