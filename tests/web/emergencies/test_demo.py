"""The demo's event: the real Chocó 2026 list in one event, twice without change."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.demo import DEMO_SOURCE, load_emergencies_demo
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = pytest.mark.django_db


def test_the_demo_event_holds_the_real_list_and_a_second_run_changes_nothing(
    geography: Warehouse, choco_list: Path
) -> None:
    first = load_emergencies_demo(geography, {"affected-schools": choco_list})
    second = load_emergencies_demo(geography, {"affected-schools": choco_list})
    (event,) = Event.objects.all()
    assert event.source == DEMO_SOURCE
    assert DEMO_SOURCE.startswith("DEMO:")
    assert first["emergencies"]["event"] == second["emergencies"]["event"] == event.pk
    assert AffectedSede.objects.filter(event=event).count() == 300
    assert second["emergencies"]["import"]["rows_imported"] == 300


def test_without_the_list_the_demo_says_it_skipped(geography: Warehouse) -> None:
    assert load_emergencies_demo(geography, {})["emergencies"].startswith("skipped")
    assert not Event.objects.exists()
