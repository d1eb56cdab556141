"""The LEG report's emergencies figures: the verified events under way in the department
that month, with the figures the event page computes for the department's sedes (the real
Chocó earthquake list), the response from published 5W lines only, in Spanish numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.web.emergencies.conftest import choco_list, earthquake  # noqa: F401 (fixtures)
from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import services
from trayecto.web.coordination.models import Workspace
from trayecto.web.coordination.selectors import report_figures
from trayecto.web.emergencies import selectors
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.month import month_figures
from trayecto.web.emergencies.services import affected_list_import

pytestmark = pytest.mark.django_db


def line(status: Status, sede: AffectedSede, org: str) -> None:
    submission = SubmissionFactory(
        organization=OrganizationFactory(code=org, name=org.upper()),
        period=PeriodFactory(month="2026-08"),
        status=status,
    )
    LineFactory(
        submission=submission,
        department="27",
        municipality=sede.municipality_code,
        sede=sede.sede_code,
    )


@pytest.fixture
def responded(earthquake: Event, choco_list: Path, geography: Warehouse) -> list[AffectedSede]:  # noqa: F811
    """The earthquake verified, its 300 listed sedes, two with 10 days of class lost; one sede
    reached by a published line, another by an approved one."""
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    earthquake.status = "verified"
    earthquake.save()
    sedes = selectors.event_sedes(earthquake)
    AffectedSede.objects.filter(pk__in=[sedes[0].pk, sedes[1].pk]).update(days_lost=10)
    line(Status.PUBLISHED, sedes[0], "nrc")
    line(Status.APPROVED, sedes[1], "unicef")
    return sedes


def test_the_month_carries_the_events_figures_with_published_response_only(
    earthquake: Event,  # noqa: F811
    responded: list[AffectedSede],
    geography: Warehouse,
) -> None:
    [row] = month_figures(period="2026-08", department="27", today=dt.date(2026, 12, 1))
    page = selectors.figures(earthquake, today=dt.date(2026, 12, 1))  # the event page's
    assert row["title"] == "Sismo de Chocó"
    for key in ("sedes_affected", "students_affected", "teachers_affected", "days_lost"):
        assert row[key] == page[key]
    assert (row["sedes_affected"], row["days_lost"]) == (300, 20)
    assert page["sedes_reached"] == 2  # the event page counts the approved line too
    assert row["sedes_reached"] == 1  # the report only the published one
    assert row["coverage_sedes_pct"] == round(100 / 300, 1) == 0.3
    # 9 August + 7 days has passed by 31 August: every sede not reached is a gap
    assert (row["gaps_due"], row["sedes_without_response"]) == (True, 299)
    assert month_figures(period="2026-08", department="81") == []  # another department
    assert month_figures(period="2026-07", department="27") == []  # before the event


def test_an_unverified_event_stays_out(earthquake: Event, responded: list[AffectedSede]) -> None:  # noqa: F811
    earthquake.status = "reported"
    earthquake.save()
    assert month_figures(period="2026-08", department="27") == []


@translation.override("es")
def test_the_report_page_shows_them_in_spanish_numbers(
    responded: list[AffectedSede],
    geography: Warehouse,
    workspaces: dict[str, Workspace],
    leg_choco: AbstractBaseUser,
    client: Client,
) -> None:
    figures = report_figures(workspace=workspaces["27"], period="2026-08", warehouse=geography)
    [row] = figures["emergencies"]
    assert row["sedes_reached"] == 1
    services.report_start(workspace=workspaces["27"], period="2026-08", user=None)
    client.force_login(leg_choco)
    html = client.get(reverse("coordination:report", args=["27", "2026-08"])).content.decode()
    students = f"{row['students_affected']:,}".replace(",", ".")
    assert row["students_affected"] > 1000
    assert f'<td class="num">{students}</td>' in html
    assert '<td class="num">0,3 %</td>' in html
    assert '<td class="num">299</td>' in html
