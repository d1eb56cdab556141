"""The statistics pages on a 390-pixel phone, in the real Chromium: nothing wider than the
screen (tables scroll inside their box), the header's links reachable, sparklines drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The elements that reach past the screen's right edge, to say what to fix.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll'))
  .slice(0, 5)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
PAGES = (
    "/",
    "/departamento/54/",
    "/municipio/54001/",
    "/etc/3801/",
    "/indicadores/?indicador=cobertura_neta&nivel=municipality&area=54",
    "/metodologia/",
    "/metodologia/cobertura_neta/",
)


def test_statistics_pages_fit_a_390_pixel_phone(
    page: Page,
    live_server: Any,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    settings: Settings,
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root
    demo_accounts_create()
    login = next(item for item in DEMO_LOGINS if item.role == "etc_analyst")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.fill("#id_username", login.username)
    page.fill("#id_password", login.password)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("text=Mi ETC")).to_be_visible()
    for url in PAGES:
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width, page.evaluate(WIDEST))
        for name in ("Mi ETC", "Salir"):  # the header wraps instead of pushing them off
            box = page.get_by_role(
                "link" if name != "Salir" else "button", name=name
            ).bounding_box()
            assert box is not None, (url, name)
            assert box["x"] >= 0, (url, name, box)
            assert box["x"] + box["width"] <= 390, (url, name, box)
    page.goto(f"{live_server.url}/departamento/54/")
    sparklines = page.locator("#area-indicators svg.sparkline")
    assert sparklines.count() >= 5
    expect(sparklines.first).to_be_visible()
