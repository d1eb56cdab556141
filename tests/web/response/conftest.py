"""Personas for the 5W tests, one per role (factory_boy), and a small real submission.

LEG coordinator covers Arauca (81); the partner is NRC; another partner is Save the Children.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import factory
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from trayecto.domain.five_w import Status
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.response.models import ActivityLine, ReportingPeriod, Submission

Role = Membership.Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.LazyAttribute(lambda o: f"Organización {o.code}")
    type = Organization.Type.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("clave-de-prueba")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VIEWER
    department_codes = factory.LazyFunction(list)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("month",)

    month = "2026-03"
    due_date = factory.Faker("date_object")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organization = factory.SubFactory(OrganizationFactory, code="nrc")
    period = factory.SubFactory(PeriodFactory)
    status = Status.SUBMITTED


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLine

    submission = factory.SubFactory(SubmissionFactory)
    row = factory.Sequence(lambda n: n + 3)
    month = factory.LazyAttribute(lambda o: o.submission.period.month)
    department = factory.LazyAttribute(lambda o: o.municipality[:2])
    municipality = "81001"
    activity = "EDU-04"
    population_group = "transito"
    beneficiary_type = "nuevo"
    beneficiaries = 10
    new_beneficiaries = 10
    cells = factory.LazyAttribute(lambda o: {"f:6-11": o.new_beneficiaries})
    group_cells = factory.LazyAttribute(
        lambda o: {f"{o.population_group}:{key}": n for key, n in o.cells.items()}
    )


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
