"""docs/architecture.md names every page of the URL map (the other doc checks:
tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith(("admin/", "i18n/")):  # Django's own pages
                found += routes(p.url_patterns, route)
        else:
            found.append(route)
    return found


def test_architecture_names_every_page() -> None:
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    # A page's fixed part, up to its first parameter (`/sede/`, `/5w/plan/`), is written there.
    fixed = {"/" + re.split(r"[<(]", r.lstrip("^"))[0] for r in routes(get_resolver().url_patterns)}
    assert sorted(f for f in fixed if f"`{f}" not in architecture) == []
