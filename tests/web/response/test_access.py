"""Who may see and do what with a 5W report: every role, every action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.web.conftest import Role
from tests.web.factories import LineFactory, SubmissionFactory, member
from trayecto.domain.five_w import Status
from trayecto.web.response import access
from trayecto.web.response.models import AuditLog, Submission
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_reject,
    submission_reopen,
    submission_validate,
)

# The ETC analyst's scope is read from the warehouse's real `municipality_etc`.
pytestmark = pytest.mark.usefixtures("etc_geography")

ROLES = [
    "cluster_admin", "im_officer", "leg_coordinator", "leg_elsewhere", "etc_analyst",
    "partner", "other_partner", "viewer", "anonymous",
]  # fmt: skip
SEES_UNPUBLISHED = {"cluster_admin", "im_officer", "leg_coordinator", "partner"}
# The ETC analyst is Cúcuta's: the report's lines are in Arauca, outside its municipalities.
SEES_PUBLISHED = SEES_UNPUBLISHED | {"leg_elsewhere", "other_partner"}
VALIDATES = {"cluster_admin", "im_officer", "leg_coordinator"}
APPROVES = {"cluster_admin", "im_officer"}
EDITS = {"cluster_admin", "im_officer", "partner"}


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_reports_are_seen_only_by_their_partner_leg_and_national_roles(
    people: dict[str, Any], submission: Submission, role: str
) -> None:
    user = people[role]
    visible = access.submissions_visible_to(user).filter(pk=submission.pk).exists()
    assert visible is (role in SEES_UNPUBLISHED)
    if role in SEES_UNPUBLISHED:
        assert access.get_submission_for_user(user, submission.pk) == submission
    else:
        with pytest.raises(Http404):
            access.get_submission_for_user(user, submission.pk)


@pytest.mark.parametrize("role", ROLES)
def test_published_reports_are_seen_by_every_member_except_viewers(
    people: dict[str, Any], submission: Submission, role: str
) -> None:
    submission.status = Status.PUBLISHED
    submission.save()
    visible = access.submissions_visible_to(people[role]).filter(pk=submission.pk).exists()
    assert visible is (role in SEES_PUBLISHED)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_partner_and_national_roles_change_a_report(
    people: dict[str, Any], submission: Submission, role: str
) -> None:
    user = people[role]
    assert access.can_edit(user, submission) is (role in EDITS)
    if role in EDITS:
        assert access.get_submission_for_user(user, submission.pk, write=True) == submission
    else:
        with pytest.raises((PermissionDenied, Http404)):
            access.get_submission_for_user(user, submission.pk, write=True)


@pytest.mark.parametrize("role", ROLES)
def test_validation_is_for_the_leg_of_the_territory_and_national_roles(
    people: dict[str, Any], submission: Submission, role: str
) -> None:
    user = people[role]
    if role not in VALIDATES:
        with pytest.raises(PermissionDenied):
            submission_validate(submission=submission, user=user)
        assert Submission.objects.get(pk=submission.pk).status == Status.SUBMITTED
        return
    submission_validate(submission=submission, user=user)
    assert Submission.objects.get(pk=submission.pk).status == Status.VALIDATED


def test_each_leg_validates_its_department_and_the_report_moves_on_when_all_have(
    people: dict[str, Any], submission: Submission
) -> None:
    LineFactory(submission=submission, municipality="54001")
    arauca, north = (  # one LEG per department (the leg_coordinator persona covers both)
        member("gel-arauca", Role.LEG_COORDINATOR, "unicef", department_codes=["81"]),
        member("gel-norte", Role.LEG_COORDINATOR, "unicef", department_codes=["54"]),
    )
    assert access.departments_to_validate(arauca, submission) == {"81"}
    assert submission_validate(submission=submission, user=arauca) == ["81"]
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert access.pending_departments(submission) == {"54"}
    assert not access.can_validate(arauca, submission)
    assert access.why_not(arauca, submission, "validate") == access.NOTHING_TO_VALIDATE
    assert submission_validate(submission=submission, user=north) == ["54"]
    submission.refresh_from_db()
    assert submission.status == Status.VALIDATED
    actions = list(
        AuditLog.objects.filter(object_id=submission.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["validate_part", "validate"]


@pytest.mark.parametrize("role", ROLES)
def test_approval_and_publication_are_national(
    people: dict[str, Any], submission: Submission, role: str, wh: Any
) -> None:
    submission_validate(submission=submission, user=people["leg_coordinator"])
    user = people[role]
    if role not in APPROVES:
        with pytest.raises(PermissionDenied):
            submission_approve(submission=submission, user=user, warehouse=wh)
        return
    submission_approve(submission=submission, user=user, warehouse=wh)
    submission_publish(submission=submission, user=user, warehouse=wh)
    assert Submission.objects.get(pk=submission.pk).status == Status.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_only_the_approver_or_the_admin_reopens(
    people: dict[str, Any], submission: Submission, role: str, wh: Any
) -> None:
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    allowed = role in {"im_officer", "cluster_admin"}
    assert access.can_reopen(people[role], submission) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            submission_reopen(submission=submission, user=people[role], reason="x", warehouse=wh)


@pytest.mark.parametrize("role", ROLES)
def test_rejection_of_a_submitted_report_follows_validation_rights(
    people: dict[str, Any], role: str
) -> None:
    found = SubmissionFactory()
    LineFactory(submission=found)
    if role in VALIDATES:
        submission_reject(submission=found, user=people[role], comment="faltan sedes")
        assert Submission.objects.get(pk=found.pk).status == Status.REJECTED
    else:
        with pytest.raises(PermissionDenied):
            submission_reject(submission=found, user=people[role], comment="faltan sedes")


@pytest.mark.parametrize("role", ROLES)
def test_an_etc_analyst_sees_only_the_lines_of_its_etcs_municipalities(
    people: dict[str, Any], role: str
) -> None:
    """Cúcuta's Secretaría (3802, the municipality 54001) sees the published Cúcuta lines of
    a report that also reaches Ábrego (54003, run by the department's ETC 3801), never the
    Ábrego lines; a report only in Arauca not at all."""
    cucuta_and_abrego = SubmissionFactory(status=Status.PUBLISHED)
    LineFactory(submission=cucuta_and_abrego, municipality="54001")
    LineFactory(submission=cucuta_and_abrego, municipality="54003")
    only_arauca = SubmissionFactory(status=Status.PUBLISHED, organization__code="savethechildren")
    LineFactory(submission=only_arauca, municipality="81001")
    user = people[role]
    visible = set(access.submissions_visible_to(user).values_list("pk", flat=True))
    if role == "etc_analyst":
        assert visible == {cucuta_and_abrego.pk}
        lines = access.lines_visible_to(user, cucuta_and_abrego)
        assert list(lines.values_list("municipality", flat=True)) == ["54001"]
        assert access.etc_scope(user) == access.etc_municipalities("3802") == ("54001",)
        assert "54003" in access.etc_municipalities("3801")
        return
    assert access.etc_scope(user) is None
    if role in SEES_PUBLISHED:
        assert visible == {cucuta_and_abrego.pk, only_arauca.pk}
        assert access.lines_visible_to(user, cucuta_and_abrego).count() == 2
    else:
        assert visible == set()


def test_an_etc_analyst_of_an_unknown_etc_sees_no_lines(people: dict[str, Any]) -> None:
    published = SubmissionFactory(status=Status.PUBLISHED)
    LineFactory(submission=published, municipality="54001")
    analyst = people["etc_analyst"]
    analyst.membership.etc_code = "99999"
    analyst.membership.save()
    assert not access.submissions_visible_to(analyst).exists()
