"""The home page for each role: the cards of what the role acts on, with their counts.

A small cycle: the partner NRC published February (10 people in Arauca) and
March (5 new people in each of two municipalities: 20 in all, +10) and left April as a
draft; three other partners have a March report submitted, validated and approved, a fourth
published 7 people in Chocó in March (national: 27, +17); one April report is submitted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from tests.web.conftest import CUCUTA_ETC
from tests.web.factories import LineFactory, PeriodFactory, SubmissionFactory
from trayecto.analytics import areas
from trayecto.cli.main import app
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Organization
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.response.models import (
    ActivityLine,
    DepartmentValidation,
    PeopleInNeed,
    ReportingPeriod,
    Submission,
    Target,
)
from trayecto.web.response.selectors.monitoring import completeness_table, month_completeness
from trayecto.web.response.selectors.review import validation_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(geography: Warehouse, partner: Any) -> None:
    periods = {
        month: PeriodFactory(month=month, due_date=date(2026, int(month[5:]) + 1, 10))
        for month in ("2026-02", "2026-03", "2026-04")
    }
    own = partner.membership.organization

    def report(org: Any, month: str, status: Status, *municipalities: str, n: int = 10) -> None:
        found = SubmissionFactory(organization=org, period=periods[month], status=status)
        for municipality in municipalities:
            LineFactory(submission=found, municipality=municipality, new_beneficiaries=n)

    report(own, "2026-02", Status.PUBLISHED, "81001")
    report(own, "2026-03", Status.PUBLISHED, "81001", "81065", n=5)
    report(own, "2026-04", Status.DRAFT, "81001")
    report(_org("acnur", "ACNUR"), "2026-03", Status.SUBMITTED, "81001", "54001")
    report(_org("save", "Save the Children"), "2026-03", Status.VALIDATED, "81001")
    mercy = _org("mercy", "Mercy Corps")
    report(mercy, "2026-03", Status.APPROVED, "81001")
    report(mercy, "2026-04", Status.SUBMITTED, "81001")
    # Published in Chocó: in the national total, outside the LEG's and the partner's reach.
    report(_org("plan", "Plan International"), "2026-03", Status.PUBLISHED, "27001", n=7)
    # An older report returned to the partner, with a problem to fix.
    old = PeriodFactory(month="2025-12", due_date=date(2026, 1, 10))
    SubmissionFactory(organization=own, period=old, status=Status.REJECTED)


def _org(code: str, name: str) -> Organization:
    return Organization.objects.create(code=code, name=name)


CARD = re.compile(
    r'data-card="(?P<key>[\w-]+)" href="(?P<href>[^"]+)">\s*'
    r'<span class="kpi-label">(?P<label>[^<]*)</span>\s*'
    r'<span class="kpi-value">(?P<value>[^<]*)</span>\s*'
    r'(?:<span class="kpi-change">(?P<change>[^<]*)</span>)?'
)


def cards(client: Client) -> dict[str, dict[str, str]]:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return {m["key"]: m.groupdict() for m in CARD.finditer(html)}


# Queries per role on this cycle: four for any home (session, user, membership, the demo
# flag), then one or two per card (a reach figure reads its lines once per month compared);
# pinned so that a card does not start reading per report or per row.
MAX_QUERIES = {
    "cluster_admin": 13,
    "im_officer": 13,
    "leg_coordinator": 13,
    "partner": 11,
    "etc_analyst": 4,
    "viewer": 9,
}


@pytest.mark.usefixtures("cycle")
@pytest.mark.parametrize("persona", ["cluster_admin", "im_officer"])
def test_national_roles_see_the_review_queue_completeness_and_reach(
    persona: str, as_persona: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = as_persona(persona)
    with django_assert_max_num_queries(MAX_QUERIES[persona]):
        found = cards(client)
    assert found["to-approve"]["value"] == "1"
    assert found["to-publish"]["value"] == "1"
    assert found["to-approve"]["href"] == found["to-publish"]["href"] == "/5w/revision/"
    # April: six partner × department pairs expected (presence since February/March), one
    # received (Mercy Corps); the partner's April draft is not a report received.
    assert found["completeness"]["value"] == "1 / 6"
    assert found["completeness"]["change"].startswith("−5 ")  # six received in March
    assert found["reach"]["value"] == "27"
    assert "+17" in found["reach"]["change"]
    assert found["reach"]["href"] == "/5w/alcance/"
    assert "Total nacional publicado · marzo de 2026" in client.get("/").content.decode()


@pytest.mark.usefixtures("cycle")
def test_leg_coordinator_sees_its_reports_to_validate_and_its_reach(
    as_persona: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = as_persona("leg_coordinator")  # Arauca (81) and Norte de Santander (54)
    with django_assert_max_num_queries(MAX_QUERIES["leg_coordinator"]):
        html = client.get("/").content.decode()
    found = {m["key"]: m.groupdict() for m in CARD.finditer(html)}
    assert found["to-validate"]["value"] == "2"  # ACNUR's March and Mercy Corps' April
    assert found["reach"]["value"] == "20"
    assert "Arauca" in html
    assert "Norte de Santander" in html


def _event(title: str, status: str, departments: list[str], sedes: list[str]) -> None:
    event = Event.objects.create(type="migration", subtype="migration_influx", title=title,
                                 start_date="2026-03-01", status=status,
                                 department_codes=departments)  # fmt: skip
    for code in sedes:
        AffectedSede.objects.create(
            event=event, sede_code=code, sede_name=f"Sede {code}",
            municipality_code=code[1:6], department_code=code[1:3],
        )  # fmt: skip


@pytest.mark.usefixtures("geography")
def test_leg_coordinator_sees_the_open_emergencies_of_its_departments(
    as_persona: Callable[[str], Client],
) -> None:
    """Open events touching Arauca or Norte de Santander count, once each; a closed one and
    one in Chocó alone do not; sedes count only in the LEG's departments."""
    _event("Frontera", "verified", ["81", "54", "27"], ["181001000001", "154001000001",
                                                        "127001000001"])  # fmt: skip
    _event("Inundación", "responding", ["81"], ["181065000001"])
    _event("Cerrada", "closed", ["54"], ["154001000002"])
    _event("Chocó", "reported", ["27"], ["127001000002"])
    client = as_persona("leg_coordinator")
    found = cards(client)
    assert found["emergencies"]["value"] == "2"
    assert found["emergencies"]["href"] == reverse("emergencies:list")
    assert ": 3 sedes afectadas." in client.get("/").content.decode()


