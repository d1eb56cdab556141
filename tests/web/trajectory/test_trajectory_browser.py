"""The trajectory pages in the real Chromium at 390 px: a LEG coordinator of Arauca opens
Arauca's transitions (their charts drawn), goes down to a municipality and to the early
warning of its sedes, and the page never grows wider than the phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.web.test_browser_accessibility import axe_violations, described
from trayecto.warehouse import Warehouse
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def narrow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"


def test_arauca_down_to_its_sedes_at_390_px(
    page: Page, live_server: Any, student_warehouse: Warehouse, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = student_warehouse.root
    demo_accounts_create()
    leg = next(login for login in DEMO_LOGINS if login.username == "gel-demo")  # Arauca (81)
    page.goto(f"{live_server.url}/accounts/login/?next=/trayectorias/%3Farea%3D81")
    page.fill("#id_username", leg.username)
    page.fill("#id_password", leg.password)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Arauca")
    expect(page.locator("p.synthetic")).to_contain_text("SINTÉTICO")
    # two followed years × (four levels + the total)
    expect(page.locator("table.trajectory-flows tbody tr")).to_have_count(10)
    # the true survival beside UIS's reconstructed cohort, and the rates it flows through
    expect(page.locator("table.cohort-survival thead th", has_text="UIS")).to_have_count(2)
    expect(page.locator("table.uis-rates tbody tr").first).to_be_visible()
    # both charts draw inside their boxes, within the phone's width
    for chart in ("#flows-chart", "#survival-chart"):
        expect(page.locator(chart)).to_have_attribute("data-rendered", "yes")
        expect(page.locator(f"{chart} svg")).to_be_visible()
        box = page.locator(f"{chart} svg").bounding_box()
        assert box is not None
        assert box["width"] > 0
        assert box["x"] + box["width"] <= 390
    narrow(page)
    assert described(page.url, axe_violations(page)) == []
    page.select_option("#anio", "2023")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#subareas")).to_contain_text("2023 → 2024")
    page.locator("table.trajectory-areas a", has_text="Arauca").click()
    expect(page.locator("h1")).to_contain_text("81001")
    expect(page.locator("table.trajectory-areas tbody tr")).to_have_count(3)  # its sedes
    narrow(page)
    page.get_by_role("link", name="Alerta temprana por sede").click()
    expect(page.locator("h1")).to_contain_text("Alerta temprana")
    expect(page.locator("table.early-warning tbody tr")).to_have_count(3)
    expect(page.locator("p.backtest")).to_contain_text("ROC AUC")
    narrow(page)
    assert described(page.url, axe_violations(page)) == []
