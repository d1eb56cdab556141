"""A site with demo-like data for the tests that open every page: the official statistics
(in a copy, so that publishing here changes no other test's warehouse), NRC's reports in each
state (one published), the demo's LEG workspaces, ETPV actions and meeting, a LEG report, a
needs run and an emergency. The personas of conftest.py must exist first (`people`)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.official_data import official_warehouse
from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.domain.needs import NeedsParameters
from trayecto.domain.problems import Problem
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.demo import load_coordination_demo
from trayecto.web.coordination.models import Action, Meeting, Workspace
from trayecto.web.coordination.services import report_start
from trayecto.web.demo import demo_accounts_create
from trayecto.web.emergencies.models import Event
from trayecto.web.needs.services import needs_run_create
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)


@dataclass(frozen=True)
class Site:
    warehouse: Warehouse
    submission: int  # NRC's March report, submitted
    published: int  # NRC's February report, published
    event: int  # an armed strike in Arauca
    meeting: int
    action: int
    needs_run: int


def site_create(data: Path, scratch: Path, home: Path, people: dict[str, Any]) -> Site:
    """Every record a page of the site shows, on top of a copy of the official warehouse."""
    warehouse = Warehouse(home / "warehouse")
    shutil.copytree(official_warehouse(data, scratch).root, warehouse.root)
    demo_accounts_create()
    # the report an earlier upload stored, its problems in the 5W reader's own Spanish
    published = SubmissionFactory(
        period__month="2026-02", problems=[
            Problem(4, "Mes (AAAA-MM)", "marzo del año pasado",
                    "mes no válido: escriba el mes como AAAA-MM (2026-03)").as_dict(),
            Problem(5, "Beneficiarios del mes (personas)", "muchos",
                    "la cantidad no es un número: escriba solo cifras").as_dict(),
        ],
    )  # fmt: skip
    LineFactory(submission=published)
    LineFactory(submission=published, municipality="54001", activity="EDU-09")
    submission_validate(submission=published, user=people["leg_coordinator"])
    submission_approve(submission=published, user=people["im_officer"], warehouse=warehouse)
    submission_publish(submission=published, user=people["im_officer"], warehouse=warehouse)
    submitted = SubmissionFactory(period__month="2026-03", status=Status.SUBMITTED)
    LineFactory(submission=submitted)
    load_coordination_demo()
    report_start(workspace=Workspace.objects.get(department_code="81"), period="2026-03", user=None)
    run = needs_run_create(
        name="Cálculo de prueba", parameters=NeedsParameters(year=2022), user=people["im_officer"],
        warehouse=warehouse,
    )  # fmt: skip
    event = Event.objects.create(
        type="armed_conflict", title="Paro armado (demo)", start_date="2026-03-01",
        department_codes=["81"],
    )  # fmt: skip
    return Site(
        warehouse=warehouse, submission=submitted.pk, published=published.pk, event=event.pk,
        meeting=Meeting.objects.first().pk, action=Action.objects.first().pk, needs_run=run.pk,
    )  # fmt: skip
