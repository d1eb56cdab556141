"""The 5W cycle from upload to published figure, with its audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.analytics.reach import TABLE
from trayecto.domain.five_w import ConsolidationRule, Status
from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.web.response.models import ActivityLine, AuditLog, CatalogueItem, Submission
from trayecto.web.response.selectors.reach import reach_figures
from trayecto.web.response.services.imports import APPROVED_ALREADY, five_w_import
from trayecto.web.response.services.periods import (
    COMMENT_REQUIRED,
    period_for_month,
    period_lock,
    period_unlock,
)
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_reject,
    submission_reopen,
    submission_submit,
    submission_validate,
    submissions_bulk_approve,
)


@pytest.fixture(scope="module")
def divipola(shared_data: Path) -> Any:
    return municipalities_from_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")))


@pytest.fixture(scope="module")
def matcher(divipola: Any) -> PlaceMatcher:
    departments = {m.department_code: m.department_name for m in divipola}
    return PlaceMatcher(
        [{"code": m.code, "name": m.name, "department_code": m.department_code} for m in divipola],
        [{"code": c, "name": n} for c, n in departments.items()],
    )


def workbook(path: Path, divipola: Any, rows: list[dict[str, Any]]) -> Path:
    write_five_w_template(path, period="2026-03", org_code="nrc", municipalities=divipola)
    wb = openpyxl.load_workbook(path)
    sheet = wb["5W"]
    fields = [c.field for c in TEMPLATE_COLUMNS]
    base = {
        "org": "nrc", "month": "2026-03", "municipality": "81001", "activity": "EDU-04",
        "population_group": "transito", "beneficiary_type": "Nuevo", "beneficiaries": 10,
        "cell:f:6-11": 10,
    }  # fmt: skip
    for i, row in enumerate(rows):
        for j, name in enumerate(fields):
            sheet.cell(FIRST_DATA_ROW + i, j + 1, {**base, **row}.get(name))
    wb.save(path)
    return path


def test_the_catalogue_is_seeded_with_activities_and_gifmm_indicators(db: None) -> None:
    assert CatalogueItem.objects.filter(code="EDU-04", unit="personas").exists()
    assert CatalogueItem.objects.get(code="GIFMM-26").valid_until == "2022-01"
    assert CatalogueItem.objects.count() == 11 + 7


def test_upload_enters_as_submitted_and_reupload_replaces(
    db: None, tmp_path: Path, divipola: Any, matcher: PlaceMatcher
) -> None:
    OrganizationFactory(code="nrc", name="Consejo Noruego para Refugiados")
    first = workbook(tmp_path / "a.xlsx", divipola, [{}, {"municipality": "81065"}])
    report = five_w_import(path=first, matcher=matcher)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (2, 2, 0)
    submission = Submission.objects.get()
    assert submission.status == Status.SUBMITTED
    assert submission.lines.count() == 2
    assert submission.lines.first().cells == {"f:6-11": 10}  # stored as JSON, not as text
    assert ActivityLine.objects.filter(cells__has_key="f:6-11").count() == 2
    again = five_w_import(path=first, matcher=matcher)
    assert again.details["submissions"][0]["action"] == "unchanged"
    second = workbook(tmp_path / "b.xlsx", divipola, [{"beneficiaries": 7, "cell:f:6-11": 7}])
    five_w_import(path=second, matcher=matcher)
    assert Submission.objects.count() == 1
    assert list(ActivityLine.objects.values_list("beneficiaries", flat=True)) == [7]
    assert list(AuditLog.objects.values_list("action", flat=True).order_by("id")) == [
        "import",
        "replace",
    ]


def test_a_dry_run_writes_nothing(
    db: None, tmp_path: Path, divipola: Any, matcher: PlaceMatcher
) -> None:
    OrganizationFactory(code="nrc")
    report = five_w_import(
        path=workbook(tmp_path / "a.xlsx", divipola, [{}]), matcher=matcher, dry_run=True
    )
    assert report.rows_imported == 1
    assert not Submission.objects.exists()


def test_locked_periods_and_approved_reports_refuse_uploads(
    db: None, tmp_path: Path, divipola: Any, matcher: PlaceMatcher, people: dict[str, Any], wh: Any
) -> None:
    OrganizationFactory(code="nrc")
    path = workbook(tmp_path / "a.xlsx", divipola, [{}])
    period = period_for_month("2026-03")
    period_lock(period=period, user=people["cluster_admin"], reason="cierre del trimestre")
    report = five_w_import(path=path, matcher=matcher)
    assert report.refused
    assert "cerrado" in report.problems[-1].message
    period_unlock(period=period, user=people["cluster_admin"], reason="corrección")
    five_w_import(path=path, matcher=matcher)
    submission = Submission.objects.get()
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    other = workbook(tmp_path / "b.xlsx", divipola, [{"beneficiaries": 3, "cell:f:6-11": 3}])
    refused = five_w_import(path=other, matcher=matcher)
    assert refused.refused
    assert refused.problems[-1].message == APPROVED_ALREADY.format(org="nrc", month="2026-03")
    assert [a.action for a in AuditLog.objects.order_by("id")][:2] == [
        "period_lock",
        "period_unlock",
    ]


def test_the_partner_cannot_upload_for_another_organisation(
    db: None, tmp_path: Path, divipola: Any, matcher: PlaceMatcher, people: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    path = workbook(tmp_path / "a.xlsx", divipola, [{}])
    with pytest.raises(PermissionDenied):
        five_w_import(path=path, matcher=matcher, user=people["other_partner"], org_code="nrc")
    five_w_import(path=path, matcher=matcher, user=people["partner"], org_code="nrc")
    assert Submission.objects.get().organization.code == "nrc"


def test_full_cycle_publishes_a_snapshot_with_rule_and_version(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    version = submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert submission.published_manifest_version == version == wh.manifest().version
    assert submission.published_rule == ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY
    assert wh.read(TABLE).num_rows == 2
    (figure,) = reach_figures(warehouse=wh, period="2026-03")
    assert figure["value"] == 15
    assert figure["provenance"]["manifest_version"] == version
    actions = list(
        AuditLog.objects.filter(object_id=submission.pk).values_list("action", flat=True)
    )
    assert sorted(actions) == ["approve", "publish", "validate"]


def test_a_draft_never_moves_a_published_figure(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    before = reach_figures(warehouse=wh, period="2026-03")[0]["value"]
    draft = SubmissionFactory(organization=OrganizationFactory(code="unicef"), status=Status.DRAFT)
    LineFactory(submission=draft, municipality="81794", new_beneficiaries=500)
    submitted = SubmissionFactory(organization=OrganizationFactory(code="savethechildren"))
    LineFactory(submission=submitted, municipality="81794", new_beneficiaries=300)
    assert reach_figures(warehouse=wh, period="2026-03")[0]["value"] == before == 15
    # asking for submitted records and further shows them, read from the database
    (live,) = reach_figures(warehouse=wh, period="2026-03", status=Status.SUBMITTED)
    assert live["value"] == 15 + 300
    assert live["provenance"]["read_from"] == "database"


def test_rejection_needs_a_comment_and_goes_back_to_the_partner(
    submission: Submission, people: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match=COMMENT_REQUIRED):
        submission_reject(submission=submission, user=people["leg_coordinator"], comment=" ")
    submission_reject(submission=submission, user=people["leg_coordinator"], comment="revise")
    submission.refresh_from_db()
    assert (submission.status, submission.comment) == (Status.REJECTED, "revise")
    submission_submit(submission=submission, user=people["partner"])
    assert Submission.objects.get(pk=submission.pk).status == Status.SUBMITTED


def test_reopen_removes_the_report_from_published_figures(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_reopen(
        submission=submission, user=people["im_officer"], reason="cifra duplicada", warehouse=wh
    )
    assert reach_figures(warehouse=wh, period="2026-03") == []
    log = AuditLog.objects.filter(action="reopen").get()
    assert log.detail["reason"] == "cifra duplicada"


def test_wrong_transitions_are_refused(
    submission: Submission, people: dict[str, Any], wh: Any
) -> None:
    with pytest.raises(ValidationError):
        submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)


def test_bulk_approval(db: None, people: dict[str, Any], wh: Any) -> None:
    reports = []
    for code in ("nrc", "unicef", "savethechildren"):
        found = SubmissionFactory(organization=OrganizationFactory(code=code))
        LineFactory(submission=found)
        submission_validate(submission=found, user=people["leg_coordinator"])
        reports.append(found)
    assert (
        submissions_bulk_approve(submissions=reports, user=people["im_officer"], warehouse=wh) == 3
    )
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert wh.read(TABLE).num_rows == 3


def test_activities_added_by_the_cluster_admin_are_recognised(
    db: None, tmp_path: Path, divipola: Any, matcher: PlaceMatcher
) -> None:
    OrganizationFactory(code="nrc")
    CatalogueItem.objects.create(
        code="EDU-12", name_es="Clubes de lectura", unit="personas", valid_from="2026-01"
    )
    path = workbook(tmp_path / "a.xlsx", divipola, [{"activity": "Clubes de lectura"}])
    report = five_w_import(path=path, matcher=matcher)
    assert [p.message for p in report.problems] == []
    assert ActivityLine.objects.get().activity == "EDU-12"


def test_the_rule_and_counted_states_are_settings(
    submission: Submission, people: dict[str, Any], wh: Any, settings: Any
) -> None:
    settings.TRAYECTO_REACH_RULE = "sum_new"
    settings.TRAYECTO_COUNTED_STATUSES = ["validated", "approved", "published"]
    LineFactory(submission=submission, activity="EDU-01", new_beneficiaries=7)  # same place
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    submission.refresh_from_db()
    assert submission.published_rule == "sum_new"
    (figure,) = reach_figures(warehouse=wh, period="2026-03")
    assert figure["value"] == 10 + 5 + 7
    assert figure["provenance"]["method"] == "sum_new"
    assert wh.entry(TABLE).meta["statuses"] == ["validated", "approved", "published"]
    # with validated reports counted, a validation alone moves the published snapshot
    other = SubmissionFactory(organization=OrganizationFactory(code="unicef"))
    LineFactory(submission=other, municipality="81794", new_beneficiaries=4)
    submission_validate(submission=other, user=people["cluster_admin"], warehouse=wh)
    assert reach_figures(warehouse=wh, period="2026-03", status=Status.VALIDATED)[0]["value"] == 26
