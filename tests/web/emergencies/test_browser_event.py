"""The emergencies list and the event page in the real Chromium at 390 px: their maps drawn
offline from their data, the figures and the sede table readable without the page scrolling
sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.conftest import ROOT
from trayecto.warehouse import Warehouse
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create
from trayecto.web.emergencies.demo import load_emergencies_demo
from trayecto.web.emergencies.models import AffectedSede

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = ROOT / "test-results"
# Elements outside a table's own scroll box that reach past the screen or overflow.
WIDER_THAN_THE_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(e => !(e.parentElement && e.parentElement.closest('.table-scroll')))
  .filter(e => e.getBoundingClientRect().right > 391 || e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName}#${e.id}.${e.className}`)
"""


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def test_the_event_page_at_390_px(
    page: Page, live_server: Any, geography: Warehouse, choco_list: Path
) -> None:
    site = urlsplit(live_server.url).netloc
    escaped: list[str] = []

    def guard(route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme == "data" or url.netloc == site:
            route.continue_()
        else:
            escaped.append(request.url)
            route.abort()

    page.route("**/*", guard)
    demo_accounts_create()
    event_id = load_emergencies_demo(geography, choco_list)["emergencies"]["event"]
    # Two sedes with a point (as a damage assessment gives them): drawn over the municipalities.
    located = AffectedSede.objects.filter(event_id=event_id, municipality_code="27001")[:2]
    for n, sede in enumerate(located):
        sede.latitude, sede.longitude = 5.69 + n / 100, -76.66
        sede.save(update_fields=["latitude", "longitude"])
    im = next(login for login in DEMO_LOGINS if login.role == "im_officer")
    page.goto(f"{live_server.url}/accounts/login/?next=/emergencias/")
    page.fill("#id_username", im.username)
    page.fill("#id_password", im.password)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("#events")).to_contain_text("Sismo de Chocó")
    # The list's map: the listed event's municipalities and points, as the event page's.
    page.wait_for_selector("#event-map[data-drawn]", timeout=30_000)
    on_the_list = page.locator("#event-map").get_attribute("data-drawn")
    assert page.locator("#event-map").get_attribute("data-points") == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.evaluate(
        WIDER_THAN_THE_SCREEN
    )
    page.click("#events a")
    expect(page.locator("h1")).to_have_text("Sismo de Chocó, agosto de 2026")
    expect(page.locator("#figures")).to_contain_text("63.825")
    page.wait_for_selector("#event-map[data-drawn]", timeout=30_000)
    with_sedes = AffectedSede.objects.filter(event_id=event_id).exclude(municipality_code="27493")
    assert int(page.locator("#event-map").get_attribute("data-drawn") or 0) == (
        with_sedes.values("municipality_code").distinct().count()
    )
    assert page.locator("#event-map").get_attribute("data-drawn") == on_the_list
    assert page.locator("#event-map").get_attribute("data-points") == "2"
    assert page.locator("#event-map g.mark-symbol.role-mark path").count() == 2
    expect(page.locator(".map-figure figcaption")).to_contain_text(
        "298 sedes afectadas no tienen punto en el mapa"
    )
    assert page.locator("#sede-table tbody tr").count() == 50
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "event-390.png"), full_page=True)
    # Nothing wider than the screen: the tables scroll inside their own box.
    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    assert escaped == []
