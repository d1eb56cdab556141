"""The explorer in a real browser: choose an indicator, see the chart drawn and the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.support.official_data import official_warehouse


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_choosing_an_indicator_draws_its_trend(
    page: Page,
    live_server: LiveServer,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    page.goto(f"{live_server.url}/indicadores/")
    page.select_option("#f-indicador", "desercion")
    page.select_option("#f-nivel", "department")
    page.fill("#f-area", "54")  # a department: its trend, and a map of all departments
    page.click("#explorer-form button[type=submit]")
    expect(page.locator("#indicator-table tbody tr")).to_have_count(12)  # 2011–2022
    expect(page.locator("#indicator-table")).to_contain_text("Norte de Santander")
    expect(page.locator("#trend-chart[data-rendered=yes] svg")).to_be_visible()
    expect(page.locator("#trend-chart svg .mark-line path")).to_have_count(1)
    expect(page.locator("#indicator-map[data-rendered=yes] svg")).to_be_visible()
    with page.expect_download() as download:
        page.click("text=XLSX")
    assert download.value.suggested_filename == "desercion_department_54.xlsx"
    page.select_option("#f-nivel", "sede")
    page.select_option("#f-indicador", "cobertura_neta")
    page.click("#explorer-form button[type=submit]")
    expect(page.locator("#notice")).to_contain_text("no se calcula por sede")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paging_a_long_table_on_a_phone(
    page: Page,
    live_server: LiveServer,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/indicadores/?indicador=desercion&nivel=department")
    rows = page.locator("#indicator-table tbody tr")
    expect(rows).to_have_count(100)  # 33 departments × 12 years, by pages of 100
    expect(page.locator("#table-count")).to_contain_text("Filas 1–100 de 396")
    first_row = rows.first.inner_text()
    page.click("#pager >> text=Siguiente")
    expect(page.locator("#table-count")).to_contain_text("Filas 101–200 de 396")
    assert "pagina=2" in page.url
    assert "indicador=desercion" in page.url
    assert "nivel=department" in page.url
    assert rows.first.inner_text() != first_row
    expect(page.locator("#f-indicador")).to_have_value("desercion")  # the filters stay
    page.click("#pager >> text=Última")
    expect(rows).to_have_count(96)
    # the table scrolls inside its box; the page and the pager fit the phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    pager = page.locator("#pager").bounding_box()
    assert pager is not None
    assert pager["x"] + pager["width"] <= 390


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_trend_chart_speaks_spanish_and_shows_the_priority_departments(
    page: Page,
    live_server: LiveServer,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    page.goto(f"{live_server.url}/indicadores/?indicador=poblacion_5_16&nivel=department")
    chart = page.locator("#trend-chart[data-rendered=yes] svg")
    expect(chart).to_be_visible()
    expect(page.locator("#chart-cut")).to_contain_text("12 de 33")
    legends = " ".join(page.locator("#trend-chart svg .role-legend").all_text_contents())
    for name in ("Arauca", "Chocó", "Nariño", "Norte de Santander"):  # the priority ones
        assert name in legends
    assert "observado" in legends  # the statuses by their Spanish names, each its own mark
    axis = page.locator("#trend-chart svg .role-axis-label").all_text_contents()
    assert any("." in text and "," not in text for text in axis), axis  # 2.000.000, not 2,000,000