@pytest.mark.usefixtures("cycle")
@pytest.mark.parametrize("month", ["2025-12", "2026-02", "2026-03", "2026-04"])
def test_the_card_counts_a_month_as_the_completeness_table_does(month: str) -> None:
    """The home's one-month count is the year's table (the reference) summed over the month."""
    rows = [r for r in completeness_table(plan_year=int(month[:4])) if r.month == month]
    table = (sum(r.received for r in rows), sum(r.expected for r in rows))
    assert month_completeness(month) == table
    # March: NRC (Arauca), ACNUR (Arauca, Norte de Santander), Save, Mercy (Arauca) and Plan
    # (Chocó) sent; April: only Mercy's (NRC's is a draft), of the same six expected
    expected = {"2026-03": (6, 6), "2026-04": (1, 6)}
    assert table == expected.get(month, table)


@pytest.mark.usefixtures("cycle")
def test_the_leg_count_follows_the_review_queue_rule(
    leg_coordinator: Any, as_persona: Callable[[str], Client]
) -> None:
    """One department validated leaves the other pending; both validated, or a locked period,
    or a report the LEG sent itself, take a report out: the card and the queue agree."""
    client = as_persona("leg_coordinator")
    acnur = Submission.objects.get(organization__code="acnur")
    april = Submission.objects.get(organization__code="mercy", period__month="2026-04")

    def counted() -> tuple[str, int]:
        mine = validation_queue(user=leg_coordinator, names={})
        return cards(client)["to-validate"]["value"], sum(1 for e in mine if e.mine)

    DepartmentValidation.objects.create(submission=acnur, department="81")
    assert counted() == ("2", 2)
    DepartmentValidation.objects.create(submission=acnur, department="54")
    assert counted() == ("1", 1)
    april.submitted_by = leg_coordinator
    april.save()
    assert counted() == ("0", 0)
    april.submitted_by = None
    april.save()
    ReportingPeriod.objects.filter(month="2026-04").update(locked=True)
    assert counted() == ("0", 0)


