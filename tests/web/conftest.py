"""Personas, one per role (DESIGN.md, Users), and the real geography in a warehouse.

The only persona set of the tests: every page test runs over `PERSONAS`, so each page states
what each role gets; the 5W tests add a LEG coordinator of another department
(`leg_elsewhere`) and a second partner (`other_partner`), and read them all from `people`.
The partner is NRC (whose reports `SubmissionFactory` makes by default), the LEG coordinator
covers Arauca (81) and Norte de Santander (54), the ETC analyst is Cúcuta's (3802).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.test import Client, override_settings
from playwright.sync_api import ConsoleMessage, Page

from tests.web.factories import MembershipFactory, OrganizationFactory, UserFactory
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization

Role = Membership.Role
Type = Organization.Type

# The browser tests check that no request leaves 127.0.0.1, so the live server listens there.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CUCUTA_ETC = "3802"  # Secretaría de Educación de Cúcuta (MEN statistics, CÓDIGO_ETC)

# Every persona, including the two without a role: anonymous and a member of nothing.
PERSONAS = (
    "anonymous",
    "outsider",
    "viewer",
    "partner",
    "etc_analyst",
    "leg_coordinator",
    "im_officer",
    "cluster_admin",
)
MEMBERS = PERSONAS[2:]
# The 5W tests' two more: another department's LEG and another partner.
FIVE_W_PERSONAS = (*PERSONAS, "leg_elsewhere", "other_partner")


@pytest.fixture
def cluster_admin(db: None) -> AbstractBaseUser:
    unicef = OrganizationFactory(code="unicef", name="UNICEF", type=Type.UN)
    return MembershipFactory(
        user__username="admin", organization=unicef, role=Role.CLUSTER_ADMIN
    ).user


@pytest.fixture
def im_officer(db: None) -> AbstractBaseUser:
    immap = OrganizationFactory(code="immap", name="iMMAP", type=Type.INGO)
    return MembershipFactory(user__username="im", organization=immap, role=Role.IM_OFFICER).user


@pytest.fixture
def leg_coordinator(db: None) -> AbstractBaseUser:
    """LEG coordinator for Arauca (81) and Norte de Santander (54), from UNICEF."""
    unicef = OrganizationFactory(code="unicef", name="UNICEF", type=Type.UN)
    return MembershipFactory(
        user__username="gel",
        organization=unicef,
        role=Role.LEG_COORDINATOR,
        department_codes=["81", "54"],
    ).user


@pytest.fixture
def etc_analyst(db: None) -> AbstractBaseUser:
    """Analyst of the Secretaría de Educación de Cúcuta (ETC 3802, municipality 54001)."""
    sem = OrganizationFactory(code="sem-cucuta", name="SEM Cúcuta", type=Type.GOVERNMENT)
    return MembershipFactory(
        user__username="etc", organization=sem, role=Role.ETC_ANALYST, etc_code=CUCUTA_ETC
    ).user


@pytest.fixture
def leg_elsewhere(db: None) -> AbstractBaseUser:
    """LEG coordinator for Chocó (27) only: a reviewer outside Arauca and Norte de Santander."""
    unicef = OrganizationFactory(code="unicef", name="UNICEF", type=Type.UN)
    return MembershipFactory(
        user__username="gel-choco",
        organization=unicef,
        role=Role.LEG_COORDINATOR,
        department_codes=["27"],
    ).user


@pytest.fixture
def partner(db: None) -> AbstractBaseUser:
    """The focal point of NRC, the partner whose reports the 5W factories make."""
    nrc = OrganizationFactory(code="nrc", type=Type.INGO)
    return MembershipFactory(user__username="socio", organization=nrc, role=Role.PARTNER).user


@pytest.fixture
def other_partner(db: None) -> AbstractBaseUser:
    """The focal point of another partner, Save the Children."""
    save = OrganizationFactory(code="savethechildren", type=Type.INGO)
    return MembershipFactory(user__username="socio-save", organization=save, role=Role.PARTNER).user


@pytest.fixture
def viewer(db: None) -> AbstractBaseUser:
    echo = OrganizationFactory(code="echo", name="ECHO", type=Type.DONOR)
    return MembershipFactory(user__username="donante", organization=echo, role=Role.VIEWER).user


@pytest.fixture
def outsider(db: None) -> AbstractBaseUser:
    """Logged in, but a member of no organisation."""
    return UserFactory(username="outsider")


@pytest.fixture
def people(request: pytest.FixtureRequest, db: None) -> dict[str, Any]:
    """Every persona by name, the anonymous one as Django's AnonymousUser."""
    found: dict[str, Any] = {"anonymous": AnonymousUser()}
    for name in FIVE_W_PERSONAS:
        if name != "anonymous":
            found[name] = request.getfixturevalue(name)
    return found


@pytest.fixture
def as_persona(request: pytest.FixtureRequest, client: Client) -> Callable[[str], Client]:
    """`as_persona("partner")` -> a test client logged in as that persona (anonymous: none)."""

    def login(name: str) -> Client:
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


# --------------------------------------------------------------------------- geography
@pytest.fixture
def geography(reference_warehouse: Warehouse) -> Iterator[Warehouse]:
    """Point the web app at the real geography, imported once per session (tests/conftest.py)."""
    with override_settings(WAREHOUSE_DIR=reference_warehouse.root):
        yield reference_warehouse


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    with override_settings(WAREHOUSE_DIR=tmp_path / "empty-warehouse"):
        yield Warehouse(tmp_path / "empty-warehouse")


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """Playwright's page, failing the test if the Content-Security-Policy blocked anything
    (an inline script or style, an eval, a foreign URL): the page would be broken for users."""
    blocked: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", record)
    yield page
    assert blocked == []
