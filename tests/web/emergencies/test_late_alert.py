"""A list (or a sede entered in the web) that brings new affected sedes after the event's gap
alert went out is followed by an alert naming them, through django-tasks as the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail

from tests.web.emergencies.conftest import read_rows
from tests.web.factories import MembershipFactory, OrganizationFactory, UserFactory
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership
from trayecto.web.emergencies import alerts
from trayecto.web.emergencies.models import Event
from trayecto.web.emergencies.services import affected_list_import
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db
Role = Membership.Role
# The earthquake is of 2026-08-09 with N = 7: its gap alert goes out on 2026-08-16 at 08:00.
AFTER_THE_ALERT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
BEFORE_THE_ALERT = dt.datetime(2026, 8, 12, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def team() -> None:
    for username, role, departments in (
        ("gel-choco", Role.LEG_COORDINATOR, ["27"]),
        ("gel-arauca", Role.LEG_COORDINATOR, ["81"]),
        ("im-equipo", Role.IM_OFFICER, []),
    ):
        MembershipFactory(
            user=UserFactory(username=username, email=f"{username}@example.org"),
            organization=OrganizationFactory(code=f"org-{username}"),
            role=role,
            department_codes=departments,
        )


def test_the_gap_alert_time_is_the_nth_day_at_eight(earthquake: Event) -> None:
    assert alerts.gap_alert_time(earthquake).date() == dt.date(2026, 8, 16)
    assert alerts.gap_alert_time(earthquake).hour == 8


@pytest.mark.usefixtures("team")
def test_a_list_after_the_alert_is_alerted_and_a_repeat_is_not(
    earthquake: Event,
    geography: Warehouse,
    choco_list: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with time_machine.travel(AFTER_THE_ALERT), django_capture_on_commit_callbacks(execute=True):
        affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    (message,) = mail.outbox
    assert sorted(message.to) == ["gel-choco@example.org", "im-equipo@example.org"]
    assert "300 sedes afectadas nuevas" in message.subject
    assert f"la lista {choco_list.name} trajo 300 sedes afectadas nuevas" in message.body
    assert "300 sin respuesta" in message.body
    entry = AuditLog.objects.get(object_id=earthquake.pk, action="alert_late")
    assert (entry.detail["new"], entry.detail["gaps"]) == (300, 300)
    # The same list again brings no new sede: nothing more is sent.
    with time_machine.travel(AFTER_THE_ALERT), django_capture_on_commit_callbacks(execute=True):
        affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("team")
def test_a_corrected_list_names_only_its_new_sedes(
    earthquake: Event,
    geography: Warehouse,
    choco_list: Path,
    write_list: Callable[[str, list[str], list[dict[str, str]]], Path],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    header, rows = read_rows(choco_list)
    chocó = [r for r in rows if r["Departamento"] == "Chocó"]
    first = write_list("lista.csv", header, chocó[:10])
    with time_machine.travel(BEFORE_THE_ALERT), django_capture_on_commit_callbacks(execute=True):
        affected_list_import(event=earthquake, path=first, store=geography, user=None)
    assert not [m for m in mail.outbox if "nuevas" in m.subject]  # the gap alert will count them
    corrected = write_list("lista.csv", header, chocó[:12])
    with time_machine.travel(AFTER_THE_ALERT), django_capture_on_commit_callbacks(execute=True):
        affected_list_import(event=earthquake, path=corrected, store=geography, user=None)
    (message,) = [m for m in mail.outbox if "nuevas" in m.subject]
    assert "trajo 2 sedes afectadas nuevas" in message.body
    for late in chocó[10:12]:
        assert late["Código DANE"] in message.body
    assert chocó[0]["Código DANE"] not in message.body


@pytest.mark.usefixtures("team")
def test_a_sede_entered_in_the_web_after_the_alert_is_alerted(
    as_persona: Callable[[str], Any],
    earthquake: Event,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    sede = {"codigo_dane": "127001003453", "sede": "SEDE ANEXA AL CARRASQUILLA INDUSTRIAL",
            "municipio": "27001"}  # fmt: skip
    client = as_persona("im_officer")
    with time_machine.travel(AFTER_THE_ALERT), django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/emergencias/{earthquake.pk}/sedes/nueva/", sede).status_code == 302
    (message,) = mail.outbox
    assert "127001003453" in message.body
    assert "1 sedes afectadas nuevas" in message.subject
