"""A site with demo-like data for the tests that open every page: the official statistics,
NRC's reports in each state, the LEG workspaces, the ETPV plan and an emergency."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.support.official_data import official_warehouse
from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.plan_services import etpv_plan_ensure
from trayecto.web.coordination.services import workspaces_ensure_priority
from trayecto.web.emergencies.models import Event


@dataclass(frozen=True)
class Site:
    warehouse: Warehouse
    submission: int  # NRC's March report, submitted
    event: int  # an armed strike in Arauca


def site_create(data: Path, scratch: Path) -> Site:
    """The operational records on top of the official warehouse (built once per session)."""
    warehouse = official_warehouse(data, scratch)
    approved = SubmissionFactory(period__month="2026-02", status=Status.APPROVED)
    LineFactory(submission=approved)
    submitted = SubmissionFactory(period__month="2026-03")
    LineFactory(submission=submitted)
    LineFactory(submission=submitted, municipality="54001", activity="EDU-09")
    workspaces_ensure_priority()
    etpv_plan_ensure()
    event = Event.objects.create(
        type="armed_conflict", title="Paro armado (demo)", start_date="2026-03-01",
        department_codes=["81"],
    )  # fmt: skip
    return Site(warehouse=warehouse, submission=submitted.pk, event=event.pk)
