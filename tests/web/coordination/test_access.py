"""Who sees and changes the LEG workspaces: every persona against every kind of page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from trayecto.web.coordination.models import LegReport, Workspace
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.usefixtures("workspaces")

SEES = {"partner", "etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}
EDITS_ARAUCA = {"leg_coordinator", "im_officer", "cluster_admin"}
NATIONAL = {"im_officer", "cluster_admin"}
PERSONAS = (
    "anonymous", "outsider", "viewer", "partner", "etc_analyst", "leg_coordinator",
    "im_officer", "cluster_admin",
)  # fmt: skip


def expected(persona: str, allowed: set[str], ok: int = 200) -> int:
    if persona == "anonymous":
        return 302  # to the login page
    return ok if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_workspaces(as_persona: Callable[[str], Client], persona: str) -> None:
    client = as_persona(persona)
    for url in (reverse("coordination:list"), reverse("coordination:workspace", args=["81"]),
                reverse("coordination:announcements")):  # fmt: skip
        response = client.get(url)
        assert response.status_code == expected(persona, SEES), url
    if persona == "viewer":
        assert "boletín mensual" in response.content.decode()  # says where to look instead


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_legs_of_the_department_and_the_national_cluster_edit_it(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    client = as_persona(persona)
    url = reverse("coordination:report-start", args=["81"])
    response = client.post(url, {"period": "2026-03"})
    assert response.status_code == expected(persona, EDITS_ARAUCA, ok=302)
    created = LegReport.objects.filter(workspace__department_code="81", period="2026-03")
    assert created.exists() == (persona in EDITS_ARAUCA)
    if persona in EDITS_ARAUCA:
        entry = AuditLog.objects.get(action="leg_report.start")
        assert entry.object_type == "legreport"
        assert entry.detail == {"department": "81", "period": "2026-03"}
    elif persona in SEES:
        assert "Solo la coordinación del GEL de este departamento" in response.content.decode()


@pytest.mark.parametrize("persona", ["leg_coordinator", "im_officer", "cluster_admin"])
def test_a_leg_coordinator_does_not_edit_another_department(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    """The LEG coordinator covers 81 and 54, not Chocó (27); the national cluster covers all."""
    client = as_persona(persona)
    response = client.post(reverse("coordination:report-start", args=["27"]), {"period": "2026-03"})
    assert response.status_code == (403 if persona == "leg_coordinator" else 302)
    response = client.get(reverse("coordination:meeting-new", args=["27"]))
    assert response.status_code == (403 if persona == "leg_coordinator" else 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_cluster_admin_opens_a_workspace(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    response = as_persona(persona).post(
        reverse("coordination:open"), {"department_code": "05", "name": "Antioquia"}
    )
    assert response.status_code == expected(persona, {"cluster_admin"}, ok=302)
    assert Workspace.objects.filter(department_code="05").exists() == (persona == "cluster_admin")
    if persona in SEES - {"cluster_admin"}:
        assert "Solo la administración del clúster abre" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_national_cluster_sends_announcements(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    response = as_persona(persona).post(
        reverse("coordination:announcements"), {"title": "Reunión", "body": "El lunes."}
    )
    assert response.status_code == expected(persona, NATIONAL, ok=302)


def test_a_bad_department_code_is_refused_with_the_rule(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("cluster_admin")
    response = client.post(
        reverse("coordination:open"), {"department_code": "5", "name": "Antioquia"}, follow=True
    )
    assert "tiene dos dígitos" in response.content.decode()
    assert not Workspace.objects.filter(name="Antioquia").exists()


def test_an_unknown_workspace_is_404(as_persona: Callable[[str], Client]) -> None:
    assert as_persona("cluster_admin").get("/coordinacion/99/").status_code == 404
