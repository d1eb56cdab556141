"""Entering one affected sede in the real Chromium at 390 px: the form, a refusal that says
what to fix, and the sede in the event's table afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.emergencies.test_browser_event import SCREENSHOTS, WIDER_THAN_THE_SCREEN
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create
from trayecto.web.emergencies.models import AffectedSede, Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}}


def test_a_sede_entered_at_390_px(page: Page, live_server: Any, earthquake: Event) -> None:
    demo_accounts_create()
    im = next(login for login in DEMO_LOGINS if login.role == "im_officer")
    page.goto(f"{live_server.url}/accounts/login/?next=/emergencias/{earthquake.pk}/")
    page.fill("#id_username", im.username)
    page.fill("#id_password", im.password)
    page.click("form.login-form button[type=submit]")
    page.click("#sede-create")
    expect(page.locator("h1")).to_have_text("Registrar una sede afectada")
    page.fill("#id_codigo_dane", "105001000001")  # department 05: not the municipality's
    page.fill("#id_sede", "SEDE ANEXA AL CARRASQUILLA INDUSTRIAL")
    page.select_option("#id_municipio", "27001")
    page.select_option("#id_dano", "partial")
    page.select_option("#id_albergue", "si")
    page.click("#sede-form button[type=submit]")
    expect(page.locator("#sede-form .refusal")).to_contain_text("son el departamento 05")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sede-form-390.png"), full_page=True)
    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    page.fill("#id_codigo_dane", "127001003453")
    page.click("#sede-form button[type=submit]")
    expect(page.locator("#sede-table")).to_contain_text("SEDE ANEXA AL CARRASQUILLA INDUSTRIAL")
    expect(page.locator("#sede-table")).to_contain_text("Quibdó (27001)")
    expect(page.locator("#figures")).to_contain_text("1")
    assert AffectedSede.objects.get(event=earthquake).used_as_shelter is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
