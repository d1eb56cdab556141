"""Every string of the statistics app has its English translation in the app's catalogue."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import trayecto.web

WEB = Path(trayecto.web.__file__).resolve().parent
CATALOGUE = WEB / "statistics" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
TEMPLATE_STRING = re.compile(r'{%\s*translate\s+"([^"]*)"')
PY_STRING = re.compile(r'\b_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)')


def strings() -> set[str]:
    found: set[str] = set()
    for template in (WEB / "templates" / "statistics").rglob("*.html"):
        found |= set(TEMPLATE_STRING.findall(template.read_text(encoding="utf-8")))
    for module in (WEB / "statistics").glob("*.py"):
        for match in PY_STRING.finditer(module.read_text(encoding="utf-8")):
            parts = re.findall(r'"(?:[^"\\]|\\.)*"', match.group(1))
            found.add("".join(ast.literal_eval(p) for p in parts))
    return found


def test_every_statistics_string_has_an_english_translation() -> None:
    with open(CATALOGUE, "rb") as fh:
        english = gettext.GNUTranslations(fh)
    found = strings()
    assert "SINTÉTICO" in found  # the extraction sees templates and Python code
    # (a catalogue entry, not a changed text: "Total" and "rural" are English too)
    catalogue: dict[object, str] = english._catalog  # type: ignore[attr-defined]
    untranslated = sorted(s for s in found if not catalogue.get(s))
    assert untranslated == [], "add these to the statistics catalogue and compile it"
