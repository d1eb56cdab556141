"""Schemathesis over the whole OpenAPI schema, as each role: whatever the generated
parameters, bodies and files, no answer is a server error and none lies outside the schema
(status, content type, body).

The calls go through Django's WSGI handler in this process, against the official warehouse
(read only: a generated id never names a report, so no step publishes anything).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.conftest import PERSONAS
from trayecto.web.api.tokens import token_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and role: every operation of the schema, as each of the 8 roles


# The schema as the site serves it (no database needed to read it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def api_site(official_home: Path, settings: Settings) -> Iterator[None]:
    settings.TRAYECTO_API_RATE = "100000/m"  # the fuzzer is one caller making many calls
    # Django's WSGI handler closes the database connection after each request; the test's
    # transaction lives on it (PostgreSQL), so keep it open as Django's test client does.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def auth_headers(request: pytest.FixtureRequest, persona: str) -> dict[str, str]:
    if persona == "anonymous":
        return {}
    user = request.getfixturevalue(persona)
    return {"Authorization": f"Bearer {token_create(user=user).secret}"}


def fuzz_as(persona: str) -> Any:
    """A test of every operation as `persona` (schemathesis' lazy schema takes no pytest
    parameters, so each role gets a test function of its own)."""

    @schema.parametrize()
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # the same cases on every run: a failure is reproducible
    )
    def test(case: Any, request: pytest.FixtureRequest) -> None:
        case.call_and_validate(headers=auth_headers(request, persona), checks=CHECKS)

    return test


test_as_anonymous = fuzz_as("anonymous")
test_as_outsider = fuzz_as("outsider")
test_as_viewer = fuzz_as("viewer")
test_as_partner = fuzz_as("partner")
test_as_etc_analyst = fuzz_as("etc_analyst")
test_as_leg_coordinator = fuzz_as("leg_coordinator")
test_as_im_officer = fuzz_as("im_officer")
test_as_cluster_admin = fuzz_as("cluster_admin")


def test_every_persona_is_fuzzed() -> None:
    fuzzed = {name.removeprefix("test_as_") for name in globals() if name.startswith("test_as_")}
    assert fuzzed == set(PERSONAS)
