"""5W through the API: the upload page's importer and problem report, the review services
with their four-eyes rules, the lines and the reach each role may see."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.web.api.conftest import ApiClient
from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto import paths
from trayecto.cli.main import app
from trayecto.domain.five_w import Status
from trayecto.domain.five_w_layout import FIRST_DATA_ROW
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Submission, WorkflowPolicy
from trayecto.web.response.selectors.places import template_municipalities

pytestmark = pytest.mark.django_db

UPLOAD = "/api/v1/5w/submissions"


@pytest.fixture
def geography_home(reference_warehouse: Warehouse, trayecto_home: Path) -> Warehouse:
    """$TRAYECTO_HOME with a copy of the real geography (the 5W snapshot is published here)."""
    shutil.copytree(reference_warehouse.root, paths.warehouse_dir())
    return Warehouse(paths.warehouse_dir())


def workbook(path: Path, org: str, counts: list[Any]) -> Path:
    """The real template with one line per count (a bad count is reported, not imported)."""
    municipalities = template_municipalities(Warehouse.for_root(paths.warehouse_dir()))
    written = write_five_w_template(path, period="2026-03", org_code=org,
                                    municipalities=municipalities)  # fmt: skip
    assert isinstance(written, Path)
    book = openpyxl.load_workbook(written)
    for i, count in enumerate(counts):
        line = [org, "2026-03", "", "81001", "", "", "EDU-04", "transito", "Nuevo", count]
        for column, value in enumerate(line, start=1):
            book["5W"].cell(FIRST_DATA_ROW + i, column, value)
    book.save(written)
    return written


def post(client: ApiClient, path: Path, **fields: Any) -> Any:
    with path.open("rb") as fh:
        return client.post(UPLOAD, {"file": fh, "org": "nrc", **fields})


def test_an_upload_returns_the_import_report_and_sends_only_when_told(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], tmp_path: Path
) -> None:
    path = workbook(tmp_path / "nrc.xlsx", "nrc", [10, "=1/0", -2])
    partner = api_as("partner")
    checked = post(partner, path)
    assert checked.status_code == 200, checked.content
    body = checked.json()
    assert body["needs_confirmation"] is True
    assert body["sent"] is None
    assert not Submission.objects.exists()
    report = body["report"]
    assert (report["rows_read"], report["rows_imported"], report["rows_rejected"]) == (3, 1, 2)
    # the same problem report as the command line's importer (the same rules)
    cli = CliRunner().invoke(
        app, ["import", "5w", str(path), "--org", "nrc", "--dry-run", "--json"]
    )
    assert report["problems"] == json.loads(cli.stdout)["problems"]
    assert any("negativ" in p["message"] for p in report["problems"])
    assert not any((paths.home() / "uploads").iterdir())  # nothing kept for a confirmation

    sent = post(partner, path, accept_rejected="true").json()
    assert sent["needs_confirmation"] is False
    (submission_id,) = sent["sent"]
    submission = Submission.objects.get(pk=submission_id)
    assert (submission.status, submission.rows_imported) == (Status.SUBMITTED, 1)
    again = post(partner, path, accept_rejected="true").json()
    assert again["unchanged"] is True

    dry = post(partner, path, dry_run="true").json()
    assert dry["report"]["dry_run"] is True


@pytest.mark.parametrize("persona", ["viewer", "etc_analyst", "leg_coordinator", "outsider"])
def test_only_the_partner_and_the_im_team_upload(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], tmp_path: Path, persona: str
) -> None:
    OrganizationFactory(code="nrc")
    path = workbook(tmp_path / "x.xlsx", "nrc", [10])
    refused = post(api_as(persona), path)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert not Submission.objects.exists()


def test_the_im_officer_uploads_for_any_organisation(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], tmp_path: Path, partner: Any
) -> None:
    path = workbook(tmp_path / "x.xlsx", "nrc", [10, 20])
    sent = post(api_as("im_officer"), path).json()
    assert len(sent["sent"]) == 1
    assert Submission.objects.get().rows_imported == 2


def step(client: ApiClient, submission: Submission, action: str, comment: str = "") -> Any:
    return client.post(
        f"/api/v1/5w/submissions/{submission.pk}/{action}",
        {"comment": comment},
        content_type="application/json",
    )


def test_the_workflow_through_the_services_and_their_four_eyes(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], partner: Any
) -> None:
    submission = SubmissionFactory(organization=partner.membership.organization,
                                   submitted_by=partner)  # fmt: skip
    LineFactory(submission=submission, new_beneficiaries=10)
    LineFactory(submission=submission, municipality="81065", new_beneficiaries=5)
    as_partner, leg, im = api_as("partner"), api_as("leg_coordinator"), api_as("im_officer")

    refused = step(as_partner, submission, "validate")
    assert refused.status_code == 403
    assert "cuatro ojos" in refused.json()["message"]
    validated = step(leg, submission, "validate")
    assert validated.status_code == 200, validated.content
    assert validated.json()["status"] == "validated"
    assert step(leg, submission, "approve").status_code == 403  # national roles approve
    assert step(im, submission, "approve").json()["status"] == "approved"
    policy = WorkflowPolicy.current()
    policy.approver_may_publish = False
    policy.save()
    own = step(im, submission, "publish")
    assert own.status_code == 403
    assert "otra persona" in own.json()["message"]
    assert step(api_as("cluster_admin"), submission, "publish").json()["status"] == "published"
    again = step(im, submission, "publish")
    assert again.status_code == 409
    assert again.json()["code"] == "refused"
    no_reason = step(api_as("cluster_admin"), submission, "reopen")
    assert no_reason.status_code == 409
    assert "motivo" in no_reason.json()["message"]

    # the published report counts in the reach every member reads: 10 + 5 people
    reach = api_as("viewer").get("/api/v1/reach", {"period": "2026-03"}).json()
    assert [(r["area_code"], r["value"]) for r in reach] == [("CO", 15)]
    assert reach[0]["provenance"]["manifest_version"] == geography_home.manifest().version
    by_municipality = (
        api_as("viewer").get("/api/v1/reach", {"period": "2026-03", "level": "municipality"}).json()
    )
    assert {r["area_code"]: r["value"] for r in by_municipality} == {"81001": 10, "81065": 5}


def test_a_report_out_of_sight_is_not_found(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient]
) -> None:
    other = SubmissionFactory(organization=OrganizationFactory(code="savethechildren"))
    LineFactory(submission=other, municipality="27001")
    answer = step(api_as("partner"), other, "submit")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert step(api_as("partner"), other, "fly").status_code == 400


def test_each_role_reads_the_lines_it_may_see(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], partner: Any
) -> None:
    own = SubmissionFactory(organization=partner.membership.organization, status=Status.SUBMITTED)
    LineFactory(submission=own, municipality="81001", new_beneficiaries=1)
    other_draft = SubmissionFactory(organization=OrganizationFactory(code="savethechildren"),
                                    period__month="2026-02")  # fmt: skip
    LineFactory(submission=other_draft, municipality="27001", new_beneficiaries=2)
    published = SubmissionFactory(organization=OrganizationFactory(code="nrc"),
                                  period__month="2026-01", status=Status.PUBLISHED)  # fmt: skip
    LineFactory(submission=published, municipality="54001", new_beneficiaries=3)
    LineFactory(submission=published, municipality="54003", new_beneficiaries=4)

    def seen(persona: str, **query: str) -> list[int]:
        answer = api_as(persona).get("/api/v1/5w/lines", query)
        assert answer.status_code == 200, answer.content
        return sorted(line["new_beneficiaries"] for line in answer.json()["items"])

    assert seen("im_officer") == [1, 2, 3, 4]
    assert seen("cluster_admin", month="2026-01") == [3, 4]
    assert seen("partner") == [1, 3, 4]  # its own and the published ones
    assert seen("leg_coordinator") == [1, 3, 4]  # 81 and 54, plus what is published
    assert seen("etc_analyst") == [3]  # published, in Cúcuta (its ETC's municipality)
    assert seen("im_officer", organization="savethechildren") == [2]
    assert seen("im_officer", status="published", municipality="54003") == [4]
    paged = api_as("im_officer").get("/api/v1/5w/lines", {"page_size": 3, "page": 2}).json()
    assert (paged["count"], paged["pages"], len(paged["items"])) == (4, 2, 1)


def test_the_schema_offers_exactly_the_reach_rules() -> None:
    from typing import get_args

    from trayecto.domain.five_w import ConsolidationRule
    from trayecto.web.api.reach import Rule

    assert set(get_args(Rule)) == {rule.value for rule in ConsolidationRule}


def test_reach_by_rule_and_an_unknown_rule(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient]
) -> None:
    viewer = api_as("viewer")
    for rule in ("max_department", "max_site", "sum_new"):
        answer = viewer.get("/api/v1/reach", {"period": "2026-03", "rule": rule})
        assert answer.status_code == 200, rule
        assert answer.json() == []  # nothing published yet
    bad = viewer.get("/api/v1/reach", {"period": "2026-03", "rule": "average"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_parameter"
    assert viewer.get("/api/v1/reach", {"period": "2026-13"}).status_code == 400


def test_the_api_and_the_pages_take_the_same_workflow_steps() -> None:
    from typing import get_args

    from trayecto.web.api.five_w import Action
    from trayecto.web.response.services.workflow import ACTIONS

    assert get_args(Action) == ACTIONS


def test_an_unknown_step_is_refused_saying_who_may(partner: Any, im_officer: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from trayecto.web.response import access
    from trayecto.web.response.services.workflow import submission_transition

    submission = SubmissionFactory(organization=partner.membership.organization,
                                   status=Status.SUBMITTED)  # fmt: skip
    with pytest.raises(PermissionDenied, match=re.escape(access.NOT_REVIEWER)):
        submission_transition(
            action="archive", submission=submission, user=im_officer, comment="",
            warehouse=Warehouse.for_root(paths.warehouse_dir()),
        )  # fmt: skip
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED


def test_a_return_through_the_pages_keeps_its_reason(
    geography_home: Warehouse, as_persona: Callable[[str], Any], partner: Any
) -> None:
    submission = SubmissionFactory(organization=partner.membership.organization,
                                   status=Status.VALIDATED)  # fmt: skip
    page = as_persona("im_officer").post(
        f"/5w/{submission.pk}/reject/", {"comment": "Faltan las líneas de Saravena"}
    )
    assert page.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.comment) == (
        Status.REJECTED,
        "Faltan las líneas de Saravena",
    )
