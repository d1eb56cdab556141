"""The sede ranking: sedes ordered by the places their promoted cohorts lack, paged on the
server, names with codes beside, Spanish numbers, filters by department and municipality,
the whole selection as CSV, and each role's scope of sede data."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from django.test import Client, override_settings

from tests.web.conftest import PERSONAS
from trayecto.analytics import supply
from trayecto.domain.supply import SupplyParameters
from trayecto.warehouse import Warehouse
from trayecto.web.needs import selectors
from trayecto.web.needs.views import SEDES_PER_PAGE

pytestmark = pytest.mark.django_db
URL = "/necesidades/oferta/sedes/"
ROOT = Path(__file__).resolve().parents[3]
READERS = {"etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}


@pytest.fixture(autouse=True)
def site(sede_warehouse: Warehouse) -> Iterator[None]:
    with override_settings(WAREHOUSE_DIR=sede_warehouse.root):
        yield


def spanish(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def download(client: Client, **query: str) -> list[dict[str, str]]:
    response = client.get(URL, {**query, "formato": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_the_ranking_of_its_scope_or_is_told_why_not(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get(URL)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    if persona not in READERS:
        assert response.status_code == 403
        assert "analistas de las ETC" in response.content.decode() or persona == "outsider"
        return
    assert response.status_code == 200
    municipalities = {r["municipality_code"] for r in response.context["page"].object_list}
    assert municipalities
    if persona == "etc_analyst":
        assert municipalities == {"54001"}  # Cúcuta, the ETC's only municipality
    elif persona == "leg_coordinator":
        assert {m[:2] for m in municipalities} <= {"81", "54"}


def test_the_ranking_is_ordered_paged_and_written_in_spanish(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("im_officer")
    first = client.get(URL, {"departamento": "81"})
    assert first.status_code == 200
    rows = first.context["page"].object_list
    assert len(rows) == SEDES_PER_PAGE
    assert [r["rank"] for r in rows] == list(range(1, SEDES_PER_PAGE + 1))
    keys = [(-r["short"], r["spare"], r["sede_code"]) for r in rows]
    assert keys == sorted(keys)
    second = client.get(URL, {"departamento": "81", "pagina": "2"}).context["page"].object_list
    assert second[0]["rank"] == SEDES_PER_PAGE + 1
    assert (-rows[-1]["short"], rows[-1]["spare"]) <= (-second[0]["short"], second[0]["spare"])
    html = first.content.decode()
    top = rows[0]
    assert f"{top['sede_name']}</a> <small>{top['sede_code']}</small>" in html  # name, code beside
    assert f"{top['municipality_name']} <small>{top['municipality_code']}</small>" in html
    big = max(rows, key=lambda r: r["enrolled"])
    assert big["enrolled"] >= 1000  # so the Spanish thousands separator shows
    assert f'<td class="num">{spanish(big["enrolled"])}</td>' in html
    assert "SINTÉTICO" in html  # the demo's sedes are synthetic and say so
    assert "Página 1 de" in html


def test_the_figures_behind_the_rank_add_up_to_the_municipality(
    as_persona: Callable[[str], Client], sede_warehouse: Warehouse
) -> None:
    rows = download(as_persona("im_officer"), municipio="81001")
    assert {r["codigo_municipio"] for r in rows} == {"81001"}
    assert {r["municipio"] for r in rows} == {"Arauca"}
    municipality = next(
        m
        for m in supply.gap(sede_warehouse, SupplyParameters()).municipalities
        if m["municipality_code"] == "81001"
    )
    assert len(rows) == municipality["sedes"]
    for column, key in (
        ("cupos", "places"),
        ("cupos_que_faltan", "short"),
        ("matricula", "enrolled"),
    ):
        assert sum(int(r[column]) for r in rows) == municipality[key]
    assert [int(r["puesto"]) for r in rows] == list(range(1, len(rows) + 1))
    short = [r for r in rows if int(r["cupos_que_faltan"]) > 0]
    assert all(r["grados_con_faltante"] for r in short)
    assert all(r["sintetico"] == "sí" for r in rows)


def test_the_csv_holds_the_whole_selection_not_one_page(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("leg_coordinator")
    page = client.get(URL, {"departamento": "81"})
    total = page.context["total"]
    assert total > SEDES_PER_PAGE
    rows = download(client, departamento="81", pagina="2")
    assert len(rows) == total
    assert {r["codigo_municipio"][:2] for r in rows} == {"81"}


def test_the_xlsx_and_the_csv_for_spanish_excel_hold_the_same_rows(
    as_persona: Callable[[str], Client],
) -> None:
    """The three downloads, XLSX first on the page: the same header and rows; the Excel CSV
    with semicolons and a BOM, as Excel set to Spanish opens it in columns."""
    client = as_persona("leg_coordinator")
    plain = download(client, departamento="81")
    page = client.get(URL, {"departamento": "81"}).content.decode()
    assert page.index("formato=xlsx") < page.index("formato=csv-excel") < page.index('formato=csv"')
    excel = client.get(URL, {"departamento": "81", "formato": "csv-excel"})
    assert excel["Content-Disposition"].endswith('.excel.csv"')
    text = excel.content.decode("utf-8")
    assert text.startswith("\ufeffpuesto;codigo_sede;")
    assert list(csv.DictReader(io.StringIO(text[1:]), delimiter=";")) == plain
    answer = client.get(URL, {"departamento": "81", "formato": "xlsx"})
    assert answer["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content))["sedes"]
    header, *rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert list(header) == list(plain[0])
    as_text = [{k: "" if v is None else str(v) for k, v in zip(header, row, strict=True)}
               for row in rows]  # fmt: skip
    assert as_text == plain


def test_the_municipality_filter_lists_names_with_codes(
    as_persona: Callable[[str], Client],
) -> None:
    response = as_persona("leg_coordinator").get(URL, {"departamento": "81", "municipio": "81736"})
    html = response.content.decode()
    assert '<option value="81736" selected>Saravena (81736)</option>' in html
    assert '<option value="81001">Arauca (81001)</option>' in html
    assert {r["municipality_code"] for r in response.context["page"].object_list} == {"81736"}
    names = [name for _, name in response.context["municipalities"]]
    assert names.index("Arauquita") < names.index("Cravo Norte")  # by name, not by code


def test_names_sort_as_a_reader_looks_for_them() -> None:
    places = (("27205", "Condoto"), ("27160", "Cértegui"), ("27150", "Carmen del Darién"))
    rows = [{"municipality_code": c, "municipality_name": n} for c, n in places]
    assert [n for _, n in selectors.municipality_choices(rows)] == [
        "Carmen del Darién", "Cértegui", "Condoto",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "rule"),
    [
        ({"municipio": "Arauca"}, "código DANE de cinco dígitos"),
        ({"pagina": "0"}, "número entero desde 1"),
        ({"departamento": "8"}, "código DANE de dos dígitos"),
        ({"formato": "pdf"}, "formato=csv"),
    ],
)
def test_a_bad_parameter_is_refused_saying_what_is_allowed(
    query: dict[str, str], rule: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona("im_officer").get(URL, query)
    assert response.status_code == 400
    assert rule in response.content.decode()


def test_the_page_size_the_methodology_quotes() -> None:
    doc = " ".join((ROOT / "docs" / "methodology" / "supply.md").read_text("utf-8").split())
    assert f"va por páginas de {SEDES_PER_PAGE}" in doc
    assert f"shows {SEDES_PER_PAGE} sedes at a time" in doc
