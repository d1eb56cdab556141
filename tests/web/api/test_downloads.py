"""Versioned downloads: an indicator's values as CSV or Parquet at an address naming the
manifest version; that address keeps its figures after a later publication."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from pytest_django.fixtures import Settings

from tests.web.api import test_activityinfo as exported
from tests.web.api.conftest import ApiClient
from trayecto.reports import published_tables
from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db
# two partners' March reports, published (tests/web/api/test_activityinfo.py)
geography_home = exported.geography_home
published_march = exported.published_march

VALUES = "/api/v1/indicators/cobertura_neta/values"
QUERY = {"level": "department", "area": "81"}


@pytest.fixture
def own_warehouse(official_home: Path, tmp_path: Path, settings: Settings) -> Warehouse:
    """A copy of the official warehouse this test may publish into."""
    root = tmp_path / "warehouse-copy"
    shutil.copytree(official_home / "warehouse", root, symlinks=False)
    settings.WAREHOUSE_DIR = root
    return Warehouse.for_root(root)


def csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def same_cells(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    def cell(text: str) -> str:
        try:
            return f"{float(text):.9g}"
        except ValueError:
            return text

    return [{k: cell(v) for k, v in row.items()} for row in rows]


def test_the_download_holds_the_values_of_the_api_and_names_its_version(
    official_home: Path,
) -> None:
    client = ApiClient(None)
    values = client.get(VALUES, {**QUERY, "page_size": 1000}).json()
    version = values["manifest_version"]
    link = values["downloads"]["csv"]
    assert link.endswith(
        f"/api/v1/downloads/v{version}/indicators/cobertura_neta.csv?level=department&area=81"
    )
    answer = client.get(link)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    assert f"cobertura_neta_department_81_v{version}.csv" in answer["Content-Disposition"]
    assert answer["X-Manifest-Version"] == str(version)
    assert "immutable" in answer["Cache-Control"]
    rows = csv_rows(answer.content)
    assert len(rows) == values["count"] > 10
    assert [list(rows[0])] == [[name for name, _ in published_tables.COLUMNS]]
    for row, item in zip(rows, values["items"], strict=True):
        assert (row["area_code"], int(row["year"])) == (item["area_code"], item["year"])
        assert float(row["value"]) == pytest.approx(item["value"])
        assert row["status"] == item["provenance"]["status"]
        assert row["manifest_version"] == str(version)
    again = client.get(link, HTTP_IF_NONE_MATCH=answer["ETag"])
    assert again.status_code == 304


def test_parquet_is_typed_and_carries_its_version(official_home: Path) -> None:
    client = ApiClient(None)
    answer = client.get("/api/v1/downloads/indicators/cobertura_neta.parquet", QUERY)
    assert answer.status_code == 200
    version = int(answer["X-Manifest-Version"])
    assert answer["Content-Location"] == (
        f"/api/v1/downloads/v{version}/indicators/cobertura_neta.parquet?level=department&area=81"
    )
    assert "must-revalidate" in answer["Cache-Control"]
    table = pq.read_table(io.BytesIO(answer.content))
    assert table.schema.metadata[published_tables.VERSION_KEY] == str(version).encode()
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("year").type == pa.int32()
    values = client.get(VALUES, {**QUERY, "page_size": 1000}).json()["items"]
    assert table.column("value").to_pylist() == pytest.approx([v["value"] for v in values])
    assert set(table.column("area_name").to_pylist()) == {"Arauca"}


def test_an_older_version_stays_downloadable(own_warehouse: Warehouse) -> None:
    client = ApiClient(None)
    first = client.get("/api/v1/downloads/indicators/cobertura_neta.csv", QUERY)
    assert first.status_code == 200
    old = int(first["X-Manifest-Version"])
    # A new publication: MEN's rates halved, so the department's net rate halves.
    rates = own_warehouse.read("official_indicator")
    halved = rates.set_column(
        rates.schema.get_field_index("value"), "value", pc.multiply(rates.column("value"), 0.5)
    )
    new = own_warehouse.publish("official_indicator", halved)
    assert new == old + 1

    latest = client.get("/api/v1/downloads/indicators/cobertura_neta.csv", QUERY)
    assert latest["X-Manifest-Version"] == str(new)
    pinned = client.get(f"/api/v1/downloads/v{old}/indicators/cobertura_neta.csv", QUERY)
    assert pinned.status_code == 200
    # the rows it gave when it was current (floats to 9 digits: DuckDB sums in parallel)
    assert same_cells(csv_rows(pinned.content)) == same_cells(csv_rows(first.content))
    assert f"_v{old}.csv" in pinned["Content-Disposition"]
    before = {
        (r["area_code"], r["year"]): float(r["value"])
        for r in csv_rows(first.content)
        if r["value"]
    }
    after = {
        (r["area_code"], r["year"]): float(r["value"])
        for r in csv_rows(latest.content)
        if r["value"]
    }
    assert before.keys() == after.keys()
    assert max(abs(after[k] - before[k] / 2) for k in before) < 1e-3  # values to 4 decimals

    listed = client.get("/api/v1/downloads/versions").json()
    assert [v["version"] for v in listed["items"][:2]] == [new, old]
    assert listed["items"][0] == {
        "version": new,
        "published_at": own_warehouse.entry("official_indicator").published_at,
        "tables": ["official_indicator"],
        "current": True,
    }


def test_a_version_never_published_is_a_404_that_names_the_published_ones(
    official_home: Path,
) -> None:
    client = ApiClient(None)
    current = int(
        client.get("/api/v1/downloads/indicators/cobertura_neta.csv", QUERY)["X-Manifest-Version"]
    )
    for version in (0, current + 1):
        answer = client.get(f"/api/v1/downloads/v{version}/indicators/cobertura_neta.csv", QUERY)
        assert answer.status_code == 404
        assert answer.json()["code"] == "not_found"
        assert f"de 1 a {current}" in answer.json()["message"]


def test_school_level_downloads_follow_the_school_level_access(
    official_home: Path, api_as: Callable[[str], ApiClient]
) -> None:
    path = "/api/v1/downloads/indicators/desercion.csv"
    query = {"level": "sede", "area": "54001"}
    assert api_as("anonymous").get(path, query).status_code == 401
    refused = api_as("partner").get(path, query)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    # allowed: computed, or missing data named (this warehouse has no sede enrolment)
    assert api_as("im_officer").get(path, query).status_code in (200, 404)


def test_a_bad_format_or_level_says_what_is_allowed(official_home: Path) -> None:
    client = ApiClient(None)
    bad_format = client.get("/api/v1/downloads/indicators/cobertura_neta.xlsx")
    assert bad_format.status_code == 400
    assert "fmt" in bad_format.json()["message"]
    unknown = client.get("/api/v1/downloads/indicators/no_such_indicator.csv")
    assert unknown.status_code == 404


def test_the_explorer_links_the_download_of_its_version(official_home: Path) -> None:
    client = ApiClient(None)
    page = client.get("/indicadores/?indicador=cobertura_neta&nivel=department&area=81")
    assert page.status_code == 200
    html = page.content.decode()
    version = client.get(VALUES, QUERY).json()["manifest_version"]
    found = re.search(r'id="versioned-downloads">(.*?)</p>', html, re.DOTALL)
    assert found is not None
    assert f"versión {version} del almacén" in found.group(1)
    links = re.findall(r'href="([^"]+)"', found.group(1))
    csv_link = next(link for link in links if ".csv" in link)
    assert f"/api/v1/downloads/v{version}/indicators/cobertura_neta.csv?" in csv_link
    answer = client.get(csv_link.replace("&amp;", "&"))
    assert answer.status_code == 200
    assert {r["area_name"] for r in csv_rows(answer.content)} == {"Arauca"}
    estimated = client.get(
        "/indicadores/?indicador=cobertura_neta&nivel=department&area=81&estimar=linear"
    )
    assert 'id="versioned-downloads"' not in estimated.content.decode()


# --------------------------------------------------------------------------- reach and 5W lines
REACH_DOWNLOAD = "/api/v1/downloads/reach.csv"
LINES_DOWNLOAD = "/api/v1/downloads/5w/lines.csv"
MARCH = {"period": "2026-03", "level": "department"}


def test_reach_downloads_are_the_apis_reach_at_a_pinned_version(
    published_march: Warehouse, api_as: Callable[[str], ApiClient]
) -> None:
    client = api_as("im_officer")
    figures = client.get("/api/v1/reach", MARCH).json()
    answer = client.get(REACH_DOWNLOAD, MARCH)
    assert answer.status_code == 200, answer.content[:300]
    version = published_march.manifest().version
    assert answer["X-Manifest-Version"] == str(version)
    pinned = answer["Content-Location"]
    assert pinned == f"/api/v1/downloads/v{version}/reach.csv?period=2026-03&level=department"
    assert "private" in answer["Cache-Control"]  # members only
    rows = csv_rows(answer.content)
    assert [list(rows[0])] == [[name for name, _ in published_tables.REACH_COLUMNS]]
    assert [(r["area_code"], int(r["value"])) for r in rows] == [
        (f["area_code"], f["value"]) for f in figures
    ]
    assert {r["manifest_version"] for r in rows} == {str(version)}
    assert sum(int(r["value"]) for r in rows) == sum(f["value"] for f in figures) > 0
    parquet = client.get(pinned.replace(".csv", ".parquet"))
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.schema.field("value").type == pa.int64()
    assert table.schema.metadata[published_tables.VERSION_KEY] == str(version).encode()
    assert pc.sum(table["value"]).as_py() == sum(f["value"] for f in figures)
    # a later publication changes the current figures, never the pinned address's
    more = {"municipality": "81001", "cells": {"f:0-5": 40}, "new_beneficiaries": 40,
            "beneficiaries": 40}  # fmt: skip
    exported.publish("save", [more], published_march)
    later = client.get(REACH_DOWNLOAD, MARCH)
    assert int(later["X-Manifest-Version"]) > version
    assert sum(int(r["value"]) for r in csv_rows(later.content)) > sum(
        int(r["value"]) for r in rows
    )
    assert client.get(pinned).content == answer.content


@pytest.mark.parametrize(
    ("persona", "lines"),
    [("im_officer", 5), ("partner", 5), ("leg_coordinator", 5), ("etc_analyst", 2)],
)
def test_the_published_lines_download_follows_the_line_access(
    published_march: Warehouse, api_as: Callable[[str], ApiClient], persona: str, lines: int
) -> None:
    """One row per line × group × sex × age cell of its new beneficiaries; the Cúcuta
    analyst's file holds Cúcuta's (54001) lines only."""
    answer = api_as(persona).get(LINES_DOWNLOAD)
    assert answer.status_code == 200, answer.content[:300]
    rows = csv_rows(answer.content)
    assert [list(rows[0])] == [[name for name, _ in published_tables.LINE_COLUMNS]]
    assert len({r["line_id"] for r in rows}) == lines
    assert {r["status"] for r in rows} == {"published"}
    if persona == "etc_analyst":
        assert {r["municipality"] for r in rows} == {"54001"}
    else:  # every published line's new beneficiaries: 15 + 7 + 2 + 9 + 5
        assert sum(int(r["new"]) for r in rows) == 38
    month = api_as(persona).get(LINES_DOWNLOAD.replace(".csv", ".parquet"), {"month": "2026-02"})
    assert pq.read_table(io.BytesIO(month.content)).num_rows == 0


@pytest.mark.parametrize(("persona", "status"), [("viewer", 403), ("anonymous", 401)])
def test_the_lines_are_not_for_who_sees_aggregates(
    published_march: Warehouse, api_as: Callable[[str], ApiClient], persona: str, status: int
) -> None:
    assert api_as(persona).get(LINES_DOWNLOAD).status_code == status
