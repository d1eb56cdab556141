"""The indicator explorer reads the warehouse through one DuckDB connection per process and
thread, not one per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse


@pytest.mark.django_db
def test_explorer_requests_share_one_connection(
    client: Client,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    opened: list[Any] = []
    connect = duckdb.connect

    def counting(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        opened.append(args)
        return connect(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", counting)
    for area in ("81", "27", "81", "54"):
        response = client.get(
            "/indicadores/", {"indicador": "cobertura_neta", "nivel": "department", "area": area}
        )
        assert response.status_code == 200
    assert len(opened) <= 1  # at most the first request's reader; none after
