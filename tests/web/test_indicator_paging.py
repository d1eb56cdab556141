"""The explorer by pages: a whole department at level sede sends one page of rows, the next
page the next rows, every filter kept; the gap report and the downloads cover every row.

Real geography and MEN 2025 sede totals, with the synthetic sedes generated from them
(labelled as such), as in test_sede_page.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_geography_with_etc
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.statistics.explorer import PAGE_SIZE

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
CHOCO = {"indicador": "desercion_sede", "nivel": "sede", "area": "27"}
ROW = re.compile(r'<a href="/sede/(\d+)/">')

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def school_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = Warehouse(tmp_path_factory.mktemp("explorer-paging") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse, seed=7).refused
    return warehouse.root


@pytest.fixture
def im_officer(client: Client, settings: Settings, school_warehouse: Path) -> Client:
    settings.WAREHOUSE_DIR = school_warehouse
    user = User.objects.create_user("im", password="x")
    organization = Organization.objects.create(
        code="unicef", name="UNICEF", type=Organization.Type.UN
    )
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.IM_OFFICER)
    client.force_login(user)
    return client


def sede_codes(html: str) -> list[str]:
    table = html.split('id="indicator-table"')[1].split("</table>")[0]
    return ROW.findall(table)


def test_a_whole_department_at_sede_level_is_sent_one_page_at_a_time(
    im_officer: Client,
) -> None:
    first = im_officer.get("/indicadores/", CHOCO)
    assert first.status_code == 200
    total = first.context["page"].paginator.count
    assert total > 3 * PAGE_SIZE  # Chocó's sedes: several pages
    html = first.content.decode()
    assert len(sede_codes(html)) == PAGE_SIZE
    assert len(first.content) < 300_000
    assert f"de {total:,}".replace(",", ".") in html  # the total, with Spanish separators
    assert "la tabla las muestra por páginas" in html
    im_officer.cookies["django_language"] = "en"
    english = im_officer.get("/indicadores/", CHOCO).content.decode()
    assert f"Rows 1–100 of {total:,}." in english  # the English catalogue and separators
    assert "the table shows them page by page" in english
    second = im_officer.get("/indicadores/", {**CHOCO, "pagina": "2"})
    assert len(second.content) < 300_000
    everything = first.context["result"].rows
    assert [(r["area_code"], r["year"]) for r in second.context["rows"]] == [
        (r["area_code"], r["year"]) for r in everything[PAGE_SIZE : 2 * PAGE_SIZE]
    ]
    assert sede_codes(second.content.decode()) == [
        r["area_code"] for r in everything[PAGE_SIZE : 2 * PAGE_SIZE]
    ]


def test_page_links_keep_every_filter_and_the_order(im_officer: Client) -> None:
    query = {**CHOCO, "anio": "2025", "grupo": "VEN", "orden": "-valor"}
    response = im_officer.get("/indicadores/", query)
    pager = response.content.decode().split('id="pager"')[1].split("</nav>")[0]
    [next_link] = re.findall(r'href="\?([^"]+)" rel="next"', pager)
    followed = im_officer.get(f"/indicadores/?{next_link.replace('&amp;', '&')}")
    assert followed.context["filters"] == response.context["filters"]
    assert followed.context["order"] == "-valor"
    assert followed.context["page"].number == 2
    values = [r["value"] for r in response.context["rows"] + followed.context["rows"]]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)  # highest first, across the two pages
    assert values[: len(present)] == present  # missing values after every figure


def test_the_gap_report_counts_every_row_of_the_filter_not_only_the_page(
    im_officer: Client,
) -> None:
    response = im_officer.get("/indicadores/", CHOCO)
    result = response.context["result"]
    counted: dict[str, int] = {}
    for kinds in result.flags.values():
        for kind in set(kinds):
            counted[kind] = counted.get(kind, 0) + 1
    assert result.gap_counts == counted
    # SINTÉTICO is on every row of the department, more than the page shows
    assert result.gap_counts["synthetic"] == response.context["page"].paginator.count


def test_the_csv_download_streams_every_row_compressed(im_officer: Client) -> None:
    total = im_officer.get("/indicadores/", CHOCO).context["page"].paginator.count
    response = im_officer.get(
        "/indicadores/", {**CHOCO, "pagina": "3", "formato": "csv"}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + total  # the header and every row, whatever the page


def test_the_hxl_download_streams_every_row(im_officer: Client) -> None:
    total = im_officer.get("/indicadores/", CHOCO).context["page"].paginator.count
    response = im_officer.get("/indicadores/", {**CHOCO, "formato": "hxl"})
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) == 2 + total  # header, tags, rows


def test_the_html_page_is_not_compressed_as_it_carries_a_csrf_token(
    im_officer: Client,
) -> None:
    response = im_officer.get("/indicadores/", CHOCO, HTTP_ACCEPT_ENCODING="gzip")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")  # BREACH: no compression beside a secret


@pytest.mark.parametrize(
    ("query", "refused"),
    [({"pagina": "0"}, "«pagina»"), ({"pagina": "x"}, "«pagina»"), ({"orden": "z"}, "«orden»")],
)
def test_a_page_or_order_it_cannot_use_is_refused_with_what_it_accepts(
    im_officer: Client, query: dict[str, str], refused: str
) -> None:
    response = im_officer.get("/indicadores/", {**CHOCO, **query})
    assert response.status_code == 400
    assert refused in response.content.decode()
