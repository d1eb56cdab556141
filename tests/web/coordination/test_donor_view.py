"""The donor view: published figures only, the results framework, its XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.coordination.conftest import publish
from tests.web.factories import LineFactory, PeriodFactory, SubmissionFactory
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Target

pytestmark = pytest.mark.usefixtures("workspaces")


@pytest.fixture
def reported(db: None, geography_home: Warehouse) -> None:
    publish("nrc", "2026-03", 1250)
    sent = SubmissionFactory(organization__code="unicef", period=PeriodFactory(month="2026-03"))
    LineFactory(submission=sent, new_beneficiaries=9999, beneficiaries=9999, municipality="81065")
    Target.objects.create(indicator="EDU-04", department="81", plan_year=2026, value=5000)


@pytest.mark.usefixtures("reported")
def test_a_donor_sees_published_figures_and_the_results_framework(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("viewer")
    page = client.get(reverse("coordination:donors"), {"period": "2026-03"}).content.decode()
    assert '<strong class="total">1\xa0250</strong>' in page  # Django's Spanish grouping
    assert "9999" not in page.replace("\xa0", "").replace(".", "")  # UNICEF's is not published
    targets = page.split('class="data targets"')[1].split("</table>")[0]
    assert "EDU-04" in targets
    assert "25,0" in targets  # 1.250 of 5.000
    assert "Ninguna línea 5W publicada nombra un proyecto financiado" in page  # none names one
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("coordination:donors-xlsx"), {"period": "2026-03"}).content)
    ).active
    assert sheet is not None
    rows = [tuple(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [("Meta del plan de respuesta", "EDU-04", "81", None, 5000, 1250, 25.0)]


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("outsider", 403), ("viewer", 200)]
)
def test_who_sees_the_donor_view(
    as_persona: Callable[[str], Client], empty_warehouse: Warehouse, persona: str, status: int
) -> None:
    response = as_persona(persona).get(reverse("coordination:donors"), {"period": "2026-03"})
    assert response.status_code == status


def test_a_bad_period_says_what_is_allowed(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("viewer").get(reverse("coordination:donors"), {"period": "2026-13"})
    assert response.status_code == 400
    assert "AAAA-MM" in response.content.decode()
