"""The explorer's «Grupo» (population group: nationality in sede enrolment): offered where
the indicator has it, in the table, chart, downloads and provenance; explained elsewhere."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from tests.analytics.test_group_disaggregation import HEADER, SIMAT, expected
from tests.support.schools import publish_geography_with_etc
from trayecto.analytics import compute
from trayecto.importers import sede_matricula
from trayecto.warehouse import Warehouse
from trayecto.web.statistics.labels import GROUP_LABELS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def group_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explorer-groups")
    warehouse = Warehouse(root / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    path = root / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *SIMAT])
    assert not sede_matricula.load(path, warehouse).refused
    return warehouse.root


@pytest.fixture(autouse=True)
def site(settings: Settings, group_warehouse: Path) -> None:
    settings.WAREHOUSE_DIR = group_warehouse


def page(client: Client, **params: str) -> str:
    response = client.get("/indicadores/", params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_group_select_filters_table_chart_and_provenance(client: Client) -> None:
    html = page(client, indicador="desercion_sede", nivel="municipality", grupo="VEN")
    assert 'id="f-grupo"' in html
    assert '<option value="VEN" selected>Venezolanos (migrantes)</option>' in html
    assert "Colombianos (comunidad de acogida)" in html
    assert "<strong>Venezolanos (migrantes)</strong>" in html
    want = expected("desercion_sede", "municipality", "VEN")
    table = html.split('id="indicator-table"')[1]
    for (area, year), (numerator, denominator) in want.items():
        value = f"{100 * numerator / denominator:.2f}".replace(".", ",")  # Spanish decimals
        assert re.search(
            rf"<td>{area}</td>.*?<td>{year}</td>\s*<td>VEN</td>\s*<td class=\"num\">{value}</td>",
            table,
            re.S,
        ), (area, year, value)
    assert "group: nationality VEN" in table  # the method, in the status tooltip
    spec = json.loads(html.split('id="trend-spec" type="application/json">')[1].split("<")[0])
    assert "Venezolanos (migrantes)" in json.dumps(spec, ensure_ascii=False)


def test_downloads_carry_the_group(client: Client) -> None:
    params = {"indicador": "desercion_sede", "nivel": "nation", "grupo": "COL", "formato": "csv"}
    response = client.get("/indicadores/", params)
    assert "_COL" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    want = expected("desercion_sede", "nation", "COL")
    assert len(rows) == len(want)
    for row in rows:
        assert row["grupo"] == "COL"
        assert (int(float(row["numerador"])), int(float(row["denominador"]))) == want[
            (row["codigo_area"], int(row["anio"]))
        ]
    hxl = client.get("/indicadores/", {**params, "formato": "hxl"}).getvalue().decode()
    assert "#indicator+group" in hxl.splitlines()[1]
    xlsx = client.get("/indicadores/", {**params, "formato": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["datos"]
    header = [c.value for c in sheet[1]]
    assert {
        sheet.cell(r, header.index("grupo") + 1).value for r in range(2, sheet.max_row + 1)
    } == {"COL"}


def test_without_a_group_every_group_is_summed(client: Client) -> None:
    html = page(client, indicador="extraedad", nivel="nation")
    assert 'id="f-grupo"' in html
    assert 'id="group-note"' not in html
    want = expected("extraedad", "nation", None)
    for (_, _), (numerator, denominator) in want.items():
        value = f"{100 * numerator / denominator:.2f}".replace(".", ",")
        assert f'<td class="num">{value}</td>' in html


def test_indicators_without_groups_say_why(client: Client) -> None:
    html = page(client, indicador="cobertura_neta", nivel="department")
    assert 'id="f-grupo"' not in html
    assert 'id="no-group-note"' in html
    assert "no publican cifras por nacionalidad" in html
    html = page(client, indicador="estudiantes_por_docente", nivel="municipality", grupo="VEN")
    assert 'id="notice"' in html
    assert "no tiene desagregación por grupo poblacional" in html
    assert 'id="indicator-table"' not in html


def test_the_group_speaks_english(client: Client) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, indicador="desercion_sede", nivel="nation", grupo="OTH")
    assert "Group" in html
    assert "Venezuelans (migrants)" in html
    assert '<option value="OTH" selected>Other nationality</option>' in html
    assert "Population group (nationality in sede enrolment)" in html


@pytest.mark.parametrize(
    ("language", "name", "sex", "group"),
    [("es", "Deserción intra-anual (por sede)", "Mujeres", "Venezolanos (migrantes)"),
     ("en", "Intra-annual dropout rate (MEN, per sede)", "Female", "Venezuelans (migrants)")],
)  # fmt: skip
def test_the_chart_title_names_sex_and_group_in_the_page_language(
    client: Client, language: str, name: str, sex: str, group: str
) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = page(client, indicador="desercion_sede", nivel="nation", sexo="f", grupo="VEN")
    spec = json.loads(html.split('id="trend-spec" type="application/json">')[1].split("<")[0])
    assert spec["title"] == f"{name} ({sex}) — {group}"
    assert f'<option value="f" selected>{sex}</option>' in html  # the filter's own words


def test_every_group_of_the_analytics_has_its_words() -> None:
    assert tuple(GROUP_LABELS) == compute.GROUPS
