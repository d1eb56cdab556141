"""OCHA's severity downloaded from the explorer carries the municipalities in each phase
(CSV, CSV for Spanish Excel, HXL, XLSX), and the counts add up to the municipalities; an
indicator without phases keeps the shared columns only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from trayecto.reports.indicator_export import COLUMNS, columns_for

pytestmark = pytest.mark.django_db
PHASES = [f"municipios_fase_{p}" for p in range(1, 6)]
SEVERITY = {"indicador": "severidad_educacion"}


@pytest.fixture(autouse=True)
def official_site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root


def download(client: Client, kind: str, **query: str) -> bytes:
    response = client.get("/indicadores/", {**SEVERITY, **query, "formato": kind})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(body: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    text = body.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_the_national_csv_holds_ochas_phase_counts(client: Client) -> None:
    [nation] = csv_rows(download(client, "csv", nivel="nation"))
    # 92 and 538, not the data README's 91 and 537: it leaves out 94663 and 97777
    assert [int(nation[c]) for c in PHASES] == [92, 538, 396, 96, 0]
    assert nation["municipios_otras_fases"] == ""
    [excel] = csv_rows(download(client, "csv-excel", nivel="nation"), delimiter=";")
    assert [int(excel[c]) for c in PHASES] == [92, 538, 396, 96, 0]


def test_each_department_counts_its_municipalities(client: Client) -> None:
    rows = csv_rows(download(client, "csv", nivel="department"))
    assert len(rows) == 33
    by_code = {r["codigo_area"]: sum(int(r[c]) for c in PHASES) for r in rows}
    assert by_code["54"] == 40  # Norte de Santander
    assert by_code["81"] == 7  # Arauca
    assert sum(by_code.values()) == 1_122


def test_the_hxl_download_tags_the_phase_columns(client: Client) -> None:
    lines = download(client, "hxl", nivel="department").decode("utf-8-sig").splitlines()
    tags = lines[1].split(",")
    assert "#indicator+phase1+num" in tags
    assert tags[-1] == "#indicator+phaseother"


def test_the_xlsx_holds_the_counts_as_numbers(client: Client) -> None:
    book = load_workbook(io.BytesIO(download(client, "xlsx", nivel="department", area="54")))
    sheet = book["datos"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    counts = [values[c] for c in PHASES]
    assert all(isinstance(n, int) for n in counts)
    assert sum(counts) == 40


def test_an_indicator_without_phases_keeps_the_shared_columns(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "pin_education", "nivel": "department", "formato": "csv"}
    )
    body = b"".join(response.streaming_content)
    header = body.decode("utf-8-sig").splitlines()[0].split(",")
    # the shared columns, each code with its words beside it, and no phase count
    assert header == [label for _, label, _ in columns_for({"status_name": "calculado"})]
    assert [h for h in header if not h.endswith("_texto")] == [label for _, label, _ in COLUMNS]
    municipal = download(client, "csv", nivel="municipality", area="54001")
    assert "municipios_fase_1" not in municipal.decode("utf-8-sig")  # its own phase is the value
