"""Four eyes and locks: nobody takes a report through the cycle alone, and a locked period
freezes every change of its reports; the publish queue publishes only what is ticked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory, SubmissionFactory, arauca_leg
from trayecto.domain.five_w import Status
from trayecto.web.response import access
from trayecto.web.response.models import Submission, WorkflowPolicy
from trayecto.web.response.services.periods import period_lock
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_copy_last_month,
    submission_publish,
    submission_reopen,
    submission_submit,
    submission_validate,
    submissions_bulk_publish,
)


def test_who_submitted_a_report_neither_validates_nor_approves_it(
    people: dict[str, Any], submission: Submission, wh: Any
) -> None:
    im = people["im_officer"]
    submission.submitted_by = im  # the IM officer uploaded it for a partner
    submission.save()
    assert not access.can_validate(im, submission)
    with pytest.raises(PermissionDenied, match="Usted envió este reporte"):
        submission_validate(submission=submission, user=im)
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Usted envió este reporte"):
        submission_approve(submission=submission, user=im, warehouse=wh)
    submission_approve(submission=submission, user=people["cluster_admin"], warehouse=wh)
    assert Submission.objects.get(pk=submission.pk).status == Status.APPROVED


def test_who_validated_a_report_does_not_approve_it(
    people: dict[str, Any], submission: Submission, wh: Any
) -> None:
    im = people["im_officer"]
    submission_validate(submission=submission, user=im)
    submission.refresh_from_db()
    assert not access.can_approve(im, submission)
    with pytest.raises(PermissionDenied, match="Usted validó este reporte"):
        submission_approve(submission=submission, user=im, warehouse=wh)
    submission_approve(submission=submission, user=people["cluster_admin"], warehouse=wh)


def test_the_cluster_admin_decides_whether_the_approver_may_publish(
    people: dict[str, Any], submission: Submission, wh: Any
) -> None:
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    assert access.can_publish(people["im_officer"], submission)  # allowed by default
    WorkflowPolicy.objects.update_or_create(pk=1, defaults={"approver_may_publish": False})
    assert not access.can_publish(people["im_officer"], submission)
    with pytest.raises(PermissionDenied, match="otra persona del equipo de IM lo publique"):
        submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["cluster_admin"], warehouse=wh)
    assert Submission.objects.get(pk=submission.pk).status == Status.PUBLISHED


def test_a_locked_period_freezes_reopen_publish_and_copy(
    people: dict[str, Any], submission: Submission, wh: Any
) -> None:
    admin, im = people["cluster_admin"], people["im_officer"]
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission_approve(submission=submission, user=im, warehouse=wh)
    april = SubmissionFactory(period__month="2026-04", status=Status.DRAFT)
    LineFactory(submission=april)
    period_lock(period=submission.period, user=admin, reason="cierre del trimestre")
    period_lock(period=april.period, user=admin, reason="cierre del trimestre")
    submission.refresh_from_db()
    assert not access.can_publish(im, submission)
    assert not access.can_reopen(admin, submission)
    assert access.why_not(im, submission, "publish") == access.LOCKED
    with pytest.raises(ValidationError, match="está cerrado"):
        submission_publish(submission=submission, user=im, warehouse=wh)
    with pytest.raises(ValidationError, match="está cerrado"):
        submission_reopen(submission=submission, user=admin, reason="x", warehouse=wh)
    with pytest.raises(ValidationError, match="está cerrado"):
        submission_copy_last_month(organization=april.organization, month="2026-04", user=im)
    with pytest.raises(ValidationError, match="está cerrado"):
        submission_submit(submission=april, user=people["partner"])
    assert Submission.objects.get(pk=submission.pk).status == Status.APPROVED
    assert Submission.objects.get(pk=april.pk).status == Status.DRAFT


def test_the_publish_queue_publishes_only_what_is_ticked(
    people: dict[str, Any], wh: Any, settings: Any, tmp_path: Any
) -> None:
    settings.WAREHOUSE_DIR = wh.root
    reports = []
    for month in ("2026-01", "2026-02"):
        found = SubmissionFactory(period__month=month)
        LineFactory(submission=found)
        submission_validate(submission=found, user=people["leg_coordinator"])
        submission_approve(submission=found, user=people["cluster_admin"], warehouse=wh)
        reports.append(found)
    client = Client()
    client.force_login(people["im_officer"])
    page = client.get(reverse("response:review")).content.decode()
    assert "Reportes aprobados por publicar" in page
    assert "checked" not in page  # nothing ticked in advance
    client.post(reverse("response:bulk-publish"), {"submission": [str(reports[1].pk)]})
    statuses = dict(Submission.objects.values_list("period__month", "status"))
    assert statuses == {"2026-01": Status.APPROVED, "2026-02": Status.PUBLISHED}
    nothing = client.post(reverse("response:bulk-publish"), {}, follow=True).content.decode()
    assert "Marque los reportes que quiere publicar" in nothing
    assert submissions_bulk_publish(submissions=[reports[0]], user=None, warehouse=wh) == 1


def test_the_leg_queue_shows_each_department_validated_or_pending(
    people: dict[str, Any], submission: Submission
) -> None:
    LineFactory(submission=submission, municipality="54001")
    client = Client()
    client.force_login(arauca_leg())
    page = client.get(reverse("response:review")).content.decode()
    assert "Nada por validar" not in page
    assert "(54): pendiente" in page
    assert "Validar su parte" in page
    client.post(reverse("response:action", args=[submission.pk, "validate"]))
    page = client.get(reverse("response:review")).content.decode()
    assert "(81): validado por gel-arauca" in page
    assert "1 de 2 validados" in page
    assert "nada pendiente" in page
    detail = client.get(reverse("response:detail", args=[submission.pk])).content.decode()
    assert "Nuevos por sexo y edad" in detail
    assert "F 6-11: 10" in detail
    assert access.NOTHING_TO_VALIDATE in detail


def test_the_report_page_says_why_a_reviewer_does_not_get_the_next_step(
    people: dict[str, Any], submission: Submission
) -> None:
    submission_validate(submission=submission, user=people["im_officer"])
    im, leg = Client(), Client()
    im.force_login(people["im_officer"])
    leg.force_login(people["leg_coordinator"])
    url = reverse("response:detail", args=[submission.pk])
    page = im.get(url).content.decode()
    assert access.VALIDATOR_APPROVES in page
    assert 'value="approve"' not in page
    assert 'class="refusal"' not in leg.get(url).content.decode()  # not the LEG's step
    admin = Client()
    admin.force_login(people["cluster_admin"])
    assert 'value="approve"' in admin.get(url).content.decode()
