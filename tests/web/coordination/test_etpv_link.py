"""The ETPV plan ↔ 5W link: an action's progress from the approved 5W lines marked as ETPV
support of its organisations, territory and dates, shown to whom the rule allows; and the
donor view's results per funded project, from published lines only, in both languages."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.conftest import CUCUTA_ETC, PERSONAS
from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import plan_services
from trayecto.web.coordination.etpv_link import (
    action_etpv_support,
    etpv_support_by_action,
    results_by_funded_project,
)
from trayecto.web.coordination.models import Action
from trayecto.web.coordination.plan_selectors import plan_actions
from trayecto.web.response.models import Submission


def line(org: str, month: str, status: Status, new: int, **extra: object) -> None:
    period = PeriodFactory(month=month, due_date=date(2026, 12, 31))
    found = Submission.objects.filter(organization__code=org, period=period).first()
    submission = found or SubmissionFactory(organization__code=org, period=period, status=status)
    LineFactory(submission=submission, new_beneficiaries=new, beneficiaries=new, **extra)


ETPV = {"etpv_support": True, "etpv_support_type": "prerregistro"}


@pytest.fixture
def action(db: None) -> Action:
    """NRC leads, Save the Children supports: pre-registration in Norte de Santander (54),
    February to June 2026, target 500 students from a baseline of 0."""
    nrc = OrganizationFactory(code="nrc", name="NRC")
    save = OrganizationFactory(code="savethechildren", name="Save the Children")
    OrganizationFactory(code="unicef", name="UNICEF")
    return plan_services.action_create(
        plan=plan_services.etpv_plan_ensure(), code="A2", title="Prerregistro en el RUMV",
        lead=nrc, supporting=[save], department="54", etc_code="", municipality="",
        start_date=date(2026, 2, 1), due_date=date(2026, 6, 30),
        indicator="Estudiantes prerregistrados en el RUMV", unit="estudiantes",
        baseline=0.0, target=500.0, description="", status="in_progress", user=None,
    )  # fmt: skip


@pytest.fixture
def reported(action: Action) -> None:
    line("nrc", "2026-03", Status.APPROVED, 120, municipality="54001", **ETPV)  # counted
    line(
        "savethechildren",
        "2026-04",
        Status.PUBLISHED,
        80,
        municipality="54405",
        etpv_support=True,
        etpv_support_type="biometria",
    )  # counted: supports the action
    line("nrc", "2026-02", Status.APPROVED, 999, municipality="54001")  # not ETPV support
    line("nrc", "2026-05", Status.APPROVED, 77, municipality="81001", **ETPV)  # Arauca
    line("unicef", "2026-03", Status.APPROVED, 55, municipality="54001", **ETPV)  # not its org
    line("savethechildren", "2026-06", Status.SUBMITTED, 33, municipality="54001", **ETPV)
    line("nrc", "2026-08", Status.APPROVED, 44, municipality="54001", **ETPV)  # after due date


@pytest.mark.usefixtures("reported")
def test_an_action_counts_approved_etpv_lines_of_its_organisations_territory_and_dates(
    action: Action,
) -> None:
    figures = action_etpv_support(action)
    assert (figures.lines, figures.people) == (2, 200)
    assert figures.percent_of_target == 40.0  # 200 of the 500 from a baseline of 0
    assert figures.by_type == (("biometria", 1), ("prerregistro", 1))
    assert figures.organizations == ("nrc", "savethechildren")


@pytest.mark.usefixtures("geography_home")
def test_an_action_of_an_etc_counts_the_municipalities_the_etc_serves(action: Action) -> None:
    line("nrc", "2026-03", Status.APPROVED, 120, municipality="54001", **ETPV)  # Cúcuta
    line("nrc", "2026-03", Status.APPROVED, 80, municipality="54405", **ETPV)  # Los Patios
    action.department, action.etc_code = "", CUCUTA_ETC  # the SEM of Cúcuta runs 54001 only
    action.save()
    assert (action_etpv_support(action).lines, action_etpv_support(action).people) == (1, 120)
    action.etc_code, action.municipality = "", "54405"
    action.save()
    assert action_etpv_support(action).people == 80


def test_without_lines_or_with_a_target_in_percent_there_is_no_percent(action: Action) -> None:
    assert action_etpv_support(action).percent_of_target is None
    line("nrc", "2026-03", Status.APPROVED, 10, municipality="54001", **ETPV)
    action.unit = "%"
    action.save()
    figures = action_etpv_support(action)
    assert (figures.people, figures.percent_of_target) == (10, None)


SEES = {"partner", "other_partner", "leg_coordinator", "im_officer", "cluster_admin"}


@pytest.mark.usefixtures("reported", "empty_warehouse")
@pytest.mark.parametrize("persona", [*PERSONAS, "leg_elsewhere", "other_partner"])
def test_who_sees_the_figures_of_the_5w_on_the_plan(
    as_persona: Callable[[str], Client], action: Action, persona: str
) -> None:
    client = as_persona(persona)
    dashboard = client.get(reverse("coordination:plan", args=["etpv"]))
    detail = client.get(reverse("coordination:action", args=["etpv", action.pk]))
    if persona in {"anonymous", "outsider", "viewer"}:
        assert dashboard.status_code == detail.status_code == (302 if persona == "anonymous"
                                                               else 403)  # fmt: skip
        return
    page, html = dashboard.content.decode(), detail.content.decode()
    if persona in SEES:
        assert "5W, apoyo al ETPV aprobado: 200 personas en 2 líneas · 40,0 % de la meta" in page
        assert '<dd class="num people">200</dd>' in html
        assert 'Prerregistro en el RUMV</td><td class="num">1</td>' in html
    else:
        assert "200 personas" not in page
        assert 'class="num people"' not in html
        assert 'class="etpv-hidden"' in page
        assert "las organizaciones que la lideran o apoyan" in html  # what is allowed


@pytest.mark.usefixtures("reported", "empty_warehouse")
def test_the_action_page_in_english(as_persona: Callable[[str], Client], action: Action) -> None:
    client = as_persona("im_officer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("coordination:action", args=["etpv", action.pk])).content.decode()
    assert "ETPV support according to the 5W" in html
    assert "Pre-registration in the RUMV" in html
    assert "40.0 %" in html


@pytest.fixture
def funded(db: None) -> None:
    OrganizationFactory(code="nrc", name="NRC")
    project = {"funded_project": "ECHO-2026-EDU"}
    line("nrc", "2026-03", Status.PUBLISHED, 1250, **project)
    line("savethechildren", "2026-02", Status.PUBLISHED, 40, activity="EDU-01", **project)
    line("unicef", "2026-03", Status.APPROVED, 9999, **project)  # not published yet
    line("unicef", "2026-01", Status.PUBLISHED, 700)  # names no project
    line("nrc", "2025-12", Status.PUBLISHED, 300, **project)  # last year


@pytest.mark.usefixtures("funded")
def test_results_per_funded_project_count_published_lines_only() -> None:
    results = results_by_funded_project("2026-03")
    assert [(r.project, r.activity, r.lines, r.people) for r in results] == [
        ("ECHO-2026-EDU", "EDU-01", 1, 40),
        ("ECHO-2026-EDU", "EDU-04", 1, 1250),
    ]
    assert results_by_funded_project("2026-01") == []


@pytest.mark.usefixtures("funded")
def test_the_donor_view_shows_results_per_funded_project_in_both_languages(
    as_persona: Callable[[str], Client], empty_warehouse: Warehouse
) -> None:
    client = as_persona("viewer")
    page = client.get(reverse("coordination:donors"), {"period": "2026-03"}).content.decode()
    projects = page.split('class="data projects"')[1].split("</table>")[0]
    assert "ECHO-2026-EDU" in projects
    assert '<td class="num">1\xa0250</td>' in projects  # Spanish grouping
    assert "9999" not in projects.replace("\xa0", "").replace(".", "")
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("coordination:donors-xlsx"), {"period": "2026-03"}).content)
    ).active
    assert sheet is not None
    rows = [
        r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "Proyecto financiado"
    ]
    assert [(r[3], r[5]) for r in rows] == [
        ("ECHO-2026-EDU · Organización savethechildren", 40),
        ("ECHO-2026-EDU · NRC", 1250),
    ]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("coordination:donors"), {"period": "2026-03"}).content.decode()
    assert "By funded project" in english
    assert '<td class="num">1,250</td>' in english


@pytest.mark.usefixtures("reported")
def test_a_whole_plan_is_read_in_the_same_queries_however_many_actions(
    action: Action, django_assert_num_queries: Any
) -> None:
    for code in ("A3", "A4", "A5"):
        copy = plan_services.action_create(
            plan=action.plan, code=code, title=action.title, lead=action.lead,
            supporting=list(action.supporting.all()), department="54", etc_code="",
            municipality="", start_date=action.start_date, due_date=action.due_date,
            indicator=action.indicator, unit=action.unit, baseline=0.0, target=500.0,
            description="", status="in_progress", user=None,
        )  # fmt: skip
        assert copy.pk
    one = list(plan_actions(action.plan).filter(pk=action.pk))
    four = list(plan_actions(action.plan))
    with django_assert_num_queries(2):
        figures = etpv_support_by_action(one)
    with django_assert_num_queries(2):
        every = etpv_support_by_action(four)
    assert figures[action.pk] == every[action.pk]
    assert {f.people for f in every.values()} == {200}
