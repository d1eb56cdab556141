"""The seven priority workspaces, and one more LEG coordinator (Chocó only) beside the
personas of tests/web/conftest.py (whose LEG coordinator covers Arauca 81 and Norte de
Santander 54)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser

from tests.web.factories import MembershipFactory, OrganizationFactory
from trayecto.web.accounts.models import Membership
from trayecto.web.coordination.models import Workspace
from trayecto.web.coordination.services import workspaces_ensure_priority


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
