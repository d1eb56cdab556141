"""Every persona × the read endpoints of one object of the needs, emergencies and
coordination work: the API gives what the pages give (web/*/access.py), no more, and scopes
the rows inside the answer as the pages do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.web.api.conftest import ApiClient
from tests.web.conftest import PERSONAS
from tests.web.factories import OrganizationFactory
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.models import Action, ActionPlan, LegReport, Workspace
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_home")]

NATIONAL = {"im_officer", "cluster_admin"}
MEMBERS = set(PERSONAS) - {"anonymous", "outsider"}
WORKSPACE_READERS = MEMBERS - {"viewer"}
NEEDS_READERS = NATIONAL | {"leg_coordinator", "etc_analyst"}
# The LEG persona covers Arauca (81) and Norte de Santander (54); the ETC persona is Cúcuta's.
SEES_SEDES = {
    "etc_analyst": {"154001000001"},
    "leg_coordinator": {"181001000001", "154001000001"},
    "im_officer": {"181001000001", "154001000001", "127001000001"},
    "cluster_admin": {"181001000001", "154001000001", "127001000001"},
}


@pytest.fixture
def border_event() -> Event:
    """An event of Arauca, Norte de Santander and Chocó with one affected sede in each."""
    event = Event.objects.create(
        type="migration", subtype="migration_influx", title="Llegada a la frontera",
        start_date="2026-03-01", department_codes=["81", "54", "27"],
    )  # fmt: skip
    for code, etc in (("181001000001", "81"), ("154001000001", "3802"), ("127001000001", "27")):
        AffectedSede.objects.create(
            event=event, sede_code=code, sede_name=f"Sede {code}", municipality_code=code[1:6],
            department_code=code[1:3], etc_code=etc, enrolment_total=100,
        )  # fmt: skip
    return event


def refused_as(response: Any, persona: str) -> None:
    expected = 401 if persona == "anonymous" else 403
    assert response.status_code == expected, response.content[:300]
    body = response.json()
    assert body["code"] == ("not_authenticated" if expected == 401 else "forbidden")
    assert len(body["message"]) > 40  # says what is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_event_and_the_sedes_each_role_sees(
    api_as: Callable[[str], ApiClient], persona: str, border_event: Event
) -> None:
    client = api_as(persona)
    detail = client.get(f"/api/v1/emergencies/events/{border_event.pk}")
    sedes = client.get(f"/api/v1/emergencies/events/{border_event.pk}/sedes")
    if persona not in MEMBERS:
        refused_as(detail, persona)
        refused_as(sedes, persona)
        return
    assert detail.status_code == 200, detail.content[:300]
    figures = detail.json()
    # the aggregates of the whole event, as its page shows every member
    assert (figures["sedes_affected"], figures["students_affected"]) == (3, 300)
    assert figures["figures"]["sedes_affected"] == 3
    if persona not in SEES_SEDES:
        refused_as(sedes, persona)
        return
    assert sedes.status_code == 200, sedes.content[:300]
    assert {row["sede_code"] for row in sedes.json()["items"]} == SEES_SEDES[persona]
    assert sedes.json()["count"] == len(SEES_SEDES[persona])


def test_the_event_list_filters_as_the_page(
    api_as: Callable[[str], ApiClient], border_event: Event
) -> None:
    client = api_as("viewer")
    found = client.get("/api/v1/emergencies/events", {"department": "54"}).json()
    assert [(e["id"], e["sedes_affected"], e["students_affected"]) for e in found["items"]] == [
        (border_event.pk, 3, 300)
    ]
    assert client.get("/api/v1/emergencies/events", {"department": "05"}).json()["count"] == 0
    assert client.get("/api/v1/emergencies/events", {"status": "closed"}).json()["count"] == 0
    missing = client.get("/api/v1/emergencies/events/999999")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


@pytest.fixture
def arauca_reports() -> Workspace:
    """Arauca's LEG workspace with a published report and a draft."""
    workspace = Workspace.objects.create(department_code="81", name="Arauca")
    published = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    LegReport.objects.create(workspace=workspace, period="2026-02", status="published",
                             summary="Publicado", published_at=published)  # fmt: skip
    LegReport.objects.create(workspace=workspace, period="2026-03", summary="Borrador")
    return workspace


