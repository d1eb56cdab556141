"""Response to an event: 5W lines reach affected sedes (by sede code, else municipality, from
the event's month), coverage, time to first response, gaps after N days and the e-mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from tests.web.factories import (
    LineFactory,
    MembershipFactory,
    OrganizationFactory,
    PeriodFactory,
    SubmissionFactory,
    UserFactory,
)
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership
from trayecto.web.emergencies import alerts, selectors
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.reach import response_reach
from trayecto.web.emergencies.services import (
    EventInput,
    affected_list_import,
    event_create,
)
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def listed(earthquake: Event, choco_list: Path, geography: Warehouse) -> list[AffectedSede]:
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    return selectors.event_sedes(earthquake)


def approved_line(month: str, municipality: str, sede: str = "", org: str = "nrc") -> Any:
    submission = SubmissionFactory(
        organization=OrganizationFactory(code=org, name=org.upper()),
        period=PeriodFactory(month=month),
        status=Status.APPROVED,
    )
    return LineFactory(submission=submission, municipality=municipality, sede=sede)


def test_a_line_reaches_its_sede_or_the_sedes_of_its_municipality(
    earthquake: Event, listed: list[AffectedSede]
) -> None:
    quibdo = [s for s in listed if s.municipality_code == "27001"]
    bojaya = [s for s in listed if s.municipality_code == "27099"]
    other = next(s for s in listed if s.municipality_code not in {"27001", "27099"})
    approved_line("2026-09", "27001", sede=quibdo[0].sede_code)  # names one sede
    approved_line("2026-10", "27099", org="unicef")  # no sede code: Bojayá's sedes
    approved_line("2026-07", other.municipality_code, sede=other.sede_code)  # before the event
    draft = approved_line("2026-09", other.municipality_code, sede=other.sede_code, org="ong")
    draft.submission.status = Status.DRAFT  # not counted
    draft.submission.save()
    reach = response_reach(earthquake, listed)
    assert set(reach) == {quibdo[0].sede_code, *(s.sede_code for s in bojaya)}
    assert (reach[quibdo[0].sede_code].month, reach[quibdo[0].sede_code].by) == ("2026-09", "sede")
    assert reach[bojaya[0].sede_code].by == "municipality"
    assert reach[bojaya[0].sede_code].organisations == ["UNICEF"]
    figures = selectors.figures(earthquake, today=dt.date(2026, 11, 30))
    assert figures["sedes_reached"] == 1 + len(bojaya)
    assert figures["students_reached"] == sum(s.enrolment_total for s in [quibdo[0], *bojaya])
    assert figures["first_response_month"] == "2026-09"
    assert figures["days_to_first_response"] == (dt.date(2026, 9, 1) - dt.date(2026, 8, 9)).days
    assert len(figures["sedes_without_response"]) == 300 - figures["sedes_reached"]
    assert figures["coverage_sedes_pct"] == round(100 * figures["sedes_reached"] / 300, 1)


def test_gaps_wait_for_the_events_n_days(earthquake: Event, listed: list[AffectedSede]) -> None:
    earthquake.alert_after_days = 10
    before = selectors.figures(earthquake, today=dt.date(2026, 8, 18))
    after = selectors.figures(earthquake, today=dt.date(2026, 8, 19))
    assert before["sedes_without_response"] == []
    assert len(after["sedes_without_response"]) == 300


def member(username: str, role: str, email: str, departments: list[str] | None = None) -> Any:
    return MembershipFactory(
        user=UserFactory(username=username, email=email),
        organization=OrganizationFactory(code=f"org-{username}"),
        role=role,
        department_codes=departments or [],
    )


@pytest.fixture
def team() -> None:
    member("gel-choco", Role.LEG_COORDINATOR, "gel-choco@example.org", ["27"])
    member("gel-arauca", Role.LEG_COORDINATOR, "gel-arauca@example.org", ["81"])
    member("im", Role.IM_OFFICER, "im@example.org")
    member("im-sin-correo", Role.IM_OFFICER, "")
    member("socio", Role.PARTNER, "socio@example.org")


@pytest.mark.usefixtures("team")
def test_recording_an_event_mails_the_territorys_leg_and_the_im_officers(
    geography: Warehouse, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event = event_create(
            data=EventInput(type="armed_conflict", subtype="confinement", title="Confinamiento",
                            start_date=dt.date(2026, 11, 1), department_codes=("27",)),
            user=None, store=geography,
        )  # fmt: skip
    (message,) = mail.outbox  # the gap alert found no sede (no list yet): nothing more sent
    assert sorted(message.to) == ["gel-choco@example.org", "im@example.org"]
    assert "Confinamiento" in message.subject
    assert AuditLog.objects.filter(object_id=event.pk, action="alert_recorded").exists()


@pytest.mark.usefixtures("team")
def test_the_gap_alert_lists_the_sedes_with_no_response(
    earthquake: Event, listed: list[AffectedSede]
) -> None:
    approved_line("2026-09", "27001", sede=listed[0].sede_code)
    outcome = alerts.gap_alert_send(earthquake, today=dt.date(2026, 8, 20))
    assert outcome == {"sent": 2, "gaps": 299, "to": ["gel-choco@example.org", "im@example.org"]}
    (message,) = mail.outbox
    assert "299 de 300 sedes afectadas sin respuesta 7 días después" in message.body
    assert listed[0].sede_code not in message.body
    assert listed[1].sede_code in message.body
    assert "y 249 más" in message.body
    assert alerts.gap_alert_send(earthquake, today=dt.date(2026, 8, 10))["sent"] == 0
