"""Trajectories through the API on three years of synthetic students (SINTÉTICO) in Arauca
and Cúcuta with the real geography: the figures of the pages, suppressed for the same roles,
the early warning only for the roles with school-level access."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.support.students import imported_student_years
from tests.web.api.conftest import ApiClient
from trayecto.domain import trajectory as rules
from trayecto.warehouse import Warehouse
from trayecto.web.trajectory import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def student_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return imported_student_years(tmp_path_factory.mktemp("trajectory-api"), shared_data)


@pytest.fixture(autouse=True)
def students(student_warehouse: Warehouse) -> Iterator[Warehouse]:
    with override_settings(WAREHOUSE_DIR=student_warehouse.root):
        yield student_warehouse


def arauca() -> selectors.Territory:
    place = selectors.territory("81")
    assert place is not None
    return place


def test_flows_are_the_pages_suppressed_or_not_by_role(
    api_as: Callable[[str], ApiClient],
) -> None:
    followed = selectors.followed_years()
    assert followed  # the fixture loads years that can be followed
    for persona, full in (("partner", False), ("leg_coordinator", True)):
        answer = api_as(persona).get("/api/v1/trajectory/flows", {"area": "81"})
        assert answer.status_code == 200, answer.content[:300]
        body = answer.json()
        shown = selectors.shown_flows(arauca(), full=full)
        assert (body["full"], body["year"], body["synthetic"]) == (full, followed[-1], True)
        assert [y["total"] for y in body["years"]] == [f["total"] for f in shown.values()]
        assert body["items"] == shown[followed[-1]]["children"][: body["page_size"]]
        assert body["count"] == len(shown[followed[-1]]["children"]) > 0
    suppressed = selectors.shown_flows(arauca(), full=False)
    assert suppressed != selectors.shown_flows(arauca(), full=True)  # something was hidden


def test_a_role_without_school_level_access_gets_no_sede(
    api_as: Callable[[str], ApiClient],
) -> None:
    partner = api_as("partner").get("/api/v1/trajectory/flows", {"area": "81001"})
    assert partner.json()["items"] == []  # a municipality's sub-areas are its sedes
    code = selectors.early_warning(arauca(), 2025)["sedes"][0]["area_code"]  # a sede of 81
    refused = api_as("partner").get("/api/v1/trajectory/flows", {"area": code})
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert "nivel de escuela" in refused.json()["message"]
    allowed = api_as("leg_coordinator").get("/api/v1/trajectory/flows", {"area": "81001"})
    assert allowed.json()["count"] > 0


def test_the_early_warning_hides_small_counts_from_everyone(
    api_as: Callable[[str], ApiClient],
) -> None:
    answer = api_as("im_officer").get(
        "/api/v1/trajectory/early-warning", {"area": "81", "year": 2025, "page_size": 1000}
    )
    assert answer.status_code == 200, answer.content[:300]
    body = answer.json()
    found = selectors.early_warning(arauca(), 2025)
    assert body["items"] == selectors.shown_warning_sedes(found["sedes"])
    assert body["totals"]["students"] == found["students"]
    for row in body["items"]:
        for name in ("students", "high_risk"):
            assert row[name] not in rules.SMALL_CELL  # 1 to 4 never leaves as a number
    partner = api_as("partner").get("/api/v1/trajectory/early-warning", {"area": "81"})
    assert (partner.status_code, partner.json()["code"]) == (403, "forbidden")


def test_a_year_without_students_says_which_have_them(
    api_as: Callable[[str], ApiClient],
) -> None:
    answer = api_as("im_officer").get("/api/v1/trajectory/early-warning", {"year": 2001})
    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_parameter")
    assert all(str(y) in answer.json()["message"] for y in selectors.years())
    unknown = api_as("partner").get("/api/v1/trajectory/flows", {"area": "98"})  # no department 98
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