@pytest.mark.usefixtures("cycle")
def test_leg_coordinator_sees_its_departments_against_target_and_pin(
    as_persona: Callable[[str], Client],
) -> None:
    """EDU-04 in Arauca: 20 new people published by March (15 in Arauca town, 5 in
    Arauquita), against a target of 40 and a PiN of 1,500; Chocó's target is not its own."""
    Target.objects.create(indicator="EDU-04", department="81", plan_year=2026, value=40)
    Target.objects.create(indicator="EDU-04", department="27", plan_year=2026, value=10)
    PeopleInNeed.objects.create(area_code="81", plan_year=2026, value=1500)
    html = as_persona("leg_coordinator").get("/").content.decode()
    targets = [m.groupdict() for m in CARD.finditer(html) if m["key"] == "target"]
    assert [(t["label"], t["value"]) for t in targets] == [
        ("Avance hacia la meta en Arauca", "50 %")
    ]
    assert "EDU-04: 20 de la meta de 40; PiN 1.500" in html


@pytest.mark.usefixtures("cycle")
def test_partner_sees_its_report_due_its_returned_reports_and_its_reach(
    as_persona: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    client = as_persona("partner")
    with django_assert_max_num_queries(MAX_QUERIES["partner"]):
        found = cards(client)
    assert found["due"]["label"] == "Reporte de abril de 2026"
    assert found["due"]["value"] == "Pendiente"  # a draft is not sent
    assert found["due"]["href"] == "/5w/subir/"
    assert "Venció el 10/05/2026" in client.get("/").content.decode()
    assert found["returned"]["value"] == "1"
    assert found["reach"]["value"] == "20"
    assert "+10" in found["reach"]["change"]


@pytest.mark.usefixtures("cycle")
def test_partner_with_the_report_sent_sees_it_done(
    partner: Any, as_persona: Callable[[str], Client]
) -> None:
    partner.membership.organization.submissions.filter(period__month="2026-04").update(
        status=Status.SUBMITTED
    )
    found = cards(as_persona("partner"))
    assert found["due"]["value"] == "Enviado"
    assert found["due"]["href"] == "/5w/"


@pytest.mark.usefixtures("cycle")
def test_etc_analyst_gets_a_link_to_its_etc_by_name(
    geography: Warehouse, as_persona: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    name = areas.area_names(geography.reader()[0], "etc")[CUCUTA_ETC]
    client = as_persona("etc_analyst")
    with django_assert_max_num_queries(MAX_QUERIES["etc_analyst"]):
        found = cards(client)
    assert found["etc"]["value"] == name != CUCUTA_ETC
    assert found["etc"]["href"] == f"/etc/{CUCUTA_ETC}/"


@pytest.mark.usefixtures("cycle")
def test_viewer_sees_the_published_national_reach(
    as_persona: Callable[[str], Client], django_assert_max_num_queries: Any
) -> None:
    # Plan International's published Chocó line names a donor's project; Mercy Corps's
    # approved (unpublished) one names another, which a donor does not see yet.
    # (NRC's published lines name the same project: one project, however many lines)
    ActivityLine.objects.filter(
        submission__organization__code__in=("plan", "nrc"), submission__status=Status.PUBLISHED
    ).update(funded_project="ECW-COL-2026")
    ActivityLine.objects.filter(submission__organization__code="mercy").update(
        funded_project="BHA-720"
    )
    client = as_persona("viewer")
    with django_assert_max_num_queries(MAX_QUERIES["viewer"]):
        found = cards(client)
    assert set(found) == {"reach", "results"}
    assert found["reach"]["value"] == "27"
    assert found["results"]["value"] == "1"
    assert found["results"]["href"] == reverse("coordination:donors")


@pytest.mark.parametrize("persona", ["viewer", "partner", "leg_coordinator"])
def test_the_donor_results_are_in_the_header_for_who_has_no_leg_pages(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    """Viewers and donors reach the results by project from the header; LEG members find
    them among the coordination pages, so their header does not repeat the link."""
    client = as_persona(persona)
    header = re.search(r'<nav class="main-nav".*?</nav>', client.get("/").content.decode(), re.S)
    assert header is not None
    linked = f'href="{reverse("coordination:donors")}"' in header.group(0)
    offered_leg = f'href="{reverse("coordination:list")}"' in header.group(0)
    assert linked is not offered_leg
    assert linked is (persona == "viewer")
    assert client.get(reverse("coordination:donors")).status_code == 200


@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize(
    "persona",
    ["cluster_admin", "im_officer", "leg_coordinator", "etc_analyst", "partner", "viewer"],
)
def test_every_role_gets_its_home_without_data(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    """No report yet: the page opens, with empty states instead of refusals."""
    response = as_persona(persona).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="kpi-cards"' in html
    if persona in {"cluster_admin", "im_officer", "viewer", "partner", "leg_coordinator"}:
        assert "Aún no hay reportes publicados." in html
    if persona in {"cluster_admin", "im_officer"}:
        assert "Ningún mes ha vencido todavía" in html


@pytest.mark.usefixtures("cycle")
def test_english_home_translates_the_cards(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "Reports to approve" in html
    assert "Published national total · March 2026" in html
    assert "Reportes por aprobar" not in html


@pytest.mark.usefixtures("cycle")
def test_anonymous_users_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --------------------------------------------------------------------------- area pages
REACH_BLOCK = re.compile(
    r'<h2 id="alcance">.*?<strong>(?P<value>[^<]*)</strong></a> · (?P<month>[^<]*)'
    r"(?:<small>\((?P<change>[^ ]*) .*?</small>)?"
    r".*?Socios presentes</dt><dd>(?P<partners>.*?)</dd>",
    re.S,
)


def reach_block(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    found = REACH_BLOCK.search(response.content.decode())
    assert found, f"no 5W block on {url}"
    return {k: (v or "").strip() for k, v in found.groupdict().items()}


@pytest.fixture
def published_snapshot(cycle: None) -> None:
    """The published lines in the warehouse, as approvals and publications keep them."""
    result = CliRunner().invoke(app, ["snapshot"])
    assert result.exit_code == 0, result.output


@pytest.mark.usefixtures("published_snapshot")
def test_area_pages_show_the_published_reach_and_the_partners_present(
    as_persona: Callable[[str], Client], partner: Any
) -> None:
    client = as_persona("viewer")
    arauca = reach_block(client, "/departamento/81/")
    assert arauca["value"] == "20"  # February 10, March 5 + 5 new: published only
    assert arauca["change"] == "+10"
    assert "marzo de 2026" in arauca["month"]
    # Only the partner that published there: the submitted, validated and approved reports
    # of ACNUR, Save the Children and Mercy Corps in Arauca are not published yet.
    assert arauca["partners"] == partner.membership.organization.name
    town = reach_block(client, "/municipio/81065/")
    assert (town["value"], town["change"]) == ("5", "+5")
    choco = reach_block(client, "/departamento/27/")
    assert (choco["value"], choco["partners"]) == ("7", "Plan International")


@pytest.mark.usefixtures("published_snapshot")
def test_an_etc_analyst_sees_reach_only_in_its_etcs_municipalities(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("etc_analyst")  # an ETC of Norte de Santander: nothing in Arauca
    arauca = reach_block(client, "/departamento/81/")
    assert arauca["value"] == "0"
    assert "Ningún socio" in arauca["partners"]
