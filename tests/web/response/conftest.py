"""Fixtures of the 5W tests: a small real submission, the geography, a warehouse, the upload
confirmation. Personas and factories are the web tests' own (tests/web/conftest.py,
tests/web/factories.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.factories import (
    LineFactory,
    OrganizationFactory,
    SubmissionFactory,
)
from trayecto import paths
from trayecto.domain.five_w import Status
from trayecto.importers.divipola import load as load_divipola
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership
from trayecto.web.response.models import Submission
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)

Role = Membership.Role


@pytest.fixture
def etc_geography(reference_warehouse: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """$TRAYECTO_HOME whose warehouse holds the real geography and `municipality_etc`
    (read only: tests that publish snapshots use `wh`)."""
    monkeypatch.setenv("TRAYECTO_HOME", str(reference_warehouse.root.parent))
    return reference_warehouse


@pytest.fixture
def submission(db: None) -> Submission:
    """NRC's March report with two lines in Arauca (81)."""
    found = SubmissionFactory()
    LineFactory(submission=found, new_beneficiaries=10)
    LineFactory(
        submission=found, municipality="81065", beneficiaries=5, new_beneficiaries=5,
        activity="EDU-09",
    )  # fmt: skip
    return found


@pytest.fixture
def wh(tmp_path: Path) -> Any:
    from trayecto.warehouse import Warehouse

    return Warehouse(tmp_path / "warehouse")


CONFIRM_TOKEN = re.compile(r'name="token" value="([0-9a-f]+\.\w+)"')


def confirm_upload(client: Client, page: str) -> str:
    """Press "Enviar … filas a validación" on an upload page that asks for confirmation."""
    found = CONFIRM_TOKEN.search(page)
    assert found, "the page does not ask to confirm the upload"
    response = client.post(reverse("response:upload-confirm"), {"token": found.group(1)})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def returned(trayecto_home: Path, shared_data: Path, db: None) -> Submission:
    """NRC's March report, returned to the partner, with one line in Arauca and one in Cúcuta."""
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    found = SubmissionFactory(status=Status.REJECTED)
    LineFactory(submission=found, row=3)
    LineFactory(submission=found, row=4, municipality="54001")
    return found


@pytest.fixture
def nrc_partner(trayecto_home: Path, people: dict[str, Any], shared_data: Path) -> Client:
    """NRC's focal point, logged in, with the real geography in the warehouse."""
    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    client = Client()
    client.force_login(people["partner"])
    return client


@pytest.fixture
def reach_published(
    trayecto_home: Path, shared_data: Path, people: dict[str, Any], reference_warehouse: Any
) -> Warehouse:
    """NRC's March report published (Arauca 10 + 5, Cúcuta 700, and 3 in Arauca in January);
    Save the Children's March report approved but not published (400 in Arauca); the
    geography with the ETCs and the department boundaries (the reach map)."""
    wh = Warehouse(paths.warehouse_dir())
    load_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")), wh, dry_run=False)
    reference = reference_warehouse.connect()
    wh.publish_many(
        {name: reference.table(name).to_arrow_table()
         for name in ("municipality_etc", "department_boundary")},
        {"source": "etc, mgn2018"},
    )  # fmt: skip
    for month, lines in (
        ("2026-01", [("81001", 3, "EDU-04")]),
        ("2026-03", [("81001", 10, "EDU-04"), ("81065", 5, "EDU-09"), ("54001", 700, "EDU-04")]),
    ):
        report = SubmissionFactory(period__month=month)
        for municipality, new, activity in lines:
            LineFactory(submission=report, municipality=municipality, new_beneficiaries=new,
                        beneficiaries=new, activity=activity)  # fmt: skip
        submission_validate(submission=report, user=people["cluster_admin"])
        submission_approve(submission=report, user=people["im_officer"], warehouse=wh)
        submission_publish(submission=report, user=people["im_officer"], warehouse=wh)
    approved = SubmissionFactory(organization=OrganizationFactory(code="savethechildren"))
    LineFactory(submission=approved, municipality="81001", new_beneficiaries=400)
    submission_validate(submission=approved, user=people["cluster_admin"])
    submission_approve(submission=approved, user=people["im_officer"], warehouse=wh)
    return wh
