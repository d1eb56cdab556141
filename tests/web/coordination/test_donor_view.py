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
from trayecto.web.accounts.models import Organization
from trayecto.web.response.models import Target
from trayecto.web.response.services.plans import planned_activity_save

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
    assert "Ninguna línea 5W publicada ni actividad planificada nombra un proyecto" in page
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("coordination:donors-xlsx"), {"period": "2026-03"}).content)
    ).active
    assert sheet is not None
    rows = [tuple(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [("Meta del plan de respuesta", "EDU-04", "81", None, 5000, 1250, 25.0)]


def _plan(activity: str, people: int, project: str, year: int = 2026) -> None:
    planned_activity_save(
        user=None, organization=Organization.objects.get(code="nrc"), activity=activity,
        department="81", population_group="transito", plan_year=year,
        planned_beneficiaries=people, funded_project=project,
    )  # fmt: skip


def test_each_funded_project_shows_planned_beside_achieved(
    geography_home: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    """NRC planned 1.000 people under the ECHO project for EDU-04 and reached 936 by March
    (published lines naming the project): 93,6 %. Its EDU-09 plan under the same project has
    nothing reached yet and is listed with 0; a plan of another year or without a project,
    and an unpublished line naming the project, count for nothing here."""
    publish("nrc", "2026-03", 936, funded_project="ECHO-EDU-2026")
    _plan("EDU-04", 1000, "ECHO-EDU-2026")
    _plan("EDU-09", 200, "ECHO-EDU-2026")
    _plan("EDU-04", 5000, "ECHO-EDU-2026", year=2025)  # another plan year
    _plan("EDU-10", 700, "")  # planned under no project
    sent = SubmissionFactory(organization__code="unicef", period=PeriodFactory(month="2026-03"))
    LineFactory(submission=sent, new_beneficiaries=50, beneficiaries=50,
                funded_project="ECHO-EDU-2026")  # fmt: skip
    nrc = Organization.objects.get(code="nrc").name
    client = as_persona("viewer")
    page = client.get(reverse("coordination:donors"), {"period": "2026-03"}).content.decode()
    projects = page.split('class="data projects"')[1].split("</table>")[0]
    body = projects.split("<tbody>")[1].split("</tr>")[:-1]
    rows = [[cell.split(">", 1)[1].split("<")[0] for cell in row.split("<td")[1:]] for row in body]
    # project, partners, departments, 5W lines, planned, reached, share (Spanish formats)
    assert [[r[0], *r[2:]] for r in rows] == [
        ["ECHO-EDU-2026", nrc, "81", "1", "1\xa0000", "936", "93,6 %"],
        ["ECHO-EDU-2026", nrc, "81", "0", "200", "0", "0,0 %"],
    ]
    activities = [row.split("<small>")[1].split("<")[0] for row in body]
    assert activities == ["EDU-04", "EDU-09"]  # names on the page, codes beside them
    assert "EDU-10" not in projects
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("coordination:donors-xlsx"), {"period": "2026-03"}).content)
    ).active
    assert sheet is not None
    funded = [
        r[2:] for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "Proyecto financiado"
    ]
    assert funded == [
        ("81", f"ECHO-EDU-2026 · {nrc}", 1000, 936, 93.6),
        ("81", f"ECHO-EDU-2026 · {nrc}", 200, 0, 0.0),
    ]


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
