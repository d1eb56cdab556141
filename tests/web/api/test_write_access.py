"""Every persona × every write endpoint of the API: allowed, or refused with the documented
status and code and a message saying what is allowed, with nothing written on a refusal.

5W upload and workflow steps (web/response/access), recording an event and entering or
correcting an affected sede (web/emergencies/access.py). Writes need a personal token: the
anonymous caller sends none, as a script without one would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.api.conftest import ApiClient
from tests.web.conftest import PERSONAS
from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.response.models import AuditLog, Submission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_home")]

NATIONAL = {"im_officer", "cluster_admin"}
# persona -> (status, code) of each write; personas not named get 200.
UPLOAD_REFUSED = {
    "anonymous": (401, "not_authenticated"),
    "outsider": (403, "forbidden"),
    "viewer": (403, "forbidden"),
    "etc_analyst": (403, "forbidden"),
    "leg_coordinator": (403, "forbidden"),
}
# The workflow steps on NRC's report of Arauca (81), sent by NRC's focal point and validated
# by the LEG of 81 (web/response/access/review.py): who sent it never reviews it, who validated
# it never approves it, the national roles approve and publish, only the approver or the
# cluster admin reopens; Cúcuta's analyst (only its municipalities' lines) and viewers (no
# lines) do not see the report at all.
NOT_SEEN = {
    "anonymous": (401, "not_authenticated"),
    "outsider": (403, "forbidden"),
    "viewer": (404, "not_found"),
    "etc_analyst": (404, "not_found"),
}
DENIED = (403, "forbidden")
STEPS = {  # action -> (the report's status before, who is refused besides NOT_SEEN)
    "submit": ("draft", {"leg_coordinator": DENIED}),
    "validate": ("submitted", {"partner": DENIED}),
    "approve": ("validated", {"partner": DENIED, "leg_coordinator": DENIED}),
    "publish": ("approved", {"partner": DENIED, "leg_coordinator": DENIED}),
    "reject": ("submitted", {"partner": DENIED}),
    "reopen": ("published", {"partner": DENIED, "leg_coordinator": DENIED, "im_officer": DENIED}),
}
AFTER = {"submit": "submitted", "validate": "validated", "approve": "approved",
         "publish": "published", "reject": "rejected", "reopen": "rejected"}  # fmt: skip
# Events of Norte de Santander (54): its LEG coordinator and the national roles record and
# change them (web/emergencies/access.py).
EVENT_REFUSED = {
    "anonymous": (401, "not_authenticated"),
    "outsider": (403, "forbidden"),
    "viewer": (403, "forbidden"),
    "partner": (403, "forbidden"),
    "etc_analyst": (403, "forbidden"),
}


def answered(response: Any, persona: str, refused: dict[str, tuple[int, str]]) -> bool:
    """Whether the write went through; a refusal is checked against the documented one."""
    if persona not in refused:
        assert response.status_code == 200, response.content[:400]
        return True
    status, code = refused[persona]
    assert response.status_code == status, response.content[:400]
    body = response.json()
    assert body["code"] == code
    assert len(body["message"]) > 40, body  # says what is allowed instead
    return False


@pytest.fixture
def nrc() -> Any:
    return OrganizationFactory(code="nrc")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_uploads_a_5w_report(
    api_as: Callable[[str], ApiClient], persona: str, nrc: Any
) -> None:
    upload = b"not a 5W workbook\n"
    response = api_as(persona).post(
        "/api/v1/5w/submissions",
        {"file": SimpleUploadedFile("nrc.csv", upload), "org": "nrc", "dry_run": "true"},
    )
    if answered(response, persona, UPLOAD_REFUSED):
        report = response.json()["report"]
        assert report["refused"] is True  # the importer's own verdict on a file it cannot read
    assert not Submission.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(STEPS))
def test_who_takes_each_workflow_step(
    request: pytest.FixtureRequest,
    api_as: Callable[[str], ApiClient],
    persona: str,
    action: str,
) -> None:
    sender = request.getfixturevalue("partner")
    before, refused = STEPS[action]
    submission = SubmissionFactory(organization=sender.membership.organization,
                                   submitted_by=sender, status=before)  # fmt: skip
    if before not in ("draft", "submitted"):
        submission.validated_by = request.getfixturevalue("leg_coordinator")
        submission.save()
    LineFactory(submission=submission)
    response = api_as(persona).post(
        f"/api/v1/5w/submissions/{submission.pk}/{action}",
        {"comment": "Falta el municipio de la línea 3"},
        content_type="application/json",
    )
    went = answered(response, persona, {**NOT_SEEN, **refused})
    submission.refresh_from_db()
    assert submission.status == (AFTER[action] if went else before)
    if went:
        assert response.json()["status"] == AFTER[action]


EVENT = {
    "type": "armed_conflict",
    "subtype": "armed_strike",
    "title": "Paro armado en el Catatumbo",
    "start_date": "2026-03-02",
    "department_codes": ["54"],
    "municipality_codes": ["54003"],
    "source": "Secretaría de Educación",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_records_an_event(
    request: pytest.FixtureRequest, api_as: Callable[[str], ApiClient], persona: str
) -> None:
    response = api_as(persona).post(
        "/api/v1/emergencies/events", EVENT, content_type="application/json"
    )
    if not answered(response, persona, EVENT_REFUSED):
        assert not Event.objects.exists()
        return
    event = Event.objects.get()
    assert response.json()["id"] == event.pk
    assert (event.title, event.municipality_codes, event.status) == (
        EVENT["title"], ["54003"], "reported",
    )  # fmt: skip
    # the page's audit: who recorded it
    log = AuditLog.objects.get(object_type="event", object_id=event.pk, action="create")
    assert log.user_id == request.getfixturevalue(persona).pk


@pytest.fixture
def catatumbo() -> Event:
    """An event of Norte de Santander with one affected sede in Ábrego (54003)."""
    event = Event.objects.create(
        type="armed_conflict", title="Paro armado", start_date=dt.date(2026, 3, 2),
        department_codes=["54"],
    )  # fmt: skip
    AffectedSede.objects.create(
        event=event, sede_code="154003000001", sede_name="Sede rural", municipality_code="54003",
        department_code="54", enrolment_total=40,
    )  # fmt: skip
    return event


SEDE = {
    "sede_code": "154003000002",
    "sede_name": "Escuela La Esperanza",
    "municipality_code": "54003",
    "severity": 3,
    "damage": "partial",
    "used_as_shelter": True,
    "enrolment_total": 120,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_enters_an_affected_sede(
    api_as: Callable[[str], ApiClient], persona: str, catatumbo: Event
) -> None:
    response = api_as(persona).post(
        f"/api/v1/emergencies/events/{catatumbo.pk}/sedes", SEDE, content_type="application/json"
    )
    if not answered(response, persona, EVENT_REFUSED):
        assert catatumbo.sedes.count() == 1
        return
    row = catatumbo.sedes.get(sede_code="154003000002")
    assert (row.severity, row.damage, row.used_as_shelter, row.department_code) == (
        3, "partial", True, "54",
    )  # fmt: skip
    assert response.json()["municipality_name"] == "Ábrego"  # from the real geography
    assert AuditLog.objects.filter(action="sede_create", object_id=catatumbo.pk).count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_corrects_an_affected_sede(
    api_as: Callable[[str], ApiClient], persona: str, catatumbo: Event
) -> None:
    sede = catatumbo.sedes.get()
    corrected = {**SEDE, "sede_code": sede.sede_code, "sede_name": "Sede rural El Tarra",
                 "enrolment_total": 45}  # fmt: skip
    response = api_as(persona).put(
        f"/api/v1/emergencies/events/{catatumbo.pk}/sedes/{sede.pk}",
        corrected,
        content_type="application/json",
    )
    went = answered(response, persona, EVENT_REFUSED)
    sede.refresh_from_db()
    assert (sede.sede_name, sede.enrolment_total) == (
        ("Sede rural El Tarra", 45) if went else ("Sede rural", 40)
    )
    if went:
        log = AuditLog.objects.get(action="sede_update", object_id=catatumbo.pk)
        assert log.detail["changes"]["enrolment_total"] == [40, 45]


def test_the_pages_refusals_with_their_codes(
    api_as: Callable[[str], ApiClient], catatumbo: Event
) -> None:
    leg = api_as("leg_coordinator")

    def post(path: str, body: dict[str, Any]) -> Any:
        return leg.post(f"/api/v1/emergencies/{path}", body, content_type="application/json")

    choco = post("events", {**EVENT, "department_codes": ["27"], "municipality_codes": []})
    assert (choco.status_code, choco.json()["code"]) == (403, "forbidden")
    assert "81, 54" in choco.json()["message"] or "54, 81" in choco.json()["message"]
    outside = post("events", {**EVENT, "municipality_codes": ["81001"]})
    assert (outside.status_code, outside.json()["code"]) == (409, "refused")
    assert "81001" in outside.json()["message"]
    untitled = post("events", {**EVENT, "title": ""})
    assert (untitled.status_code, untitled.json()["code"]) == (400, "invalid_parameter")
    assert [d["field"] for d in untitled.json()["detail"]] == ["title"]

    sedes = f"events/{catatumbo.pk}/sedes"
    held = post(sedes, {**SEDE, "sede_code": "154003000001"})
    assert (held.status_code, held.json()["code"]) == (409, "refused")
    assert "154003000001" in held.json()["message"]
    elsewhere = post(sedes, {**SEDE, "sede_code": "181001000009", "municipality_code": "81001"})
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (400, "invalid_parameter")
    assert [d["field"] for d in elsewhere.json()["detail"]] == ["municipality_code"]
    half_point = post(sedes, {**SEDE, "latitude": 8.1})
    assert (half_point.status_code, half_point.json()["code"]) == (400, "invalid_parameter")
    assert catatumbo.sedes.count() == 1
    assert not Event.objects.exclude(pk=catatumbo.pk).exists()


def test_a_sede_of_another_event_is_not_found(
    api_as: Callable[[str], ApiClient], catatumbo: Event
) -> None:
    other = Event.objects.create(type="migration", title="Otra", start_date=dt.date(2026, 1, 1),
                                 department_codes=["54"])  # fmt: skip
    sede = catatumbo.sedes.get()
    answer = api_as("im_officer").put(
        f"/api/v1/emergencies/events/{other.pk}/sedes/{sede.pk}", SEDE,
        content_type="application/json",
    )  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
