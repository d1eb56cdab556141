"""Indicator values through the API are the objects `trayecto indicator --json` prints, in a
paged envelope, stamped with the warehouse version; errors are JSON with a stable code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.web.api.conftest import ApiClient
from trayecto.analytics import registry
from trayecto.cli.main import app

pytestmark = pytest.mark.django_db


def same_floats(value: Any) -> Any:
    """Numbers to 9 significant digits: DuckDB sums floats in parallel, so a numerator's
    last bits may differ between two processes (61792.8747 or 61792.87469999999)."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: same_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [same_floats(v) for v in value]
    return value


def test_values_are_the_objects_of_the_command_line(
    official_home: Path, api_as: Callable[[str], ApiClient]
) -> None:
    cli = CliRunner().invoke(
        app,
        ["indicator", "cobertura_neta", "--level", "department", "--area", "81", "--json"],
    )
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.stdout)
    answer = api_as("anonymous").get(
        "/api/v1/indicators/cobertura_neta/values",
        {"level": "department", "area": "81", "page_size": 1000},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert same_floats(body["items"]) == same_floats(expected)
    assert body["count"] == len(expected) > 10
    assert body["pages"] == 1
    assert {r["area_name"] for r in expected} == {"Arauca"}
    assert body["manifest_version"] == expected[0]["provenance"]["manifest_version"]


def test_values_are_paged(official_home: Path) -> None:
    client = ApiClient(None)
    whole = client.get(
        "/api/v1/indicators/cobertura_neta/values", {"level": "municipality", "area": "81"}
    ).json()
    first = client.get(
        "/api/v1/indicators/cobertura_neta/values",
        {"level": "municipality", "area": "81", "page_size": 10},
    ).json()
    second = client.get(
        "/api/v1/indicators/cobertura_neta/values",
        {"level": "municipality", "area": "81", "page_size": 10, "page": 2},
    ).json()
    assert first["count"] == second["count"] == whole["count"] > 20
    assert first["pages"] == -(-whole["count"] // 10)
    assert first["items"] + second["items"] == whole["items"][:20]


def test_public_data_carries_the_warehouse_version(official_home: Path) -> None:
    client = ApiClient(None)
    path = "/api/v1/indicators/cobertura_neta/values?level=nation"
    first = client.get(path)
    etag = first["ETag"]
    assert etag.startswith(f'"v{first.json()["manifest_version"]}-')
    assert first["Last-Modified"].endswith("GMT")
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # another address is another representation
    other = client.get(path + "&year=2022")
    assert other["ETag"] != etag
    assert client.get(path, HTTP_IF_NONE_MATCH='"v0-stale"').status_code == 200


def test_metadata_of_every_indicator(official_home: Path) -> None:
    listed = ApiClient(None).get("/api/v1/indicators").json()
    assert [i["code"] for i in listed] == list(registry.indicators())
    one = ApiClient(None).get("/api/v1/indicators/cobertura_neta").json()
    assert one["name_en"] == registry.get("cobertura_neta").name_en
    assert one["numerator_en"] == registry.get("cobertura_neta").numerator_en
    assert one["denominator_en"] == registry.get("cobertura_neta").denominator_en
    assert "department" in one["levels"]


def test_gaps_are_the_gap_report(official_home: Path) -> None:
    cli = CliRunner().invoke(app, ["gaps", "tasa_matriculacion_5_16", "--json"])
    answer = ApiClient(None).get("/api/v1/indicators/tasa_matriculacion_5_16/gaps").json()
    assert same_floats(answer) == same_floats(json.loads(cli.stdout))
    assert answer["flags"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/indicators/no_such/values", 404, "not_found"),
        ("/api/v1/indicators/cobertura_neta/values?level=planet", 400, "invalid_parameter"),
        ("/api/v1/indicators/cobertura_neta/values?year=abc", 400, "invalid_parameter"),
        ("/api/v1/indicators/cobertura_neta/values?page=0", 400, "invalid_parameter"),
        ("/api/v1/indicators/desercion/values?level=sede", 401, "not_authenticated"),
        ("/api/v1/indicators/cobertura_neta/values?level=sede", 400, "not_available"),
        ("/api/v1/indicators/cobertura_neta/values?group=VEN", 400, "not_available"),
    ],
)
def test_errors_are_json_with_a_stable_code(
    official_home: Path, path: str, status: int, code: str
) -> None:
    answer = ApiClient(None).get(path)
    assert answer.status_code == status
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["code"] == code
    assert answer.json()["message"]


def test_the_schema_is_served(official_home: Path) -> None:
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Trayecto API"
    assert "/api/v1/indicators/{code}/values" in schema["paths"]
    assert "/api/v1/5w/lines" in schema["paths"]
