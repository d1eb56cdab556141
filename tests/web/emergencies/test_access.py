"""Who records events and who sees their sedes: every persona (web/emergencies/access.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import translation

from tests.web.conftest import PERSONAS
from trayecto.web.emergencies import access
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = pytest.mark.django_db

# The LEG persona covers Arauca (81) and Norte de Santander (54); the ETC persona is Cúcuta's.
RECORD_IN_ARAUCA = {"leg_coordinator", "im_officer", "cluster_admin"}
RECORD_IN_CHOCO = {"im_officer", "cluster_admin"}
SEES_EVENTS = {"viewer", "partner", "etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}
# persona -> the sede codes of the event (one in Arauca, one in Cúcuta, one in Chocó) it sees
SEES_SEDES = {
    "anonymous": set(),
    "outsider": set(),
    "viewer": set(),
    "partner": set(),
    "etc_analyst": {"154001000001"},
    "leg_coordinator": {"181001000001", "154001000001"},
    "im_officer": {"181001000001", "154001000001", "127001000001"},
    "cluster_admin": {"181001000001", "154001000001", "127001000001"},
}


def user_of(request: pytest.FixtureRequest, persona: str) -> AbstractBaseUser | AnonymousUser:
    return AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)


@pytest.fixture
def border_event() -> Event:
    event = Event.objects.create(
        type="migration",
        subtype="migration_influx",
        title="Llegada a la frontera",
        start_date="2026-03-01",
        department_codes=["81", "54", "27"],
    )
    for code, etc in (("181001000001", "81"), ("154001000001", "3802"), ("127001000001", "27")):
        AffectedSede.objects.create(
            event=event,
            sede_code=code,
            sede_name=f"Sede {code}",
            municipality_code=code[1:6],
            department_code=code[1:3],
            etc_code=etc,
            enrolment_total=100,
        )
    return event


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_records_events_where(request: pytest.FixtureRequest, persona: str) -> None:
    user = user_of(request, persona)
    assert access.can_record_event(user, ["81"]) is (persona in RECORD_IN_ARAUCA)
    assert access.can_record_event(user, ["81", "54"]) is (persona in RECORD_IN_ARAUCA)
    assert access.can_record_event(user, ["81", "27"]) is (persona in RECORD_IN_CHOCO)
    assert access.can_record_event(user, ["27"]) is (persona in RECORD_IN_CHOCO)
    assert access.can_view_events(user) is (persona in SEES_EVENTS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_which_affected_sedes(
    request: pytest.FixtureRequest, persona: str, border_event: Event
) -> None:
    user = user_of(request, persona)
    seen = set(access.visible_sedes(user, border_event).values_list("sede_code", flat=True))
    assert seen == SEES_SEDES[persona]
    assert access.can_view_event_sedes(user) is bool(SEES_SEDES[persona])
    assert access.can_change_event(user, border_event) is (persona in RECORD_IN_CHOCO)


@translation.override("es")  # the words of a Spanish page, whatever an earlier request chose
def test_a_refusal_says_what_is_allowed(request: pytest.FixtureRequest) -> None:
    leg = request.getfixturevalue("leg_coordinator")
    assert access.record_refusal(leg, ["27"]) == (
        "Como coordinación GEL puede registrar emergencias de sus departamentos (54, 81); "
        "esta toca 27."
    )
    partner = request.getfixturevalue("partner")
    assert "coordinación GEL, en sus departamentos" in access.record_refusal(partner, ["27"])
