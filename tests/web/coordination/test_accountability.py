"""Completeness and timeliness per month: partners' 5W (partner × month) and LEG reports
(LEG × month), in the scope of the viewer; XLSX with the same cells."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.factories import LineFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.coordination import LEG_REPORT_DAYS_AFTER_5W
from trayecto.web.coordination.accountability import leg_rows
from trayecto.web.coordination.models import LegReport, Workspace

ON_TIME = datetime(2026, 4, 9, 15, tzinfo=UTC)
LATE = datetime(2026, 4, 20, 15, tzinfo=UTC)


@pytest.fixture
def reporting(workspaces: dict[str, Workspace]) -> None:
    """March: NRC reports Arauca on time, UNICEF Chocó late; April: NRC expected, silent.
    LEG reports: Arauca on time (due 10 April + 5 days), Chocó late, the others missing."""
    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    LineFactory(submission=SubmissionFactory(period=march, submitted_at=ON_TIME))
    LineFactory(
        submission=SubmissionFactory(organization__code="unicef", period=march, submitted_at=LATE),
        municipality="27001",
    )
    LegReport.objects.create(workspace=workspaces["81"], period="2026-03",
                             submitted_at=datetime(2026, 4, 14, 15, tzinfo=UTC))  # fmt: skip
    LegReport.objects.create(workspace=workspaces["27"], period="2026-03",
                             submitted_at=datetime(2026, 4, 16, 15, tzinfo=UTC))  # fmt: skip
    LegReport.objects.create(workspace=workspaces["54"], period="2026-03")  # a draft


def test_a_leg_report_is_due_days_after_the_5w(reporting: None) -> None:
    rows = {(r.org, r.month): (r.expected, r.received, r.on_time) for r in leg_rows(
        year=2026, departments=None)}  # fmt: skip
    assert LEG_REPORT_DAYS_AFTER_5W == 5
    assert rows[("81", "2026-03")] == (1, 1, 1)  # 14 April ≤ 15 April
    assert rows[("27", "2026-03")] == (1, 1, 0)  # 16 April: late
    assert rows[("54", "2026-03")] == (1, 0, 0)  # a draft is not received
    assert rows[("81", "2026-04")] == (1, 0, 0)
    assert len(rows) == 7 * 2


def test_the_national_cluster_sees_every_partner_and_leg(
    as_persona: Callable[[str], Client], reporting: None
) -> None:
    client = as_persona("im_officer")
    html = client.get(reverse("coordination:accountability"), {"year": 2026}).content.decode()
    partners = html.split('class="data grid partners"')[1].split("</table>")[0]
    assert "Organización nrc <small>nrc</small>" in partners  # the name, the code beside it
    assert "<small>unicef</small>" in partners
    legs = html.split('class="data grid legs"')[1].split("</table>")[0]
    assert legs.count("<tr>") == 1 + 7  # header + seven workspaces
    # 14 LEG reports expected (7 × 2 months), 2 received, 1 on time
    leg_part = html.split("Informes de los GEL")[1]
    assert '<strong class="completeness">14,3 %</strong>' in leg_part
    assert '<strong class="timeliness">7,1 %</strong>' in leg_part
    # the 5W: four expected (NRC in Arauca and UNICEF in Chocó, March and April), two
    # received, one on time
    partner_part = html.split("Informes de los GEL")[0]
    assert '<strong class="completeness">50,0 %</strong>' in partner_part
    assert '<strong class="timeliness">25,0 %</strong>' in partner_part
    rows = [
        tuple(r) for r in load_workbook(io.BytesIO(client.get(
            reverse("coordination:accountability-xlsx"), {"year": 2026}).content
        )).active.iter_rows(min_row=4, values_only=True)  # type: ignore[union-attr]
    ]  # fmt: skip
    assert ("Informe del GEL", "Chocó", "27", "2026-03", 1, 1, 0) in rows
    assert ("5W del socio", "Organización unicef", "unicef", "2026-03", 1, 1, 0) in rows


def test_a_leg_coordinator_sees_its_departments_only(
    as_persona: Callable[[str], Client], reporting: None
) -> None:
    html = (
        as_persona("leg_coordinator")
        .get(reverse("coordination:accountability"), {"year": 2026})
        .content.decode()
    )
    assert "<small>nrc</small>" in html  # Arauca
    assert "<small>unicef</small>" not in html  # Chocó is not its department
    legs = html.split('class="data grid legs"')[1].split("</table>")[0]
    assert "Arauca" in legs
    assert "Norte de Santander" in legs
    assert "Chocó" not in legs


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("viewer", 403), ("partner", 403),
     ("etc_analyst", 403), ("leg_coordinator", 200), ("im_officer", 200),
     ("cluster_admin", 200)],
)  # fmt: skip
def test_who_sees_the_accountability_page(
    as_persona: Callable[[str], Client], persona: str, status: int
) -> None:
    response = as_persona(persona).get(reverse("coordination:accountability"))
    assert response.status_code == status
    if persona in {"partner", "viewer", "etc_analyst"}:
        assert "es para el clúster nacional y la coordinación de los GEL" in (
            response.content.decode()
        )


def test_a_bad_year_says_what_is_allowed(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("im_officer").get(reverse("coordination:accountability"), {"year": "x"})
    assert response.status_code == 400
    assert "entre 2000 y 2100" in response.content.decode()


def test_the_doc_quotes_the_leg_report_delay() -> None:
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "methodology" / "coordination.md").read_text(encoding="utf-8")
    assert f"**{LEG_REPORT_DAYS_AFTER_5W} días**" in doc
    assert f"**{LEG_REPORT_DAYS_AFTER_5W} days**" in doc
