"""Meeting records with decisions and follow-ups; announcements e-mailed to the LEGs; every
list downloads as XLSX with what the page shows."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.factories import OrganizationFactory
from trayecto.web.coordination import services
from trayecto.web.coordination.models import Announcement, FollowUp, Meeting, Workspace
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.usefixtures("workspaces")


def sheet_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return [tuple(row) for row in sheet.iter_rows(min_row=4, values_only=True)]


@time_machine.travel("2026-04-20 12:00 -05:00", tick=False)
def test_a_meeting_with_a_decision_and_a_follow_up_that_falls_overdue(
    as_persona: Callable[[str], Client], partner: object
) -> None:
    client = as_persona("leg_coordinator")
    ngo = OrganizationFactory(code="nrc")  # the partner persona's organisation
    response = client.post(
        reverse("coordination:meeting-new", args=["81"]),
        {"held_on": "2026-04-02", "title": "GEL Arauca – abril", "notes": "Acta",
         "attendees": [ngo.pk]},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert list(meeting.attendees.values_list("code", flat=True)) == ["nrc"]
    client.post(reverse("coordination:decision-add", args=["81", meeting.pk]),
                {"text": "Priorizar Saravena"})  # fmt: skip
    client.post(
        reverse("coordination:follow-up-add", args=["81", meeting.pk]),
        {"text": "Listado de sedes con NES", "organization": ngo.pk, "due_date": "2026-04-15"},
    )
    follow_up = FollowUp.objects.get()
    page = client.get(reverse("coordination:workspace", args=["81"])).content.decode()
    assert "Listado de sedes con NES" in page
    assert "vencido" in page  # due on the 15th, today the 20th
    # the partner of the responsible organisation closes it; the LEG of Chocó could not
    partner_client = Client()
    partner_client.force_login(partner)  # type: ignore[arg-type]
    done = reverse("coordination:follow-up-done", args=[follow_up.pk])
    assert partner_client.post(done).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True))[-4:] == [
        "meeting.record", "decision.add", "follow_up.assign", "follow_up.complete",
    ]  # fmt: skip
    rows = sheet_rows(client.get(reverse("coordination:meetings-xlsx", args=["81"])).content)
    kinds = [row[2] for row in rows]
    assert kinds == ["reunión", "decisión", "compromiso"]
    assert rows[2][4:] == (ngo.name, datetime(2026, 4, 15), "cumplido")  # noqa: DTZ001


def test_a_bad_follow_up_date_is_reported_by_field(
    as_persona: Callable[[str], Client], workspaces: dict[str, Workspace]
) -> None:
    meeting = services.meeting_record(
        workspace=workspaces["81"], held_on=date(2026, 4, 2), title="GEL", notes="",
        attendees=[], user=None,
    )  # fmt: skip
    client = as_persona("leg_coordinator")
    ngo = OrganizationFactory(code="ong-local")
    response = client.post(
        reverse("coordination:follow-up-add", args=["81", meeting.pk]),
        {"text": "x", "organization": ngo.pk, "due_date": "15/04/2026"},
        follow=True,
    )
    assert "Fecha límite" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_leg_of_another_department_may_not_close_a_follow_up(
    leg_choco: object, workspaces: dict[str, Workspace]
) -> None:
    meeting = services.meeting_record(
        workspace=workspaces["81"], held_on=date(2026, 4, 2), title="GEL", notes="",
        attendees=[], user=None,
    )  # fmt: skip
    follow_up = services.follow_up_assign(
        meeting=meeting, text="x", organization=OrganizationFactory(code="ong-local"),
        due_date=date(2026, 4, 30), user=None,
    )  # fmt: skip
    client = Client()
    client.force_login(leg_choco)  # type: ignore[arg-type]
    response = client.post(reverse("coordination:follow-up-done", args=[follow_up.pk]))
    assert response.status_code == 403
    assert "Solo la organización responsable" in response.content.decode()


def test_an_announcement_to_one_leg_emails_its_coordinators_only(
    as_persona: Callable[[str], Client], leg_choco: object, leg_coordinator: object,
    workspaces: dict[str, Workspace], django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    leg_coordinator.email = "gel@example.org"  # type: ignore[attr-defined]
    leg_coordinator.save()  # type: ignore[attr-defined]
    client = as_persona("im_officer")
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves at commit
        response = client.post(
            reverse("coordination:announcements"),
            {"title": "Taller ETPV", "body": "El martes en Quibdó.",
             "workspaces": [workspaces["27"].pk]},
        )  # fmt: skip
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["gel-choco@example.org"]]
    assert mail.outbox[0].subject == "[Trayecto · GEL] Taller ETPV"
    announcement = Announcement.objects.get()
    assert announcement.emails_sent == 1
    # Chocó's workspace shows it; Arauca's does not
    client.force_login(leg_choco)  # type: ignore[arg-type]
    choco, arauca = (reverse("coordination:workspace", args=[c]) for c in ("27", "81"))
    assert "Taller ETPV" in client.get(choco).content.decode()
    assert "Taller ETPV" not in client.get(arauca).content.decode()


def test_an_announcement_to_no_leg_in_particular_goes_to_all(
    as_persona: Callable[[str], Client], leg_choco: object, leg_coordinator: object,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    leg_coordinator.email = "gel@example.org"  # type: ignore[attr-defined]
    leg_coordinator.save()  # type: ignore[attr-defined]
    client = as_persona("cluster_admin")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:announcements"), {"title": "Boletín", "body": "Listo."})
    assert sorted(m.to[0] for m in mail.outbox) == ["gel-choco@example.org", "gel@example.org"]
    for code in ("81", "27", "08"):
        page = client.get(reverse("coordination:workspace", args=[code])).content.decode()
        assert "Boletín" in page
    rows = sheet_rows(client.get(reverse("coordination:announcements-xlsx")).content)
    assert [row[1:] for row in rows] == [("Boletín", "Listo.", "todos los GEL", 2)]


def test_an_announcement_without_a_subject_is_refused_and_sends_nothing(
    as_persona: Callable[[str], Client],
) -> None:
    response = as_persona("im_officer").post(
        reverse("coordination:announcements"), {"title": "", "body": "x"}
    )
    assert response.status_code == 400
    assert not Announcement.objects.exists()
    assert mail.outbox == []


def test_the_workspace_list_downloads_as_xlsx(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("partner").get(reverse("coordination:list-xlsx"))
    rows = sheet_rows(response.content)
    assert [row[:2] for row in rows] == [
        ("Arauca", "81"), ("Atlántico", "08"), ("Chocó", "27"), ("La Guajira", "44"),
        ("Magdalena", "47"), ("Nariño", "52"), ("Norte de Santander", "54"),
    ]  # fmt: skip
    assert rows[0][2] == 0  # no LEG coordinator has Arauca in scope in this test
