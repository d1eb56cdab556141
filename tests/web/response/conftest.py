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
    SubmissionFactory,
)
from trayecto import paths
from trayecto.domain.five_w import Status
from trayecto.importers.divipola import load as load_divipola
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership
from trayecto.web.response.models import Submission

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
