"""The reach page and its ETC-scoped access check read the warehouse through one DuckDB
connection per process and thread, not one per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory
from trayecto import paths
from trayecto.warehouse import Warehouse
from trayecto.web.response.access import etc_municipalities
from trayecto.web.response.models import Submission
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)


def count_connections(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every DuckDB connection with the warehouse's views opened from now on (a bare
    in-memory connection for lines read from the database builds no view and is not one)."""
    opened: list[Path] = []
    connect = Warehouse.connect

    def counting(self: Warehouse, version: int | None = None) -> duckdb.DuckDBPyConnection:
        opened.append(self.root)
        return connect(self, version)

    monkeypatch.setattr(Warehouse, "connect", counting)
    return opened


def test_reach_pages_of_an_etc_analyst_open_one_connection(
    trayecto_home: Path,
    submission: Submission,
    people: dict[str, Any],
    reference_warehouse: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wh = Warehouse.for_root(paths.warehouse_dir())
    etcs = reference_warehouse.connect().table("municipality_etc").to_arrow_table()
    wh.publish("municipality_etc", etcs, {"source": "etc"})
    LineFactory(submission=submission, municipality="54001", new_beneficiaries=7)
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    client = Client()
    client.force_login(people["etc_analyst"])

    opened = count_connections(monkeypatch)
    for _ in range(4):
        page = client.get(reverse("response:dashboard"), {"period": "2026-03"})
        assert page.status_code == 200
        assert '<strong class="total">7<' in page.content.decode()  # Cúcuta's line only
        assert (
            client.get(reverse("response:dashboard-map"), {"period": "2026-03"}).status_code == 200
        )
        assert "54001" in etc_municipalities("3802")  # the access check, called directly too
    assert len(opened) <= 1  # at most the first request's reader; none after
