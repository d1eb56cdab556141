"""API clients per persona (a personal token each, as scripts call the API) and a home whose
warehouse holds every official source (read only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from trayecto.web.api.results import results
from trayecto.web.api.tokens import token_create


class ApiClient(Client):
    """A test client that sends `Authorization: Bearer TOKEN` (none for anonymous)."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def request(self, **request: Any) -> Any:
        if self.token:
            request.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        return super().request(**request)


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    """Each test starts with no calls counted (the limit lives in the process's cache) and
    no API result kept from an earlier test."""
    cache.clear()
    results.clear()


@pytest.fixture
def api_as(request: pytest.FixtureRequest) -> Callable[[str], ApiClient]:
    """`api_as("partner")`: a client calling with a new token of that persona."""

    def make(name: str) -> ApiClient:
        if name == "anonymous":
            return ApiClient(None)
        user = request.getfixturevalue(name)
        return ApiClient(token_create(user=user, name=f"tests {name}").secret)

    return make


@pytest.fixture
def official_home(
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """$TRAYECTO_HOME whose warehouse is the official one (MEN, DANE, geography, ETCs), for
    the statistics pages (settings.WAREHOUSE_DIR) and the 5W access rules ($TRAYECTO_HOME)."""
    root = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    home = tmp_path / "official-home"
    home.mkdir()
    (home / "warehouse").symlink_to(root, target_is_directory=True)
    monkeypatch.setenv("TRAYECTO_HOME", str(home))
    settings.WAREHOUSE_DIR = root
    return home
