"""Login limits (django-axes) per account and per address, and the password rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import ROOT
from tests.web.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def attempt(username: str, password: str, address: str) -> tuple[int, bool]:
    """(status, logged in) of one login through the real form."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return response.status_code, "_auth_user_id" in client.session


def test_the_right_password_still_works_before_the_limit() -> None:
    UserFactory(username="maria")
    for _ in range(LIMIT - 1):
        assert attempt("maria", "wrong-password", "10.0.0.1") == (200, False)
    assert attempt("maria", PASSWORD, "10.0.0.1") == (302, True)


def test_an_account_is_locked_after_the_limit_from_any_address() -> None:
    UserFactory(username="maria")
    for i in range(LIMIT):
        attempt("maria", f"guess-{i}", f"10.0.1.{i}")  # one guess from each of many addresses
    status, logged_in = attempt("maria", PASSWORD, "10.9.9.9")
    assert (status, logged_in) == (429, False)
    # Another account from a fresh address is not affected.
    UserFactory(username="jose")
    assert attempt("jose", PASSWORD, "10.9.9.9") == (302, True)


def test_an_address_is_locked_after_the_limit_whatever_the_account() -> None:
    UserFactory(username="maria")
    for i in range(LIMIT):
        attempt(f"user-{i}", "wrong-password", "10.0.2.7")  # many accounts from one address
    assert attempt("maria", PASSWORD, "10.0.2.7") == (429, False)
    assert attempt("maria", PASSWORD, "10.0.2.8") == (302, True)


def test_the_lockout_page_says_what_happened_and_how_long_to_wait() -> None:
    UserFactory(username="maria")
    for _ in range(LIMIT):
        attempt("maria", "wrong-password", "10.0.3.1")
    client = Client(REMOTE_ADDR="10.0.3.1")
    response = client.post(LOGIN, {"username": "maria", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert f"Hubo {LIMIT} intentos fallidos" in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Vuelva a intentarlo en {minutes} minutos" in html


def test_the_lock_ends_after_the_cool_off_time() -> None:
    UserFactory(username="maria")
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT):
            attempt("maria", "wrong-password", "10.0.4.1")
        assert attempt("maria", PASSWORD, "10.0.4.1")[0] == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert attempt("maria", PASSWORD, "10.0.4.1") == (302, True)


def test_behind_the_proxy_the_forwarded_address_is_counted(settings: Settings) -> None:
    """With one trusted proxy, users behind it are told apart by X-Forwarded-For, and an
    address the client wrote itself further left changes nothing."""
    settings.TRAYECTO_PROXY_COUNT = 1
    UserFactory(username="maria")
    for i in range(LIMIT):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 190.0.0.5").post(
            LOGIN, {"username": f"user-{i}", "password": "wrong"}
        )
    locked = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="190.0.0.5")
    assert locked.post(LOGIN, {"username": "maria", "password": PASSWORD}).status_code == 429
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="190.0.0.6")
    assert other.post(LOGIN, {"username": "maria", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["84736251", "maria.fernandez", "Fernandez", "corto1", "password123", "1234567890123"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    user = get_user_model()(username="maria.fernandez", last_name="Fernandez")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_the_admin_refuses_a_numeric_password_for_a_new_user(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "nuevo", "password1": "84736251", "password2": "84736251",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="nuevo").exists()
    assert "completamente numérica" in response.content.decode()


def test_a_good_password_is_accepted() -> None:
    user = get_user_model()(username="maria.fernandez")
    validate_password("ríos-de-arauca-2026", user)


def test_the_documents_quote_the_limits_in_force() -> None:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "guia" / "README.md").read_text(encoding="utf-8")
    assert f"after {LIMIT} failed logins" in deploy
    assert f"({minutes} minutes)" in deploy
    assert f"Tras {LIMIT} intentos fallidos" in guide
    assert f"se\n   pausa {minutes} minutos" in guide
    english = (ROOT / "docs" / "guide" / "README.md").read_text(encoding="utf-8")
    assert f"After {LIMIT} failed attempts" in english
    assert f"paused for {minutes} minutes" in english
