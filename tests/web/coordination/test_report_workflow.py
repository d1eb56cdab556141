"""The LEG monthly report: draft → submitted → approved → published, returned with a
comment, figures frozen at submission, four eyes, and every step in the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto import paths
from trayecto.domain.coordination import ReportAction, ReportStatus
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import services
from trayecto.web.coordination.models import LegReport, Workspace
from trayecto.web.coordination.selectors import report_figures
from trayecto.web.response.models import AuditLog
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)

pytestmark = pytest.mark.usefixtures("workspaces")


def act(client: Client, period: str, action: str, **data: str) -> str:
    url = reverse("coordination:report-action", args=["81", period, action])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_goes_from_draft_to_published_and_back_with_a_comment(
    as_persona: Callable[[str], Client], leg_coordinator: object, im_officer: object,
    cluster_admin: object,
) -> None:  # fmt: skip
    client = as_persona("leg_coordinator")
    client.post(reverse("coordination:report-start", args=["81"]), {"period": "2026-03"})
    url = reverse("coordination:report", args=["81", "2026-03"])
    sections = {"summary": "Mes de matrícula.", "achievements": "Kits entregados.",
                "challenges": "Paro armado en Tame.", "next_steps": "Visitas a sedes."}  # fmt: skip
    assert client.post(url, sections).status_code == 302
    act(client, "2026-03", "submit")
    report = LegReport.objects.get(period="2026-03")
    assert report.status == ReportStatus.SUBMITTED
    assert report.challenges == "Paro armado en Tame."
    # once sent, the LEG no longer edits it
    assert client.post(url, {**sections, "summary": "otro"}).status_code == 403

    client.force_login(im_officer)  # type: ignore[arg-type]
    page = act(client, "2026-03", "return", comment="")
    assert "Escriba el motivo de la devolución" in page
    act(client, "2026-03", "return", comment="Falta la sección de brechas de Saravena.")
    report.refresh_from_db()
    assert (report.status, report.comment) == (
        ReportStatus.RETURNED,
        "Falta la sección de brechas de Saravena.",
    )

    client.force_login(leg_coordinator)  # type: ignore[arg-type]
    assert "Falta la sección de brechas de Saravena." in client.get(url).content.decode()
    assert client.post(url, {**sections, "challenges": "Brechas de Saravena."}).status_code == 302
    act(client, "2026-03", "submit")
    client.force_login(im_officer)  # type: ignore[arg-type]
    act(client, "2026-03", "approve")
    client.force_login(cluster_admin)  # type: ignore[arg-type]
    act(client, "2026-03", "publish")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.comment == ""
    actions = list(
        AuditLog.objects.filter(object_type="legreport", object_id=report.pk)
        .order_by("id").values_list("action", flat=True)
    )  # fmt: skip
    assert actions == [
        "leg_report.start", "leg_report.edit", "leg_report.submit", "leg_report.return",
        "leg_report.edit", "leg_report.submit", "leg_report.approve", "leg_report.publish",
    ]  # fmt: skip


def test_a_leg_coordinator_may_not_approve_and_the_submitter_may_not_approve(
    as_persona: Callable[[str], Client], im_officer: object, workspaces: dict[str, Workspace]
) -> None:
    client = as_persona("cluster_admin")
    client.post(reverse("coordination:report-start", args=["81"]), {"period": "2026-04"})
    act(client, "2026-04", "submit")
    response = client.post(reverse("coordination:report-action", args=["81", "2026-04", "approve"]))
    assert response.status_code == 403
    assert "cuatro ojos" in response.content.decode()
    client.force_login(im_officer)  # type: ignore[arg-type]
    act(client, "2026-04", "approve")
    assert LegReport.objects.get(period="2026-04").status == ReportStatus.APPROVED


def test_a_leg_coordinator_may_not_approve(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("leg_coordinator")
    client.post(reverse("coordination:report-start", args=["81"]), {"period": "2026-05"})
    act(client, "2026-05", "submit")
    response = client.post(reverse("coordination:report-action", args=["81", "2026-05", "approve"]))
    assert response.status_code == 403
    assert "Solo el clúster nacional" in response.content.decode()


def test_an_unpublished_report_is_hidden_from_partners_a_published_one_is_not(
    as_persona: Callable[[str], Client], workspaces: dict[str, Workspace]
) -> None:
    report = services.report_start(workspace=workspaces["81"], period="2026-03", user=None)
    url = reverse("coordination:report", args=["81", "2026-03"])
    client = as_persona("partner")
    response = client.get(url)
    assert response.status_code == 403
    assert "aún no está publicado" in response.content.decode()
    listing = client.get(reverse("coordination:workspace", args=["81"])).content.decode()
    assert "2026-03" not in listing
    for action in (ReportAction.SUBMIT, ReportAction.APPROVE, ReportAction.PUBLISH):
        services.report_transition(report=report, action=action, user=None)
    assert client.get(url).status_code == 200


def test_a_state_that_does_not_allow_the_step_is_refused(
    workspaces: dict[str, Workspace],
) -> None:
    report = services.report_start(workspace=workspaces["54"], period="2026-03", user=None)
    with pytest.raises(ValidationError, match="no admite «publish»"):
        services.report_transition(report=report, action=ReportAction.PUBLISH, user=None)
    with pytest.raises(ValidationError, match="ya tiene un informe de 2026-03"):
        services.report_start(workspace=workspaces["54"], period="2026-03", user=None)


def _published_arauca_reach() -> Warehouse:
    """NRC's March 5W (15 new people in Arauca) published; UNICEF's (100 people) only sent."""
    warehouse = Warehouse.for_root(paths.warehouse_dir())
    published = SubmissionFactory()
    LineFactory(submission=published, new_beneficiaries=10)
    LineFactory(submission=published, municipality="81065", new_beneficiaries=5, beneficiaries=5)
    submission_validate(submission=published, user=None)
    submission_approve(submission=published, user=None, warehouse=warehouse)
    submission_publish(submission=published, user=None, warehouse=warehouse)
    sent = SubmissionFactory(organization__code="unicef", status=Status.SUBMITTED)
    LineFactory(submission=sent, new_beneficiaries=100, beneficiaries=100)
    return warehouse


def test_the_figures_come_from_published_5w_only(workspaces: dict[str, Workspace]) -> None:
    warehouse = _published_arauca_reach()
    figures = report_figures(workspace=workspaces["81"], period="2026-03", warehouse=warehouse)
    assert figures["reach"] == 15  # the 100 people of the report not yet published are not here
    assert figures["reach_manifest_version"] is not None
    assert figures["completeness"]["expected"] == 2  # NRC and UNICEF both reported in March
    assert figures["completeness"]["received"] == 2
    nothing = report_figures(workspace=workspaces["27"], period="2026-03", warehouse=warehouse)
    assert nothing["reach"] is None
    assert nothing["completeness"]["completeness"] is None


def test_submitting_freezes_the_figures_later_publications_do_not_change_them(
    as_persona: Callable[[str], Client], workspaces: dict[str, Workspace]
) -> None:
    _published_arauca_reach()
    client = as_persona("leg_coordinator")
    client.post(reverse("coordination:report-start", args=["81"]), {"period": "2026-03"})
    page = client.get(reverse("coordination:report", args=["81", "2026-03"])).content.decode()
    assert '<dd class="reach">15' in page
    act(client, "2026-03", "submit")
    report = LegReport.objects.get(period="2026-03")
    assert report.figures["reach"] == 15
    later = SubmissionFactory(organization__code="savethechildren")
    LineFactory(submission=later, new_beneficiaries=40, beneficiaries=40)
    warehouse = Warehouse.for_root(paths.warehouse_dir())
    submission_validate(submission=later, user=None)
    submission_approve(submission=later, user=None, warehouse=warehouse)
    submission_publish(submission=later, user=None, warehouse=warehouse)
    # the default rule keeps the larger partner in Arauca city's cell: 40 + 5 in Arauquita
    live = report_figures(workspace=workspaces["81"], period="2026-03", warehouse=warehouse)
    assert live["reach"] == 45
    page = client.get(reverse("coordination:report", args=["81", "2026-03"])).content.decode()
    assert '<dd class="reach">15' in page
    assert "Cifras fijadas cuando el GEL envió el informe" in page
