"""The 5W pages in English: the catalogue covers every marked string, the compiled .mo is
the .po, and the dashboard switched to English in the real browser reads in English."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

import trayecto.web
from tests.conftest import require, which
from tests.web.factories import PASSWORD

WEB = Path(trayecto.web.__file__).parent
CATALOGUE = WEB / "response" / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid "(.*)"\nmsgstr "(.*)"$', re.M)


def po_entries(path: Path) -> dict[str, str]:
    return {k: v for k, v in ENTRY.findall(path.read_text(encoding="utf-8")) if k}


def test_every_marked_string_of_the_5w_pages_has_an_english_translation(tmp_path: Path) -> None:
    """Extract the strings again as makemessages does (the app and its templates) and find
    each one translated in the catalogue."""
    require(which("xgettext") is not None, "xgettext (gettext) is not installed")
    (tmp_path / "locale").mkdir()
    # copies, not links: makemessages would otherwise update the app's own catalogue
    skip = shutil.ignore_patterns("locale", "migrations", "__pycache__")
    shutil.copytree(WEB / "response", tmp_path / "app", ignore=skip)
    shutil.copytree(WEB / "templates" / "response", tmp_path / "templates")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings",
           "TRAYECTO_HOME": str(tmp_path / "home")}  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location",
         "--no-wrap"],
        cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    extracted = po_entries(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    ours = po_entries(CATALOGUE / "django.po")
    assert len(extracted) > 100
    assert sorted(set(extracted) - set(ours)) == []
    assert [k for k, v in ours.items() if not v] == []


def test_the_shipped_mo_is_the_po() -> None:
    """The .mo Django reads says what the .po says (rebuild it with msgfmt after editing)."""
    with (CATALOGUE / "django.mo").open("rb") as fh:
        shipped = gettext.GNUTranslations(fh)
    entries = po_entries(CATALOGUE / "django.po")
    for msgid, msgstr in entries.items():
        assert shipped.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"')
    assert len(entries) > 100


def test_the_dashboard_answers_in_the_language_chosen(people: dict[str, User]) -> None:
    """The language switch sets Django's language cookie; the 5W pages follow it."""
    client = Client()
    client.force_login(people["partner"])
    spanish = client.get(reverse("response:dashboard")).content.decode()
    assert "Personas alcanzadas" in spanish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("response:dashboard")).content.decode()
    assert "People reached" in english
    assert "Personas alcanzadas" not in english
    plans = client.get(reverse("response:plans")).content.decode()
    assert "Add or change a planned activity" in plans


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A browser of a user in Colombia: it asks for Spanish first."""
    return {**browser_context_args, "locale": "es-CO"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_switches_the_dashboard_to_english_in_the_browser(
    page: Any, live_server: Any, trayecto_home: Path, people: dict[str, User]
) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "socio")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}{reverse('response:dashboard')}?period=2026-03")
    assert "Personas alcanzadas" in page.inner_text("h1")
    page.click(".language-switch button[value=en]")
    page.wait_for_load_state()
    assert page.inner_text("h1").startswith("People reached")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    for english in ("Planned activities", "Filter", "Cumulative since January",
                    "No published figures for this period yet."):  # fmt: skip
        assert english in body, english
    assert "Filtrar" not in body
    page.click("text=Planned activities")
    assert "Planned activities" in page.inner_text("h1")
    assert "Add or change a planned activity" in page.inner_text("body")
