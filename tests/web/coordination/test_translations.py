"""The LEG pages in English: the catalogue covers every marked string and the compiled .mo
says what the .po says."""

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
from django.urls import reverse

import trayecto.web
from tests.conftest import require

WEB = Path(trayecto.web.__file__).parent
CATALOGUE = WEB / "coordination" / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid "(.*)"\nmsgstr "(.*)"$', re.M)


def po_entries(path: Path) -> dict[str, str]:
    return {k: v for k, v in ENTRY.findall(path.read_text(encoding="utf-8")) if k}


def test_every_marked_string_of_the_leg_pages_has_an_english_translation(
    tmp_path: Path,
) -> None:
    require(shutil.which("xgettext") is not None, "xgettext (gettext) is not installed")
    (tmp_path / "locale").mkdir()
    skip = shutil.ignore_patterns("locale", "migrations", "__pycache__")
    shutil.copytree(WEB / "coordination", tmp_path / "app", ignore=skip)
    shutil.copytree(WEB / "templates" / "coordination", tmp_path / "templates")
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
    with (CATALOGUE / "django.mo").open("rb") as fh:
        shipped = gettext.GNUTranslations(fh)
    entries = po_entries(CATALOGUE / "django.po")
    for msgid, msgstr in entries.items():
        assert shipped.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"')


@pytest.mark.usefixtures("workspaces")
def test_the_workspace_answers_in_the_language_chosen(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("leg_coordinator")
    url = reverse("coordination:workspace", args=["81"])
    assert "Compromisos pendientes" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Open follow-ups" in english
    assert "Compromisos pendientes" not in english
