"""Department, municipality and ETC pages answer questions: the main indicators with their
trend and provenance, the position against the department and the nation, the partners'
published reach, and ETC names that are links. On the real MEN, DANE and Migración data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from trayecto.analytics import compute, registry
from trayecto.reports.sparkline import sparkline_svg
from trayecto.warehouse import Warehouse
from trayecto.web.statistics.area_figures import MAIN_INDICATORS, source_names
from trayecto.web.statistics.numbers import number_text


@pytest.fixture
def official(
    settings: Settings, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    store = official_warehouse(shared_data, tmp_path_factory.getbasetemp())
    settings.WAREHOUSE_DIR = store.root
    return store


pytestmark = pytest.mark.django_db


def latest(store: Warehouse, code: str, level: str, area: str | None) -> dict[str, object]:
    rows = compute.run(store, compute.Query(code, level, area=area))
    return [r for r in rows if r["value"] is not None and r["sex"] is None][-1]


def row_of(html: str, code: str) -> str:
    """The table row of one indicator on an area page (its methodology link names it)."""
    found = re.search(rf'<tr><td><a href="/metodologia/{code}/">.*?</tr>', html, re.S)
    assert found, f"no row for {code}"
    return found.group(0)


def test_municipality_page_shows_indicators_beside_department_and_nation(
    official: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    html = as_persona("viewer").get("/municipio/54001/").content.decode()
    row = row_of(html, "cobertura_neta")
    own = latest(official, "cobertura_neta", "municipality", "54001")
    year = own["year"]
    department = latest(official, "cobertura_neta", "department", "54")
    nation = latest(official, "cobertura_neta", "nation", None)
    assert department["year"] == nation["year"] == year  # the same year, side by side
    for value in (own["value"], department["value"], nation["value"]):
        assert f">{number_text(float(value), decimals=2, spanish=True)}<" in row  # type: ignore[arg-type]
    assert f">{year}<" in row
    assert '<svg class="sparkline"' in row  # the trend of the years loaded
    assert ">MEN</span>" in row  # the publisher by name, its full title in the tooltip
    assert "observado" in row  # the provenance status in Spanish, not the key
    assert "observed" not in row


def test_counts_are_integers_with_spanish_separators(
    official: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    html = as_persona("viewer").get("/departamento/54/").content.decode()
    row = row_of(html, "poblacion_5_16")
    value = latest(official, "poblacion_5_16", "department", "54")["value"]
    text = number_text(float(value), decimals=0, spanish=True)  # type: ignore[arg-type]
    assert "." in text
    assert f"<strong>{text}</strong>" in row
    assert "personas" in row


def test_department_page_has_no_department_column_and_links_its_etcs(
    official: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    html = as_persona("viewer").get("/departamento/81/").content.decode()
    assert '<th class="num">Departamento</th>' not in html
    assert 'href="/etc/3824/"' in html  # Arauca (ETC), in the ETC table and municipality rows
    shown = re.findall(r'<tr><td><a href="/metodologia/([a-z0-9_]+)/">', html)
    assert shown
    assert set(shown) <= set(MAIN_INDICATORS)
    assert shown == [code for code in MAIN_INDICATORS if code in shown]  # in the set order


def test_etc_page_compares_with_its_department_and_links_municipalities(
    official: Warehouse, client: Client
) -> None:
    html = client.get("/etc/3824/").content.decode()
    row = row_of(html, "cobertura_neta")
    etc = latest(official, "cobertura_neta", "etc", "3824")
    assert f"<strong>{number_text(float(etc['value']), decimals=2, spanish=True)}</strong>" in row  # type: ignore[arg-type]
    assert 'href="/municipio/81794/"' in html  # Tame


def test_english_pages_use_english_names_units_and_separators(
    official: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    client = as_persona("viewer")
    client.cookies["django_language"] = "en"
    html = client.get("/departamento/54/").content.decode()
    assert "Main indicators" in html
    row = row_of(html, "poblacion_5_16")
    value = latest(official, "poblacion_5_16", "department", "54")["value"]
    assert f"<strong>{number_text(float(value), decimals=0, spanish=False)}</strong>" in row  # type: ignore[arg-type]
    assert "persons" in row
    assert "personas" not in row


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_etc_page_names_its_indicators_in_the_page_language(
    official: Warehouse, client: Client, language: str
) -> None:
    client.cookies["django_language"] = language
    html = client.get("/etc/3824/").content.decode()
    table = html.split('id="area-indicators"')[1].split("</table>")[0]
    shown = re.findall(r'<a href="/metodologia/(\w+)/">([^<]+)</a>', table)
    assert len(shown) >= 5
    for code, name in shown:
        indicator = registry.get(code)
        assert name == escape(indicator.name(language)), code
        assert name != escape(indicator.name("es" if language == "en" else "en")), code


@pytest.mark.usefixtures("empty_warehouse")
def test_etc_analyst_has_its_etc_in_the_navigation(as_persona: Callable[[str], Client]) -> None:
    html = as_persona("etc_analyst").get("/").content.decode()
    code = re.search(r'<a href="/etc/(\d+)/">Mi ETC</a>', html)
    assert code, "the ETC analyst's navigation links its ETC"
    for persona in ("viewer", "leg_coordinator", "im_officer"):
        assert "Mi ETC" not in as_persona(persona).get("/").content.decode()


def test_source_names_are_the_publications_short_names() -> None:
    names = source_names("men-municipio, dane-proyecciones")
    assert names["short"] == "MEN, DANE"
    assert names["full"].startswith("MEN – ")
    assert source_names("unknown-id")["short"] == "unknown-id"


def test_a_sparkline_needs_two_points_and_draws_every_year() -> None:
    assert sparkline_svg([(2020, 1.0)], label="x") == ""
    svg = sparkline_svg([(2020, 1.0), (2021, 3.0), (2022, 2.0)], label='a "quoted" name')
    points = re.search(r'points="([^"]+)"', svg)
    assert points
    assert len(points.group(1).split()) == 3
    assert "&quot;quoted&quot;" in svg  # the label cannot break out of its attribute
    flat = sparkline_svg([(2020, 5.0), (2021, 5.0)], label="flat")
    assert re.findall(r",([\d.]+)", re.search(r'points="([^"]+)"', flat).group(1)) == [
        "12.0",
        "12.0",
    ]  # type: ignore[union-attr]


def test_area_pages_show_ochas_education_pin_and_severity(
    official: Warehouse, as_persona: Callable[[str], Client]
) -> None:
    html = as_persona("viewer").get("/departamento/27/").content.decode()  # Chocó
    row = row_of(html, "pin_education")
    pin = latest(official, "pin_education", "department", "27")
    nation = latest(official, "pin_education", "nation", None)
    assert nation["value"] == 3_003_411  # OCHA's national total, kept at every level
    assert f"<strong>{number_text(float(pin['value']), decimals=0, spanish=True)}</strong>" in row  # type: ignore[arg-type]
    assert ">3.003.411<" in row
    severity = row_of(html, "severidad_educacion")
    assert "fase de severidad (1–5)" in severity
