"""Personas for the 5W tests, one per role (factory_boy), and a small real submission.

LEG coordinator covers Arauca (81); the partner is NRC; another partner is Save the Children.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from tests.web.factories import (
    LineFactory,
    MembershipFactory,
    OrganizationFactory,
    SubmissionFactory,
    UserFactory,
)
from trayecto.web.accounts.models import Membership
from trayecto.web.response.models import Submission

Role = Membership.Role


def persona(name: str, role: str, org: str, **extra: Any) -> User:
    membership = MembershipFactory(
        user=UserFactory(username=name),
        organization=OrganizationFactory(code=org),
        role=role,
        **extra,
    )
    user: User = membership.user
    return user


PERSONAS: dict[str, Callable[[], Any]] = {
    "cluster_admin": lambda: persona("cluster_admin", Role.CLUSTER_ADMIN, "unicef"),
    "im_officer": lambda: persona("im_officer", Role.IM_OFFICER, "immap"),
    "leg_coordinator": lambda: persona(
        "leg_coordinator", Role.LEG_COORDINATOR, "unicef", department_codes=["81"]
    ),
    "leg_elsewhere": lambda: persona(
        "leg_elsewhere", Role.LEG_COORDINATOR, "unicef", department_codes=["27"]
    ),
    # 3824: the Secretaría of the department of Arauca (every municipality of 81)
    "etc_analyst": lambda: persona("etc_analyst", Role.ETC_ANALYST, "sed-arauca", etc_code="3824"),
    "partner": lambda: persona("partner", Role.PARTNER, "nrc"),
    "other_partner": lambda: persona("other_partner", Role.PARTNER, "savethechildren"),
    "viewer": lambda: persona("viewer", Role.VIEWER, "echo"),
    "anonymous": lambda: AnonymousUser(),
}


@pytest.fixture
def etc_geography(reference_warehouse: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """$TRAYECTO_HOME whose warehouse holds the real geography and `municipality_etc`
    (read only: tests that publish snapshots use `wh`)."""
    monkeypatch.setenv("TRAYECTO_HOME", str(reference_warehouse.root.parent))
    return reference_warehouse


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    """Every persona, by role name."""
    return {name: make() for name, make in PERSONAS.items()}


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
