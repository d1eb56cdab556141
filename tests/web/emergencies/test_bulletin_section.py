"""The bulletin's emergencies section: verified events of the period and territory, with the
figures of their affected sedes and the response gaps from published 5W lines; an
unverified report and another department's event stay out, and the section says so when
there is none."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.web.coordination.bulletin_sections import SECTIONS, BulletinScope
from trayecto.web.emergencies import bulletin, selectors
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = pytest.mark.django_db


def event(title: str, status: str, department: str, start: date, **extra: object) -> Event:
    return Event.objects.create(
        type="natural_disaster", title=title, status=status, start_date=start,
        department_codes=[department], **extra,
    )  # fmt: skip


def test_the_emergencies_app_fills_the_bulletins_section() -> None:
    section = SECTIONS["emergencies"]
    assert section.collect is bulletin.collect
    assert section.template == bulletin.TEMPLATE


def test_only_verified_events_of_the_period_and_territory_enter() -> None:
    quake = event("Sismo Chocó", "responding", "27", date(2026, 3, 20))
    AffectedSede.objects.create(event=quake, sede_code="127001003453",
                                municipality_code="27001", department_code="27",
                                enrolment_total=420, teachers=12)  # fmt: skip
    event("Rumor sin verificar", "reported", "27", date(2026, 4, 2))
    event("Inundación Arauca", "verified", "81", date(2026, 4, 5))
    event("Ya cerrado en febrero", "closed", "27", date(2026, 1, 5), end_date=date(2026, 2, 28))
    national = bulletin.collect(BulletinScope("2026-04"))
    assert [e["title"] for e in national] == ["Sismo Chocó", "Inundación Arauca"]
    quake_row = national[0]
    assert (quake_row["sedes"], quake_row["students"], quake_row["teachers"]) == (1, 420, 12)
    choco = bulletin.collect(BulletinScope("2026-04", "27"))
    assert [e["title"] for e in choco] == ["Sismo Chocó"]
    assert bulletin.build(BulletinScope("2026-04", "54"), None, []) is None  # "no data"


@translation.override("es")  # a Spanish bulletin, whatever language an earlier request chose
def test_the_section_reads_in_spanish_numbers() -> None:
    quake = event("Sismo Chocó", "verified", "27", date(2026, 4, 1))
    AffectedSede.objects.create(
        event=quake, sede_code="127001003453", municipality_code="27001", department_code="27",
        enrolment_total=1420, teachers=12,
    )  # fmt: skip
    scope = BulletinScope("2026-04")
    html = render_to_string(
        bulletin.TEMPLATE, {"data": bulletin.build(scope, None, bulletin.collect(scope))}
    )
    assert "<td>Sismo Chocó</td>" in html
    assert '<td class="num">1.420</td>' in html  # Spanish thousands, as the rest of the bulletin
    assert "<td>verificado</td>" in html  # the status by its Spanish name


def responded_line(status: Status, sede: str, org: str) -> None:
    submission = SubmissionFactory(
        organization=OrganizationFactory(code=org, name=org.upper()),
        period=PeriodFactory(month="2026-04"),
        status=status,
    )
    LineFactory(submission=submission, department="27", municipality="27001", sede=sede)


@translation.override("es")
def test_the_response_gaps_count_published_lines_only() -> None:
    """Three sedes hit on 1 April; by 30 April the 7 alert days have passed. An approved line
    reaches one sede on the event page but leaves its gap open in the bulletin; a published
    line closes the gap of another."""
    quake = event("Sismo Chocó", "responding", "27", date(2026, 4, 1))
    codes = ["127001003453", "127001000004", "127001000012"]
    for code in codes:
        AffectedSede.objects.create(event=quake, sede_code=code, municipality_code="27001",
                                    department_code="27", enrolment_total=100)  # fmt: skip
    responded_line(Status.APPROVED, codes[0], "unicef")
    responded_line(Status.PUBLISHED, codes[1], "nrc")
    page = selectors.figures(quake, today=date(2026, 4, 30))
    assert page["sedes_reached"] == 2  # the event page counts the approved line
    [row] = bulletin.collect(BulletinScope("2026-04"))
    assert (row["sedes_reached"], row["coverage_sedes_pct"]) == (1, 33.3)
    assert (row["gaps_due"], row["sedes_without_response"]) == (True, 2)
    html = render_to_string(
        bulletin.TEMPLATE, {"data": bulletin.build(BulletinScope("2026-04"), None, [row])}
    )
    assert '<td class="num coverage">33,3 %</td>' in html
    assert '<td class="num gaps">2</td>' in html


def test_gaps_wait_for_the_events_alert_days_and_later_lines_do_not_count() -> None:
    quake = event("Sismo Chocó", "responding", "27", date(2026, 4, 28))
    AffectedSede.objects.create(event=quake, sede_code="127001003453", municipality_code="27001",
                                department_code="27", enrolment_total=100)  # fmt: skip
    submission = SubmissionFactory(period=PeriodFactory(month="2026-05"), status=Status.PUBLISHED)
    LineFactory(submission=submission, department="27", municipality="27001", sede="127001003453")
    [april] = bulletin.collect(BulletinScope("2026-04"))
    assert (april["sedes_reached"], april["gaps_due"]) == (0, False)  # 7 days not yet passed
    [may] = bulletin.collect(BulletinScope("2026-05"))
    assert (may["sedes_reached"], may["sedes_without_response"]) == (1, 0)
