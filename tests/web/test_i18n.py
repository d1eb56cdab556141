"""Spanish first, English available: every UI string has its English translation, compiled."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ROOT, require

LOCALE = ROOT / "src" / "trayecto" / "web" / "locale" / "en" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (the plain subset Django's makemessages writes)."""
    entries: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)
    for msgid, msgstr in pattern.findall(text):
        key = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgid)).replace('\\"', '"')
        value = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgstr)).replace('\\"', '"')
        if key:
            entries[key] = value
    return entries


def test_every_message_has_an_english_translation() -> None:
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 50
    untranslated = [k for k, v in entries.items() if not v]
    assert untranslated == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with open(LOCALE / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, msgstr in po_entries(LOCALE / "django.po").items():
        assert compiled.gettext(msgid) == msgstr


def test_no_ui_string_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    """makemessages over the web package finds nothing the committed .po lacks."""
    require(
        shutil.which("xgettext") is not None, "gettext is not installed (apt-get install gettext)"
    )
    web = tmp_path / "web"
    shutil.copytree(
        ROOT / "src" / "trayecto" / "web",
        web,
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "locale"),
    )
    # makemessages writes into ./locale when it exists (else into the real LOCALE_PATHS).
    (web / "locale").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trayecto.web.config.settings",
        "TRAYECTO_HOME": str(tmp_path / "home"),
    }
    # -P: the copied tree has a `statistics` package that would shadow the standard library.
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=web,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = po_entries(web / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert sorted(set(fresh) - set(known_messages())) == []


def known_messages() -> dict[str, str]:
    """Every English catalogue of the web package: the project's and each app's own."""
    catalogues = sorted((ROOT / "src" / "trayecto" / "web").glob("**/locale/en/LC_MESSAGES/*.po"))
    return {k: v for path in catalogues for k, v in po_entries(path).items()}


@pytest.mark.django_db
@pytest.mark.usefixtures("geography")
def test_the_site_speaks_spanish_by_default(as_persona: Callable[[str], Client]) -> None:
    html = as_persona("viewer").get("/").content.decode()
    assert 'lang="es"' in html
    assert "Departamentos priorizados" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("geography")
def test_the_language_switch_turns_the_site_english(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("viewer")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/departamento/54/"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'lang="en"' in html
    assert "Certified territorial entities (ETC)" in html
    assert "Entidades territoriales certificadas" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("geography")
def test_the_map_tooltip_titles_follow_the_language(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("viewer")
    assert '"title": "C\\u00f3digo DANE"' in client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '"title": "DANE code"' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize("cookie", [None, "xx"])
def test_an_english_browser_still_gets_spanish_until_the_user_switches(
    as_persona: Callable[[str], Client], cookie: str | None
) -> None:
    client = as_persona("viewer")
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="es"' in html
    assert "Departamentos priorizados" in html
