"""axe-core, the accessibility engine, run in the real Chromium on the main pages, offline.

axe comes from the `axe-playwright-python` package of the lock file (its `axe.min.js`,
MPL-2.0), injected into each page by the test: nothing is fetched, nothing is served to users.
Each page is opened as a persona that may see it, after its charts are drawn; any violation,
whatever its impact, fails the test with the rule, the elements and axe's advice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, Response, expect
from pytest_django.fixtures import Settings

from tests.web.factories import PASSWORD
from tests.web.site_data import Site, site_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# persona -> pages it opens ({submission}, {event}...: the site's records, tests/web/site_data.py)
PAGES: dict[str, tuple[str, ...]] = {
    "anonymous": (
        "/accounts/login/",
        "/indicadores/?indicador=cobertura_neta&nivel=department",
        "/metodologia/",
        "/metodologia/cobertura_neta/",
        "/etc/3801/",
    ),
    "im_officer": (
        "/",
        "/departamento/54/",
        "/municipio/54001/",
        "/indicadores/",
        "/5w/",
        "/5w/{submission}/",
        "/5w/{published}/",
        "/5w/alcance/",
        "/5w/revision/",
        "/5w/completitud/",
        "/5w/plan/",
        "/necesidades/",
        "/necesidades/{needs_run}/",
        "/necesidades/oferta/",
        "/emergencias/",
        "/emergencias/{event}/",
        "/coordinacion/",
        "/coordinacion/81/",
        "/coordinacion/81/reuniones/{meeting}/",
        "/coordinacion/81/informes/2026-03/",
        "/coordinacion/planes/etpv/",
        "/coordinacion/planes/etpv/acciones/{action}/",
        "/coordinacion/rendicion/",
        "/coordinacion/donantes/",
        "/cuenta/tokens/",
    ),
    "partner": ("/", "/5w/", "/5w/{submission}/", "/5w/alcance/"),
    "etc_analyst": ("/", "/etc/3802/"),
}
USERNAMES = {"im_officer": "im", "partner": "socio", "etc_analyst": "etc"}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every rule axe finds broken on the page as drawn now (all rule sets, best practices
    included)."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def described(url: str, violations: list[dict[str, Any]]) -> list[str]:
    """One line per broken rule: what to fix and where."""
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def open_drawn(page: Page, url: str) -> Response | None:
    """The page with its charts and maps drawn (they are where violations hide)."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    for selector in ("#priority-map", "#event-map"):
        if page.locator(selector).count():
            page.wait_for_selector(f"{selector} svg", timeout=30_000)
    return response


@pytest.fixture
def site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings,
    people: dict[str, Any], trayecto_home: Path,
) -> Site:  # fmt: skip
    made = site_create(shared_data, tmp_path_factory.getbasetemp(), trayecto_home, people)
    settings.WAREHOUSE_DIR = made.warehouse.root
    return made


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("persona", sorted(PAGES))
def test_the_main_pages_have_no_accessibility_violation(
    page: Page, live_server: Any, site: Site, persona: str, language: str
) -> None:
    if persona != "anonymous":
        log_in(page, live_server.url, USERNAMES[persona])
    if language == "en":
        page.goto(f"{live_server.url}/accounts/login/")
        page.click(".language-switch button[value=en]")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    found: list[str] = []
    for path in PAGES[persona]:
        url = path.format(**vars(site))
        open_drawn(page, f"{live_server.url}{url}")
        assert page.locator("h1").count() == 1, (url, page.locator("h1").all_inner_texts())
        found += described(url, axe_violations(page))
    assert found == [], "\n".join(found)


def test_the_check_finds_what_it_looks_for(page: Page) -> None:
    """Not vacuous: an unlabelled select, an image without text and low contrast are found."""
    page.set_content(
        '<html lang="es"><body><main><h1>Prueba</h1><select name="org"><option>a</option>'
        '</select><img src="data:,"><p style="color:#bbb;background:#fff">gris</p></main>'
        "</body></html>"
    )
    rules = {v["id"] for v in axe_violations(page)}
    assert {"select-name", "image-alt", "color-contrast"} <= rules


def test_a_keyboard_user_skips_to_the_content(page: Page, live_server: Any, site: Site) -> None:
    """The first Tab lands on "Saltar al contenido", shown on screen; Enter moves to <main>."""
    page.goto(f"{live_server.url}/metodologia/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Saltar al contenido")
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0  # moved on screen when focused
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
