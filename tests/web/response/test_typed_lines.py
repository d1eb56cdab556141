"""Lines typed in the browser: add, correct and delete with the importer's rules and
messages, audited, only while the report is a draft or returned; cascading place pickers."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.web.conftest import Role
from tests.web.factories import arauca_leg, member
from trayecto.domain.five_w import Status
from trayecto.web.response.models import AuditLog, Submission

LINE = {
    "department": "81", "municipality": "81001", "activity": "EDU-04",
    "population_group": "transito", "beneficiary_type": "nuevo", "beneficiaries": "12",
    "cell:f:6-11": "7", "cell:m:6-11": "5", "of:discapacidad": "1",
}  # fmt: skip


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_partner_adds_a_line_checked_as_the_importer_checks_a_row(
    returned: Submission, people: dict[str, Any]
) -> None:
    client = client_for(people["partner"])
    url = reverse("response:line-add", args=[returned.pk])
    form = client.get(url).content.decode()
    assert '<option value="81">Arauca (81)</option>' in form
    wrong = client.post(url, {**LINE, "municipality": "54001"}).content.decode()
    assert "es de Norte de Santander (54), no de Arauca (81)" in wrong  # the importer's words
    unknown = client.post(url, {**LINE, "activity": "Kits escolares"}).content.decode()
    assert "una carga no crea actividades" in unknown
    short = client.post(url, {**LINE, "sede": "18100100012"}).content.decode()
    assert "tiene 11 dígitos y se esperan 12" in short
    assert returned.lines.count() == 2
    response = client.post(url, LINE)
    assert response.status_code == 302
    added = returned.lines.order_by("-row").first()
    assert added is not None
    assert (added.row, added.municipality, added.beneficiaries) == (5, "81001", 12)
    assert added.cells == {"f:6-11": 7, "m:6-11": 5}
    assert added.of_which == {"discapacidad": 1}
    assert added.month == "2026-03"
    log = AuditLog.objects.get(action="line_add")
    assert (log.user_id, log.detail["line"]) == (people["partner"].pk, added.pk)


def test_a_line_is_corrected_and_deleted_with_the_values_before_in_the_audit(
    returned: Submission, people: dict[str, Any]
) -> None:
    client = client_for(people["partner"])
    line = returned.lines.get(row=3)
    page = client.get(reverse("response:line-edit", args=[returned.pk, line.pk])).content
    assert b'value="10"' in page  # the line's figures are in the form
    corrected = {**LINE, "beneficiaries": "20", "cell:f:6-11": "20", "cell:m:6-11": ""}
    client.post(reverse("response:line-edit", args=[returned.pk, line.pk]), corrected)
    line.refresh_from_db()
    assert (line.row, line.beneficiaries, line.cells) == (3, 20, {"f:6-11": 20})
    edit = AuditLog.objects.get(action="line_edit")
    assert edit.detail["before"]["beneficiaries"] == 10
    client.post(reverse("response:line-delete", args=[returned.pk, line.pk]))
    assert not returned.lines.filter(pk=line.pk).exists()
    assert AuditLog.objects.get(action="line_delete").detail["row"] == 3


def test_lines_change_only_while_draft_or_returned(
    returned: Submission, people: dict[str, Any]
) -> None:
    returned.status = Status.SUBMITTED
    returned.save()
    client = client_for(people["partner"])
    assert client.get(reverse("response:line-add", args=[returned.pk])).status_code == 403
    line = returned.lines.get(row=3)
    client.post(reverse("response:line-delete", args=[returned.pk, line.pk]))
    assert returned.lines.filter(pk=line.pk).exists()
    detail = client.get(reverse("response:detail", args=[returned.pk])).content.decode()
    assert "Agregar una línea" not in detail
    other = client_for(people["other_partner"])
    assert other.get(reverse("response:line-add", args=[returned.pk])).status_code == 404


def test_a_leg_corrects_the_lines_of_its_departments_only(
    returned: Submission, people: dict[str, Any]
) -> None:
    client = client_for(arauca_leg())
    arauca, cucuta = returned.lines.get(row=3), returned.lines.get(row=4)
    edit = reverse("response:line-edit", args=[returned.pk, arauca.pk])
    assert client.post(edit, {**LINE, "beneficiaries": "11", "cell:f:6-11": "6"}).status_code == 302
    arauca.refresh_from_db()
    assert arauca.beneficiaries == 11
    client.post(reverse("response:line-delete", args=[returned.pk, cucuta.pk]))
    assert returned.lines.filter(pk=cucuta.pk).exists()
    moved = client.post(edit, {**LINE, "department": "54", "municipality": "54001"}, follow=True)
    assert "solo puede corregir líneas de sus departamentos (81)" in moved.content.decode()
    elsewhere = member("leg_choco", Role.LEG_COORDINATOR, "unicef", department_codes=["27"])
    assert client_for(elsewhere).get(edit).status_code == 404


def test_the_place_pickers_cascade(returned: Submission, people: dict[str, Any]) -> None:
    client = client_for(people["partner"])
    places = client.get(reverse("response:line-places"), {"department": "81"}).content.decode()
    assert '<option value="81065">Arauquita (81065)</option>' in places
    assert "54001" not in places
    # a municipality of another department is dropped when the department changes
    moved = client.get(
        reverse("response:line-places"), {"department": "54", "municipality": "81001"}
    ).content.decode()
    assert 'value="81001" selected' not in moved
    assert '<option value="54001">San José de Cúcuta (54001)</option>' in moved