# the draft is for the department's LEG and the national cluster (coordination/access.py)
SEES_DRAFT = NATIONAL | {"leg_coordinator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_leg_reports_each_role_reads(
    api_as: Callable[[str], ApiClient], persona: str, arauca_reports: Workspace
) -> None:
    answer = api_as(persona).get("/api/v1/coordination/workspaces/81/reports")
    if persona not in WORKSPACE_READERS:
        refused_as(answer, persona)
        return
    assert answer.status_code == 200, answer.content[:300]
    periods = [r["period"] for r in answer.json()["items"]]
    assert periods == (["2026-03", "2026-02"] if persona in SEES_DRAFT else ["2026-02"])


def test_an_unknown_workspace_or_plan_is_not_found(api_as: Callable[[str], ApiClient]) -> None:
    client = api_as("partner")
    for path in ("/api/v1/coordination/workspaces/99/reports",
                 "/api/v1/coordination/workspaces/ab/reports",
                 "/api/v1/coordination/plans/no-such-plan/actions"):  # fmt: skip
        answer = client.get(path)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), path


@pytest.fixture
def response_plan(arauca_reports: Workspace) -> ActionPlan:
    plan = ActionPlan.objects.create(
        code="gel-arauca", name="Plan del GEL", workspace=arauca_reports
    )
    Action.objects.create(
        plan=plan, code="A1", title="Aulas temporales", lead=OrganizationFactory(code="nrc"),
        department="81", municipality="81001", start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 2, 1), status="in_progress", indicator="aulas", target=10,
    )  # fmt: skip
    return plan


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_plans_actions_for_whoever_sees_the_workspaces(
    api_as: Callable[[str], ApiClient], persona: str, response_plan: ActionPlan
) -> None:
    answer = api_as(persona).get("/api/v1/coordination/plans/gel-arauca/actions")
    plans = api_as(persona).get("/api/v1/coordination/plans")
    if persona not in WORKSPACE_READERS:
        refused_as(answer, persona)
        refused_as(plans, persona)
        return
    assert answer.status_code == 200, answer.content[:300]
    (action,) = answer.json()["items"]
    assert (action["code"], action["lead"], action["overdue"]) == ("A1", "nrc", True)
    assert "Arauca (81)" in action["place"]  # named from the real geography
    (plan,) = plans.json()["items"]
    assert (plan["department_code"], plan["progress"]["total"], plan["progress"]["overdue"]) == (
        "81", 1, 1,
    )  # fmt: skip


@pytest.fixture
def needs_run(official_home: Any) -> Any:
    from trayecto.domain.needs import NeedsParameters
    from trayecto.web.needs.services import needs_run_create

    store = Warehouse.for_root(official_home / "warehouse")
    return needs_run_create(name="Umbrales por defecto", parameters=NeedsParameters(), user=None,
                            warehouse=store)  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_needs_run_for_its_readers(
    api_as: Callable[[str], ApiClient], persona: str, needs_run: Any
) -> None:
    answer = api_as(persona).get(
        f"/api/v1/needs/runs/{needs_run.pk}/municipalities", {"department": "54"}
    )
    if persona not in NEEDS_READERS:
        refused_as(answer, persona)
        return
    assert answer.status_code == 200, answer.content[:300]
    rows = answer.json()["items"]
    # every municipality of Norte de Santander the run assessed, as the run's page lists it
    assert rows == [r for r in needs_run.results if r["code"][:2] == "54"][: len(rows)]
    assert answer.json()["count"] == sum(1 for r in needs_run.results if r["code"][:2] == "54")
    assert all(set(r) >= {"code", "name", "severity", "total_pin"} for r in rows)
