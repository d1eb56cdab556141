"""Copy last month, completeness and timeliness, reminders, progress against targets, PiN."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.web.factories import LineFactory, OrganizationFactory, PeriodFactory, SubmissionFactory
from trayecto.analytics.official_needs import pin_by_municipality
from trayecto.domain.five_w import Status
from trayecto.importers import registry
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import AuditLog, PeopleInNeed, Target
from trayecto.web.response.selectors.monitoring import completeness_table, reminders_due
from trayecto.web.response.selectors.reach import progress_table
from trayecto.web.response.services.periods import period_for_month
from trayecto.web.response.services.workflow import (
    NOTHING_TO_COPY,
    submission_approve,
    submission_copy_last_month,
    submission_publish,
    submission_validate,
)


def test_copy_last_month_prefills_a_draft_with_every_line_recurrent(
    submission: Any, people: dict[str, Any], wh: Any
) -> None:
    nrc = submission.organization
    with pytest.raises(ValidationError, match=NOTHING_TO_COPY.format(org="nrc")):
        submission_copy_last_month(organization=nrc, month="2026-04", user=people["partner"])
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    with pytest.raises(PermissionDenied):
        submission_copy_last_month(organization=nrc, month="2026-04", user=people["other_partner"])
    draft = submission_copy_last_month(organization=nrc, month="2026-04", user=people["partner"])
    assert draft.status == Status.DRAFT
    assert draft.period.month == "2026-04"
    lines = list(draft.lines.all())
    assert len(lines) == submission.lines.count() == 2
    assert {(x.beneficiary_type, x.new_beneficiaries, x.month) for x in lines} == {
        ("recurrente", 0, "2026-04")
    }
    assert {x.beneficiaries for x in lines} == {10, 5}
    assert AuditLog.objects.filter(action="copy_last_month", object_id=draft.pk).exists()


def test_completeness_and_timeliness_per_partner_department_month(db: None) -> None:
    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    april = PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    nrc, unicef = OrganizationFactory(code="nrc"), OrganizationFactory(code="unicef")
    on_time = datetime(2026, 4, 9, 12, tzinfo=UTC)
    late = datetime(2026, 5, 20, 12, tzinfo=UTC)
    LineFactory(submission=SubmissionFactory(organization=nrc, period=march, submitted_at=on_time))
    LineFactory(submission=SubmissionFactory(organization=unicef, period=april, submitted_at=late))
    draft = SubmissionFactory(organization=unicef, period=march, status=Status.DRAFT)
    LineFactory(submission=draft)
    rows = {
        (r.org, r.month): (r.expected, r.received, r.on_time)
        for r in completeness_table(plan_year=2026)
    }
    assert rows == {
        ("nrc", "2026-03"): (1, 1, 1),
        ("nrc", "2026-04"): (1, 0, 0),  # present in Arauca since March, April missing
        ("unicef", "2026-04"): (1, 1, 0),  # received after the due date
    }


def test_reminders_go_to_partners_that_have_not_submitted(db: None) -> None:
    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    SubmissionFactory(organization=OrganizationFactory(code="nrc"), period=march)
    april = PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    SubmissionFactory(organization=OrganizationFactory(code="unicef"), period=april)
    due = {
        (r["organization"], r["period"]): r["reminder"]
        for r in reminders_due(today=date(2026, 5, 8))
    }
    assert due == {("unicef", "2026-03"): "overdue", ("nrc", "2026-04"): "soon"}


def test_progress_against_targets_goes_above_100_percent(
    submission: Any, people: dict[str, Any], wh: Any
) -> None:
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    # EDU-04 (school feeding, 10 people) reports to GIFMM-25, EDU-09 (psychosocial, 5) to 23
    Target.objects.create(indicator="GIFMM-23", department="81", plan_year=2026, value=4)
    Target.objects.create(indicator="GIFMM-25", department="81", plan_year=2026, value=20)
    Target.objects.create(indicator="EDU-04", department="54", plan_year=2026, value=100)
    PeopleInNeed.objects.create(area_code="81001", plan_year=2026, value=900.4)
    rows = progress_table(warehouse=wh, period="2026-03")
    assert rows == [
        {"indicator": "EDU-04", "department": "54", "reached": 0, "target": 100,
         "percent_of_target": 0.0, "above_target": False, "people_in_need": None},
        {"indicator": "GIFMM-23", "department": "81", "reached": 5, "target": 4,
         "percent_of_target": 125.0, "above_target": True, "people_in_need": 900},
        {"indicator": "GIFMM-25", "department": "81", "reached": 10, "target": 20,
         "percent_of_target": 50.0, "above_target": False, "people_in_need": 900},
    ]  # fmt: skip


def test_progress_reads_ochas_pin_from_the_warehouse_and_an_entered_pin_replaces_it(
    db: None, shared_data: Path, wh: Warehouse
) -> None:
    """The 5W progress reads OCHA's PiN from the same `jiaf_hno` table as the indicators
    (one reader, importers/jiaf_hno.py), not from a copy in the operational database."""
    source = registry.get("jiaf-hno")
    path = shared_data / source.folder / source.filename
    report = source.load_function()(path, wh, dry_run=False)
    assert (report.source, report.rows_imported) == ("jiaf-hno", 1122)
    Target.objects.create(indicator="EDU-04", department="81", plan_year=2025, value=100)
    Target.objects.create(indicator="EDU-04", department="54", plan_year=2025, value=100)
    rows = progress_table(warehouse=wh, period="2025-03")
    assert {r["department"]: r["people_in_need"] for r in rows} == {"81": 23_749, "54": 100_506}
    # an entered figure for Arauca (81001) replaces OCHA's for that municipality only;
    # a row left by the former OCHA import in the operational database is ignored
    arauca_ocha = round(pin_by_municipality(wh, 2025)["81001"])
    PeopleInNeed.objects.create(area_code="81001", plan_year=2025, value=arauca_ocha + 1000)
    PeopleInNeed.objects.create(
        area_code="54001", plan_year=2025, value=1, source=PeopleInNeed.Source.OCHA_JIAF
    )
    rows = progress_table(warehouse=wh, period="2025-03")
    assert {r["department"]: r["people_in_need"] for r in rows} == {"81": 24_749, "54": 100_506}


def test_period_due_date_defaults_to_the_tenth_of_next_month(db: None) -> None:
    assert period_for_month("2026-12").due_date == date(2027, 1, 10)
    assert period_for_month("2026-03").due_date == date(2026, 4, 10)


def test_the_completeness_page_is_a_coloured_partner_by_month_grid_with_names(
    people: dict[str, Any], trayecto_home: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    april = PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    nrc = OrganizationFactory(code="nrc")
    late = datetime(2026, 5, 20, 12, tzinfo=UTC)
    LineFactory(submission=SubmissionFactory(organization=nrc, period=march, submitted_at=late))
    del april
    client = Client()
    client.force_login(people["im_officer"])
    page = client.get(reverse("response:completeness"), {"year": "2026"}).content.decode()
    grid = page.split('<table class="data grid">')[1].split("</table>")[0]
    assert "Organización nrc <small>nrc</small>" in grid
    assert 'class="num band good"' in grid  # March: received
    assert 'class="num band poor"' in grid  # April: expected, missing
    assert "(0.0 %)" in grid or "(0,0 %)" in grid  # late in March: timeliness 0 %, not a dash
    timeliness = page.split('<strong class="timeliness">')[1].split("</strong>")[0]
    assert timeliness in {"0.0 %", "0,0 %"}
