"""Every page of the site fits the screen, in the real Chromium: on a 390-pixel phone and on
a 1280-pixel desktop the page is never wider than the window (wide tables scroll inside their
own box, long codes and URLs break). The pages are those of `test_every_page.PAGES`, each
opened as a persona that may see it, with the demo-like data of `site_data.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_django.fixtures import Settings

from tests.web.site_data import Site, site_create
from tests.web.test_browser_accessibility import USERNAMES, log_in, open_drawn
from tests.web.test_every_page import PAGES
from tests.web.test_sede_page import AFFECTED, MEN_SEDES
from trayecto.importers import affected_schools, men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# The persona each page is opened as: the IM officer may open all the others.
PERSONA = {"login": "anonymous", "etc": "etc_analyst"}
# What widens the page, to name in the failure message: the outermost elements reaching past
# the window's right edge that no scroll box holds (an absolutely placed one escapes every box
# below its positioned ancestor).
WIDEST = """(width) => {
  const held = (e) => {
    let escaping = ['absolute', 'fixed'].includes(getComputedStyle(e).position);
    for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (!escaping && style.overflowX !== 'visible') return true;
      if (style.position !== 'static') escaping = false;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !held(e));
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '');
  return wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 4)
    .map((e) => `${name(e)} ${Math.round(e.getBoundingClientRect().right)}`);
}"""
RIGHT = "(selector) => Math.round(document.querySelector(selector).getBoundingClientRect().right)"


@pytest.fixture
def site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings,
    people: dict[str, Any], trayecto_home: Path,
) -> Site:  # fmt: skip
    made = site_create(shared_data, tmp_path_factory.getbasetemp(), trayecto_home, people)
    settings.WAREHOUSE_DIR = made.warehouse.root
    # school-level data, for a sede page to open: the MEN 2025 totals, the synthetic sedes
    # made from them and the real list of the Chocó earthquake
    assert not men_sedes.load(shared_data / MEN_SEDES, made.warehouse).refused
    assert not generate_synthetic_sedes(made.warehouse, seed=7).refused
    assert not affected_schools.load(shared_data / AFFECTED, made.warehouse).refused
    return made


def urls(site: Site) -> dict[str, str]:
    """Each page's path. The sede page opens a synthetic sede of Quibdó (its enrolment by
    grade, sex and nationality is the widest table); the event gets the synthetic sede of
    Arauca with the longest name, so that its correction form (`emergencies:sede-edit`) opens
    instead of answering 404."""
    synthetic = [s for s in site.warehouse.read("sede").to_pylist() if s["source"] == "synthetic"]
    quibdo = next(s for s in synthetic if s["municipality_code"] == "27001")
    arauca = max(
        (s for s in synthetic if s["municipality_code"].startswith("81")),
        key=lambda s: len(s["sede_name"]),
    )
    sede = AffectedSede.objects.create(
        event=Event.objects.get(pk=site.event), sede_code=arauca["sede_code"],
        sede_name=arauca["sede_name"], municipality_code=arauca["municipality_code"],
        department_code="81",
    )  # fmt: skip
    found = {name: template.format(**vars(site)) for name, template in PAGES.items()}
    found["sede"] = f"/sede/{quibdo['sede_code']}/"
    found["emergencies:sede-edit"] = f"/emergencias/{site.event}/sedes/{sede.pk}/"
    return found


def overflowing(page: Page, base: str, url: str, width: int) -> str | None:
    """`url: N px (the widest elements)` when the page is wider than the window, else None."""
    response = open_drawn(page, f"{base}{url}")
    status = response.status if response else 0
    if status != 200:
        return f"{url}: answered {status}, nothing to measure"
    scroll = int(page.evaluate("document.documentElement.scrollWidth"))
    if scroll <= width:
        return None
    return f"{url}: {scroll} px ({', '.join(page.evaluate(WIDEST, width))})"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_fits_the_window(
    page: Page, live_server: Any, site: Site, viewport: str
) -> None:
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    pages = urls(site)
    found: list[str] = []
    for persona in ("anonymous", "etc_analyst", "im_officer"):
        page.context.clear_cookies()
        if persona != "anonymous":
            log_in(page, live_server.url, USERNAMES[persona])
        for name, url in pages.items():
            if PERSONA.get(name, "im_officer") == persona:
                problem = overflowing(page, live_server.url, url, size["width"])
                found += [problem] if problem else []
    assert found == [], f"{len(found)} pages wider than {size['width']} px:\n" + "\n".join(found)


def test_the_check_finds_a_page_wider_than_the_window(page: Page) -> None:
    """Not vacuous: a wide table outside a scroll box widens the page and is named (not its
    cells); inside one it does not, unless an absolutely placed child escapes the box."""
    page.set_viewport_size(VIEWPORTS["phone"])
    table = '<table id="wide"><tr><td>' + "x" * 120 + "</td><th>{}</th></tr></table>"
    page.set_content(f"<!DOCTYPE html><html><body>{table.format('')}</body></html>")
    assert page.evaluate("document.documentElement.scrollWidth") > 390
    assert page.evaluate(WIDEST, 390) == [f"table#wide {page.evaluate(RIGHT, '#wide')}"]
    boxed = '<!DOCTYPE html><html><body><div class="box">{}</div></body></html>'
    page.set_content(boxed.format(table.format("")))
    page.add_style_tag(content=".box { overflow-x: auto; } .away { position: absolute; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_content(boxed.format(table.format('<span id="away" class="away">!</span>')))
    page.add_style_tag(content=".box { overflow-x: auto; } .away { position: absolute; }")
    assert page.evaluate("document.documentElement.scrollWidth") > 390
    assert page.evaluate(WIDEST, 390)[0].startswith("span#away.away ")
    page.add_style_tag(content=".box { position: relative; }")  # the site's fix
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
