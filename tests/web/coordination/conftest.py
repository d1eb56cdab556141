"""The seven priority workspaces, and one more LEG coordinator (Chocó only) beside the
personas of tests/web/conftest.py (whose LEG coordinator covers Arauca 81 and Norte de
Santander 54)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser

from tests.web.factories import (
    LineFactory,
    MembershipFactory,
    OrganizationFactory,
    PeriodFactory,
    SubmissionFactory,
)
from trayecto import paths
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership
from trayecto.web.coordination.models import Workspace
from trayecto.web.coordination.services import workspaces_ensure_priority
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)


@pytest.fixture
def workspaces(db: None) -> dict[str, Workspace]:
    return {w.department_code: w for w in workspaces_ensure_priority()}


@pytest.fixture
def leg_choco(db: None) -> AbstractBaseUser:
    ngo = OrganizationFactory(code="ong-choco", name="ONG del Chocó")
    return MembershipFactory(
        user__username="gel-choco",
        user__email="gel-choco@example.org",
        organization=ngo,
        role=Membership.Role.LEG_COORDINATOR,
        department_codes=["27"],
    ).user


@pytest.fixture
def geography_home(reference_warehouse: Warehouse, trayecto_home: Path) -> Warehouse:
    """This test's warehouse: a copy of the real geography it may publish into."""
    shutil.copytree(reference_warehouse.root, paths.warehouse_dir())
    return Warehouse.for_root(paths.warehouse_dir())


def publish(
    org: str, month: str, new: int, municipality: str = "81001", funded_project: str = ""
) -> None:
    period = PeriodFactory(month=month, due_date=date(2026, 12, 31))
    submission = SubmissionFactory(organization__code=org, period=period)
    LineFactory(submission=submission, new_beneficiaries=new, beneficiaries=new,
                municipality=municipality, funded_project=funded_project)  # fmt: skip
    warehouse = Warehouse.for_root(paths.warehouse_dir())
    submission_validate(submission=submission, user=None)
    submission_approve(submission=submission, user=None, warehouse=warehouse)
    submission_publish(submission=submission, user=None, warehouse=warehouse)
