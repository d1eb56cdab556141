"""The bulletin's emergencies section: verified events of the period and territory, with the
figures of their affected sedes; an unverified report and another department's event stay
out, and the section says so when there is none."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from trayecto.web.coordination.bulletin_sections import SECTIONS, BulletinScope
from trayecto.web.emergencies import bulletin
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
