"""Personal API tokens: stored as a hash, shown once, revoked and expired for good; created on
the user's page and by `trayecto token create USER`; calls limited per user or address."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings
from typer.testing import CliRunner

from tests.web.api.conftest import ApiClient
from trayecto.cli.main import app
from trayecto.web.api.models import ApiToken
from trayecto.web.api.tokens import token_create

pytestmark = pytest.mark.django_db

PRIVATE = "/api/v1/5w/submissions"  # members only: a token that works gets 200


def test_only_a_hash_is_stored(partner: Any) -> None:
    created = token_create(user=partner, name="Power BI")
    stored = ApiToken.objects.get()
    assert created.secret.startswith("tyo_")
    assert len(created.secret) > 40
    assert stored.digest == hashlib.sha256(created.secret.encode()).hexdigest()
    for field in ApiToken._meta.concrete_fields:
        assert created.secret not in str(getattr(stored, field.attname))
    assert ApiClient(created.secret).get(PRIVATE).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_the_command_prints_the_token_alone_on_its_last_line(partner: Any) -> None:
    result = CliRunner().invoke(app, ["token", "create", "socio", "--expires", "30"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("tyo_")
    assert " " not in token
    assert ApiClient(token).get(PRIVATE).status_code == 200
    stored = ApiToken.objects.get()
    assert stored.expires_at is not None
    assert timedelta(days=29) < stored.expires_at - timezone.now() <= timedelta(days=30)
    unknown = CliRunner().invoke(app, ["token", "create", "nadie"])
    assert unknown.exit_code == 2
    assert "unknown user" in unknown.output
    assert CliRunner().invoke(app, ["token", "create", "socio", "--expires", "0"]).exit_code == 2


def test_expired_and_revoked_tokens_are_refused(partner: Any) -> None:
    from trayecto.web.api.tokens import token_revoke

    expiring = token_create(user=partner, expires_days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        refused = ApiClient(expiring.secret).get(PRIVATE)
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid_token"
    revoked = token_create(user=partner)
    token_revoke(token=revoked.token, user=partner)
    assert ApiClient(revoked.secret).get(PRIVATE).json()["code"] == "invalid_token"
    partner.is_active = False
    partner.save()
    assert ApiClient(token_create(user=partner).secret).get(PRIVATE).status_code == 401


def test_the_token_page_shows_a_new_token_once_and_revokes_it(
    client: Client, partner: Any, viewer: Any
) -> None:
    client.force_login(partner)
    empty = client.get("/cuenta/tokens/")
    assert empty.status_code == 200
    created = client.post("/cuenta/tokens/", {"name": "Power BI", "expires_days": "90"})
    page = created.content.decode()
    token = ApiToken.objects.get()
    secret = page.split('<code class="token">')[1].split("</code>")[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    listed = client.get("/cuenta/tokens/").content.decode()
    assert secret not in listed  # shown once
    assert token.prefix in listed
    assert "Power BI" in listed
    bad = client.post("/cuenta/tokens/", {"expires_days": "0"})
    assert bad.status_code == 400
    assert ApiToken.objects.count() == 1
    # someone else cannot revoke it (nor learn that it exists)
    other = Client()
    other.force_login(viewer)
    assert other.post(f"/cuenta/tokens/{token.pk}/revocar/").status_code == 404
    assert ApiClient(secret).get(PRIVATE).status_code == 200
    assert client.post(f"/cuenta/tokens/{token.pk}/revocar/").status_code == 302
    assert ApiClient(secret).get(PRIVATE).status_code == 401
    assert "revocado" in client.get("/cuenta/tokens/").content.decode()


def test_the_token_page_is_for_members(client: Client, outsider: Any) -> None:
    anonymous = client.get("/cuenta/tokens/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    client.force_login(outsider)
    assert client.get("/cuenta/tokens/").status_code == 403


def test_calls_are_limited_per_user_and_per_address(
    settings: Settings, api_as: Callable[[str], ApiClient]
) -> None:
    settings.TRAYECTO_API_RATE = "3/m"
    anonymous = ApiClient(None)
    for _ in range(3):
        assert anonymous.get("/api/v1/indicators").status_code == 200
    limited = anonymous.get("/api/v1/indicators")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) >= 1
    # another address, and a user with a token, count on their own
    assert anonymous.get("/api/v1/indicators", REMOTE_ADDR="10.0.0.9").status_code == 200
    partner = api_as("partner")
    assert [partner.get(PRIVATE).status_code for _ in range(4)] == [200, 200, 200, 429]
    # a second token of the same user shares the user's count
    assert api_as("partner").get(PRIVATE).status_code == 429
    assert api_as("viewer").get(PRIVATE).status_code == 200
