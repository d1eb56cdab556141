"""The event page keeps its figures per event data version and 5W response: a second visit
reads no sede row, and every change to the event, its sedes or the counted 5W lines is seen
at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies import selectors
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.services import (
    affected_list_import,
    affected_sede_delete,
    event_move,
)

pytestmark = pytest.mark.django_db
# The students affected (selectors.STUDENTS) in SQL: the queries that go over every affected
# sede, the light row per sede (figure_rows) and the totals.
PER_SEDE = "CASE WHEN"
COLD = 2


def per_sede_reads(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return sum(PER_SEDE in q["sql"] for q in queries.captured_queries), html


def figure(html: str) -> str:
    return html.split('<ul class="kpi-cards" id="figures">')[1].split("</li>")[0]


@pytest.fixture
def page(
    as_persona: Callable[[str], Any], earthquake: Event, geography: Warehouse, choco_list: Path
) -> tuple[Any, str]:
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    return as_persona("im_officer"), f"/emergencias/{earthquake.pk}/"


def test_a_second_visit_reads_no_sede_row(page: tuple[Any, str]) -> None:
    client, url = page
    cold, first = per_sede_reads(client, url)
    warm, second = per_sede_reads(client, url)
    assert (cold, warm) == (COLD, 0)
    assert figure(first) == figure(second)
    assert ">300<" in figure(second)
    map_reads, _ = per_sede_reads(client, f"{url}mapa.json")
    assert map_reads == 0  # the map counts from the same kept figures


def test_every_change_is_seen_at_once(
    page: tuple[Any, str], earthquake: Event, geography: Warehouse
) -> None:
    client, url = page
    per_sede_reads(client, url)
    sede = AffectedSede.objects.filter(event=earthquake).first()
    assert sede is not None
    affected_sede_delete(sede=sede, user=None)
    reads, html = per_sede_reads(client, url)
    assert reads == COLD
    assert ">299<" in figure(html)
    before = earthquake.data_version
    event_move(event=earthquake, to="verified", user=None)
    assert earthquake.data_version != before
    assert per_sede_reads(client, url)[0] == COLD


def test_a_counted_5w_line_is_seen_at_once(page: tuple[Any, str], earthquake: Event) -> None:
    client, url = page
    assert "Sedes con respuesta" in per_sede_reads(client, url)[1]
    sede = AffectedSede.objects.filter(event=earthquake).first()
    assert sede is not None
    submission = SubmissionFactory(
        organization=OrganizationFactory(code="nrc", name="NRC"),
        period=PeriodFactory(month="2026-09"),
        status=Status.APPROVED,
    )
    LineFactory(submission=submission, municipality=sede.municipality_code, sede=sede.sede_code)
    figures, reached = selectors.cached_figures(earthquake)
    assert sede.sede_code in reached
    assert figures["sedes_reached"] == 1
    assert per_sede_reads(client, url)[0] == 0  # computed just above, for the same versions


def test_the_gaps_follow_the_day(earthquake: Event, page: tuple[Any, str]) -> None:
    early, _ = selectors.cached_figures(earthquake, today=dt.date(2026, 8, 10))
    late, _ = selectors.cached_figures(earthquake, today=dt.date(2026, 8, 20))
    assert (len(early["sedes_without_response"]), len(late["sedes_without_response"])) == (0, 300)
