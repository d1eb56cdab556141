"""factory_boy factories for every test of the web apps: organisations, users, memberships,
and the 5W reports (periods, submissions, lines) whose `SubFactory`s keep them consistent."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from trayecto.domain.five_w import Status
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.response.models import ActivityLine, ReportingPeriod, Submission

PASSWORD = "persona-password"  # noqa: S105 (test personas only)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.LazyAttribute(lambda o: f"Organización {o.code}")
    type = Organization.Type.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.VIEWER
    department_codes = factory.LazyFunction(list)


def member(username: str, role: str, organization: str, **extra: Any) -> Any:
    """A login with one membership in the organisation `organization` (by code), for a test
    that needs someone the personas of conftest.py are not (a LEG of one more department)."""
    return MembershipFactory(
        user=UserFactory(username=username),
        organization=OrganizationFactory(code=organization),
        role=role,
        **extra,
    ).user


def arauca_leg() -> Any:
    """A LEG coordinator of Arauca (81) only, "gel-arauca" (the leg_coordinator persona also
    covers Norte de Santander), for the tests of one department's part of a report."""
    return member("gel-arauca", Membership.Role.LEG_COORDINATOR, "unicef", department_codes=["81"])


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("month",)

    month = "2026-03"
    due_date = factory.Faker("date_object")


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submitted report of NRC for March 2026 unless told otherwise."""

    class Meta:
        model = Submission

    organization = factory.SubFactory(OrganizationFactory, code="nrc")
    period = factory.SubFactory(PeriodFactory)
    status = Status.SUBMITTED


class LineFactory(factory.django.DjangoModelFactory):
    """One line: ten new beneficiaries in transit in Arauca (81001), girls aged 6 to 11."""

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
