"""The home map in the real Chromium, for every demo login: drawn, offline, in both languages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.conftest import ROOT
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.warehouse import Warehouse, engine
from trayecto.web.demo import DEMO_LOGINS, DemoLogin, demo_accounts_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = ROOT / "test-results"


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A browser set to English: the site must still open in Spanish (Spanish first)."""
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def offline_page(page: Page, live_server: Any) -> tuple[Page, list[str]]:
    """The page, with every request that is not for the live server refused and recorded."""
    site = urlsplit(live_server.url).netloc
    assert site.startswith("127.0.0.1:")
    escaped: list[str] = []

    def guard(route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme == "data" or url.netloc == site:
            route.continue_()
        else:
            escaped.append(request.url)
            route.abort()

    page.route("**/*", guard)
    return page, escaped


def log_in(page: Page, base: str, login: DemoLogin) -> None:
    page.goto(f"{base}/accounts/login/?next=/")
    page.fill("#id_username", login.username)
    page.fill("#id_password", login.password)
    page.click("form.login-form button[type=submit]")


def municipalities_with_polygons(warehouse: Warehouse) -> int:
    rows = engine.rows(
        warehouse.connect(),
        "select count(*) as n from municipality_boundary "
        "where department_code in (select unnest($codes))",
        {"codes": list(PRIORITY_DEPARTMENTS)},
    )
    return int(rows[0]["n"])


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role)
def test_each_demo_login_sees_the_map_drawn_offline(
    offline_page: tuple[Page, list[str]], live_server: Any, geography: Warehouse, login: DemoLogin
) -> None:
    page, escaped = offline_page
    demo_accounts_create()
    log_in(page, live_server.url, login)
    expect(page.locator(".who")).to_contain_text(login.username)
    page.wait_for_selector("#priority-map[data-drawn]", timeout=30_000)
    expected = municipalities_with_polygons(geography)
    assert expected == 209
    assert page.evaluate("window.trayectoMap.data('municipalities').length") == expected
    drawn = page.locator("#priority-map svg g.municipalities_marks path")
    assert drawn.count() == expected
    assert page.locator("#priority-map svg g.context_marks path").count() == 33
    expect(page.locator(".demo-banner")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{login.username}.png"), full_page=True)
    assert escaped == []


def test_hovering_a_municipality_shows_its_tooltip(
    offline_page: tuple[Page, list[str]], live_server: Any, geography: Warehouse
) -> None:
    page, escaped = offline_page
    demo_accounts_create()
    log_in(page, live_server.url, DEMO_LOGINS[0])
    page.wait_for_selector("#priority-map[data-drawn]", timeout=30_000)
    cucuta = page.locator('#priority-map svg g.municipalities_marks path[aria-label*="54001"]')
    cucuta.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    names = engine.rows(
        geography.connect(),
        "select name, department_name from municipality where code = '54001'",
    )[0]
    for text in ("Departamento", names["department_name"], "Municipio", names["name"]):
        expect(tooltip).to_contain_text(text)
    for text in ("Código DANE", "54001", "ETC", "Cúcuta"):
        expect(tooltip).to_contain_text(text)
    assert escaped == []


def test_the_language_switch_turns_the_page_and_the_map_english(
    offline_page: tuple[Page, list[str]], live_server: Any, geography: Warehouse
) -> None:
    page, escaped = offline_page
    demo_accounts_create()
    log_in(page, live_server.url, DEMO_LOGINS[-1])
    expect(page.locator("h1")).to_have_text("Educación en Emergencias en Colombia")
    page.click(".language-switch button[value=en]")
    expect(page.locator("h1")).to_have_text("Education in Emergencies in Colombia")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_selector("#priority-map[data-drawn]", timeout=30_000)
    page.locator('#priority-map svg g.municipalities_marks path[aria-label*="54001"]').hover()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("DANE code")
    assert escaped == []


def test_the_guard_catches_a_request_to_elsewhere(
    offline_page: tuple[Page, list[str]], live_server: Any, geography: Warehouse
) -> None:
    """The offline assertion above is not vacuous: a stray request would be caught. (From a
    blank page: the site's own Content-Security-Policy blocks it before it leaves.)"""
    page, escaped = offline_page
    page.set_content("<p>blank</p>")
    page.evaluate("fetch('http://192.0.2.1/tile.png').catch(() => null)")
    page.wait_for_timeout(200)
    assert escaped == ["http://192.0.2.1/tile.png"]


def test_screenshots_go_to_an_ignored_folder() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"{SCREENSHOTS.name}/" in ignored


def test_the_role_cards_wrap_into_one_column_at_390_px(
    offline_page: tuple[Page, list[str]], live_server: Any, geography: Warehouse
) -> None:
    """The IM officer's cards on a phone (to approve, to publish, reach; completeness once a
    month is due): one under the other, each inside the screen, each a link."""
    page, escaped = offline_page
    page.set_viewport_size({"width": 390, "height": 844})
    demo_accounts_create()
    log_in(page, live_server.url, DEMO_LOGINS[1])
    cards = page.locator("a.kpi-card")
    expect(cards.first).to_be_visible()
    # Measured once the stylesheet is applied: a box read before it is the browser's default
    # list indent (8 px body margin + 40 px padding), which a loaded machine once caught.
    expect(page.locator(".kpi-cards")).to_have_css("display", "grid")
    expect(cards.first).to_have_css("display", "flex")
    assert cards.count() >= 3
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert all(box is not None for box in boxes)
    lefts = {round(box["x"]) for box in boxes if box}
    assert len(lefts) == 1, lefts  # one column
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes if box)
    tops = [box["y"] for box in boxes if box]
    assert tops == sorted(tops)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator(".home-cards").screenshot(path=str(SCREENSHOTS / "home-cards-390.png"))
    cards.first.click()
    expect(page).to_have_url(f"{live_server.url}/5w/revision/")
    assert escaped == []
