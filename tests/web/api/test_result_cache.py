"""The API keeps computed results per warehouse manifest version: a repeated call is served
from the cache, a publication invalidates it, and the caller's scope is part of the key."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pytest
from pytest_django.fixtures import Settings

from tests.web.api.conftest import ApiClient
from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto import paths
from trayecto.warehouse import Warehouse
from trayecto.web.api.results import ResultCache, results
from trayecto.web.response.services import workflow

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicators/cobertura_neta/values"


@pytest.fixture
def own_warehouse(official_home: Path, tmp_path: Path, settings: Settings) -> Warehouse:
    root = tmp_path / "warehouse-copy"
    shutil.copytree(official_home / "warehouse", root)
    settings.WAREHOUSE_DIR = root
    return Warehouse.for_root(root)


def test_a_repeated_call_is_served_from_the_cache_until_a_publication(
    own_warehouse: Warehouse,
) -> None:
    client = ApiClient(None)
    query = {"level": "department", "area": "81", "page_size": 1000}
    first = client.get(VALUES, query).json()
    assert (results.misses, results.hits) == (1, 0)
    second = client.get(VALUES, query).json()
    assert (results.misses, results.hits) == (1, 1)
    assert second == first
    client.get(VALUES, {**query, "year": 2020})  # other filters: another result
    assert (results.misses, results.hits) == (2, 1)

    rates = own_warehouse.read("official_indicator")
    own_warehouse.publish(
        "official_indicator",
        rates.set_column(
            rates.schema.get_field_index("value"), "value", pc.multiply(rates.column("value"), 0.5)
        ),
    )
    after = client.get(VALUES, query).json()
    assert (results.misses, results.hits) == (3, 1)
    assert len(results) == 1  # the older version's results are gone
    assert after["manifest_version"] == first["manifest_version"] + 1
    old = {(i["area_code"], i["year"]): i["value"] for i in first["items"] if i["value"]}
    new = {(i["area_code"], i["year"]): i["value"] for i in after["items"] if i["value"]}
    assert max(abs(new[k] - old[k] / 2) for k in old) < 1e-3


@pytest.fixture
def geography_home(reference_warehouse: Warehouse, trayecto_home: Path) -> Warehouse:
    shutil.copytree(reference_warehouse.root, paths.warehouse_dir())
    return Warehouse.for_root(paths.warehouse_dir())


def publish_report(organization: Any, store: Warehouse, **counts: int) -> None:
    """An organisation's report with one line per municipality, published by the services."""
    submission = SubmissionFactory(organization=organization)
    for municipality, people in counts.items():
        LineFactory(submission=submission, municipality=municipality, new_beneficiaries=people)
    workflow.submission_validate(submission=submission, user=None)
    workflow.submission_approve(submission=submission, user=None, warehouse=store)
    workflow.submission_publish(submission=submission, user=None, warehouse=store)


def test_reach_is_kept_per_scope_and_version(
    geography_home: Warehouse, api_as: Callable[[str], ApiClient], partner: Any
) -> None:
    publish_report(partner.membership.organization, geography_home, **{"54001": 7, "81065": 5})
    query = {"period": "2026-03", "level": "municipality"}
    viewer, analyst = api_as("viewer"), api_as("etc_analyst")

    def figures(client: ApiClient) -> dict[str, int]:
        answer = client.get("/api/v1/reach", query)
        assert answer.status_code == 200, answer.content
        return {r["area_code"]: r["value"] for r in answer.json()}

    assert figures(viewer) == {"54001": 7, "81065": 5}
    assert figures(viewer) == {"54001": 7, "81065": 5}
    assert (results.misses, results.hits) == (1, 1)
    # Cúcuta's analyst sees Cúcuta only: its scope is part of the key, never the viewer's
    assert figures(analyst) == {"54001": 7}
    assert (results.misses, results.hits) == (2, 1)

    other = OrganizationFactory(code="otra-ong", name="Otra ONG")
    publish_report(other, geography_home, **{"54003": 3})  # a new version
    assert figures(viewer) == {"54001": 7, "54003": 3, "81065": 5}
    assert figures(analyst) == {"54001": 7}
    assert (results.misses, results.hits) == (4, 1)


def test_many_callers_at_once_compute_once(settings: Settings, tmp_path: Path) -> None:
    cache = ResultCache()
    calls: list[int] = []
    gate = threading.Event()

    def slow() -> str:
        gate.wait(5)
        calls.append(1)
        return "figures"

    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.get(tmp_path, 3, "k", slow)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert answers == ["figures"] * 8
    assert len(calls) == 1
    # a request that read an older version while a newer one was served: computed, not kept
    assert cache.get(tmp_path, 2, "k", lambda: "older") == "older"
    assert cache.get(tmp_path, 3, "k", lambda: "recomputed") == "figures"
    settings.TRAYECTO_API_CACHE_ENTRIES = 0  # turned off
    assert cache.get(tmp_path, 3, "k", lambda: "recomputed") == "recomputed"


def test_a_result_too_large_to_keep_is_computed_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trayecto.web.api import results as module

    monkeypatch.setattr(module, "ROWS_KEPT", 10)
    cache = ResultCache()
    assert cache.get(tmp_path, 1, "big", lambda: list(range(11))) == list(range(11))
    assert cache.get(tmp_path, 1, "big", lambda: ["again"]) == ["again"]  # not kept
    cache.get(tmp_path, 1, "a", lambda: list(range(6)))
    cache.get(tmp_path, 1, "b", lambda: list(range(5)))  # 11 rows: "a" makes room
    assert len(cache) == 1
    assert cache.get(tmp_path, 1, "b", lambda: ["recomputed"]) == list(range(5))
    assert cache.get(tmp_path, 1, "a", lambda: ["recomputed"]) == ["recomputed"]
    assert module.weight(b"x" * 4096) == 5
