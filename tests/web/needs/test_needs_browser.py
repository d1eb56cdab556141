"""The needs pages in the real Chromium at 390 px: an IM officer runs a calculation from
the form and reads it beside OCHA's without the page growing wider than the phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def test_a_run_from_the_form_at_390_px(
    page: Page,
    live_server: Any,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    demo_accounts_create()
    im = next(login for login in DEMO_LOGINS if login.role == "im_officer")
    page.goto(f"{live_server.url}/accounts/login/?next=/necesidades/")
    page.fill("#id_username", im.username)
    page.fill("#id_password", im.password)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Necesidades de educación")
    page.fill("#id_name", "Prueba en el teléfono")
    page.click("form.needs-run button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Prueba en el teléfono", timeout=30_000)
    page.select_option("#departamento", "81")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.needs tbody tr")).to_have_count(7)
    page.locator("table.needs details summary").first.click()
    expect(page.locator("table.needs details li").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    page.get_by_role("button", name="Publicar en el boletín").click()
    expect(page.locator("p.published")).to_contain_text("Publicado el")


def test_the_sede_ranking_at_390_px(
    page: Page, live_server: Any, sede_warehouse: Any, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = sede_warehouse.root
    demo_accounts_create()
    leg = next(login for login in DEMO_LOGINS if login.username == "gel-demo")  # Arauca
    page.goto(f"{live_server.url}/accounts/login/?next=/necesidades/oferta/sedes/")
    page.fill("#id_username", leg.username)
    page.fill("#id_password", leg.password)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Sedes con cupos que faltan")
    expect(page.locator("table.sedes tbody tr")).to_have_count(50)
    page.get_by_role("link", name="Siguiente ›").click()
    expect(page.locator("table.sedes tbody tr").first.locator("td").first).to_have_text("51")
    page.select_option("#municipio", "81736")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.sedes tbody tr").first).to_contain_text("Saravena")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
