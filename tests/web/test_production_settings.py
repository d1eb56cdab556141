"""Production settings pass Django's deployment checks and refuse to start half-configured."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

UNSET = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "DATABASE_URL"}


def django_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy --fail-level WARNING` in a fresh interpreter."""
    environment = {
        # Without the test runner's relaxations: DJANGO_ALLOW_ASYNC_UNSAFE fails the check.
        **{k: v for k, v in os.environ.items() if k not in UNSET},
        "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings",
        "TRAYECTO_HOME": str(tmp_path / "home"),
        "TRAYECTO_ENV": "production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = django_check(
        tmp_path, SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="trayecto.example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_settings_would_fail_the_same_check(tmp_path: Path) -> None:
    """The check is not a formality: without TRAYECTO_ENV=production it finds problems."""
    result = django_check(tmp_path, TRAYECTO_ENV="development")
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "trayecto.example.org"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "trayecto.example.org"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(60)}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = django_check(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "a" * 60,  # long, but 1 different character (Django's W009)
        "abcd" * 15,  # 4 different characters
        "django-insecure-" + secrets.token_urlsafe(60),  # startproject's placeholder prefix
        "trayecto-development-key-not-for-production" + secrets.token_urlsafe(10),
    ],
)
def test_production_refuses_a_weak_secret_key(tmp_path: Path, weak_key: str) -> None:
    result = django_check(tmp_path, SECRET_KEY=weak_key, ALLOWED_HOSTS="trayecto.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY to a random string of at least 50 characters" in result.stderr
