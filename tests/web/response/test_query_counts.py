"""Database queries of the 5W pages: pinned, and independent of how many reports a page lists.

The review rules read each report's validations and the departments of its lines; a page
that listed N reports used to ask for them N times. `access.with_review_state` fetches them
for the whole page, and the membership is looked up once per request (`scope_of`), so the
review queue costs the same with 2 reports as with 8.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.web.response.models import DepartmentValidation, Submission

pytestmark = pytest.mark.django_db

# Measured on SQLite with this fixture (session, user, membership, organisation, the page's
# own queries); a page that starts asking per report or per line goes over at once.
MAX_QUERIES = {
    "review": 11,
    "detail": 11,
    "dashboard": 15,
    "export": 8,
}


@pytest.fixture
def five_w_home(reference_warehouse: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """$TRAYECTO_HOME whose warehouse holds the real geography (the pages name places)."""
    monkeypatch.setenv("TRAYECTO_HOME", str(reference_warehouse.root.parent))
    return reference_warehouse


def reports(count: int, status: Status = Status.SUBMITTED) -> list[Submission]:
    """`count` reports of as many partners, each with lines in Arauca and Norte de Santander,
    Arauca already validated."""
    made = []
    for _ in range(count):
        found = SubmissionFactory(organization=OrganizationFactory(), status=status)
        LineFactory(submission=found, municipality="81001")
        LineFactory(submission=found, municipality="54001")
        DepartmentValidation.objects.create(submission=found, department="81")
        made.append(found)
    return made


def queries(client: Client, url: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


@pytest.mark.usefixtures("five_w_home")
@pytest.mark.parametrize("persona", ["leg_coordinator", "im_officer", "cluster_admin"])
def test_the_review_queue_does_not_ask_per_report(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    client = as_persona(persona)
    reports(2)
    reports(2, Status.VALIDATED)
    reports(2, Status.APPROVED)
    few = queries(client, reverse("response:review"))
    reports(6)
    reports(6, Status.VALIDATED)
    reports(6, Status.APPROVED)
    many = queries(client, reverse("response:review"))
    assert many == few
    assert many <= MAX_QUERIES["review"]
    page = client.get(reverse("response:review")).content.decode()
    assert page.count("Norte de Santander") >= 8  # every submitted report, pending in 54


@pytest.mark.usefixtures("five_w_home")
@pytest.mark.parametrize("persona", ["leg_coordinator", "im_officer", "partner"])
def test_the_report_page_has_a_fixed_number_of_queries(
    persona: str, partner: Any, as_persona: Callable[[str], Client]
) -> None:
    (found,) = reports(1)
    found.organization = partner.membership.organization  # the partner's own report
    found.save()
    for n in range(20):
        LineFactory(submission=found, municipality="81065", row=100 + n)
    client = as_persona(persona)
    assert queries(client, reverse("response:detail", args=[found.pk])) <= MAX_QUERIES["detail"]


@pytest.mark.usefixtures("five_w_home")
@pytest.mark.parametrize("persona", ["viewer", "partner", "etc_analyst", "im_officer"])
def test_the_reach_page_and_the_line_export_have_a_fixed_number_of_queries(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    reports(3, Status.PUBLISHED)
    client = as_persona(persona)
    assert (
        queries(client, reverse("response:dashboard"), period="2026-03") <= MAX_QUERIES["dashboard"]
    )
    if persona != "viewer":  # viewers and donors get aggregates only
        url = reverse("response:export-xlsx")
        assert queries(client, url, period="2026-03") <= MAX_QUERIES["export"]
