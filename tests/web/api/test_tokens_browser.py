"""The API tokens page on a phone: the new token fits the screen and can be revoked."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from trayecto.web.api.models import ApiToken
from trayecto.web.demo import DEMO_LOGINS, demo_accounts_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_is_created_shown_once_and_revoked_at_390_px(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    demo_accounts_create()
    partner = next(login for login in DEMO_LOGINS if login.role == "partner")
    page.goto(f"{live_server.url}/accounts/login/?next=/cuenta/tokens/")
    page.fill("#id_username", partner.username)
    page.fill("#id_password", partner.password)
    page.click("form.login-form button[type=submit]")
    expect(page.get_by_role("heading", name="Tokens de API")).to_be_visible()
    page.fill("#id_name", "Power BI")
    page.fill("#id_expires_days", "90")
    page.get_by_role("button", name="Crear token").click()
    token = page.locator("code.token")
    expect(token).to_be_visible()
    box = token.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert token.inner_text().startswith("tyo_")
    page.goto(f"{live_server.url}/cuenta/tokens/")
    expect(page.locator("code.token")).to_have_count(0)  # shown once
    page.get_by_role("button", name="Revocar").click()
    expect(page.get_by_text("revocado")).to_be_visible()
    assert ApiToken.objects.get().revoked_at is not None
