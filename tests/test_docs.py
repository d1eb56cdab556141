"""The user-facing docs stay true to the code: links resolve, every source id and every demo
login is written down (the pages of the URL map: tests/web/test_docs_pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trayecto.importers import registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = [
        target
        for target in LINK.findall(doc.read_text(encoding="utf-8"))
        if not re.match(r"[a-z]+:", target)
        and not (doc.parent / target.split("#")[0]).resolve().exists()
    ]
    assert broken == [], f"{doc.name}: links to missing files {broken}"


def test_every_doc_is_in_the_index() -> None:
    index_path = ROOT / "docs" / "README.md"
    index = index_path.read_text(encoding="utf-8")
    missing = [
        name
        for doc in DOCS
        if doc.is_relative_to(ROOT / "docs") and doc != index_path
        if f"]({(name := str(doc.relative_to(ROOT / 'docs')))})" not in index
    ]
    assert missing == []


def test_architecture_names_every_source_id() -> None:
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [s for s in registry.SOURCES if f"| `{s}` |" not in architecture] == []


def test_readme_lists_every_demo_login() -> None:
    from trayecto.web.demo import DEMO_LOGINS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        login.username
        for login in DEMO_LOGINS
        if f"| `{login.username}` | `{login.password}` |" not in readme
    ]
    assert missing == []


def test_the_docs_count_the_indicators_the_registry_holds() -> None:
    from trayecto.analytics import registry as indicator_registry

    count = len(indicator_registry.indicators())
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`[params]`. {count}\n  indicators:" in architecture
    assert f"`/indicadores/`: {count} indicators" in readme


GUIA = ROOT / "docs" / "guia" / "README.md"
GUIDE = ROOT / "docs" / "guide" / "README.md"
PLACEHOLDER = re.compile(r"<[^>]*>")


def _headings(text: str) -> dict[int, int]:
    levels = [len(m) for m in re.findall(r"^(#+) ", text, flags=re.MULTILINE)]
    return {level: levels.count(level) for level in set(levels)}


def _quoted(text: str, pattern: str) -> set[str]:
    # Code spans wrap across lines in the Markdown; placeholders are translated, the rest is not.
    spans = (" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text))
    return {PLACEHOLDER.sub("<>", span) for span in spans if re.match(pattern, span)}


def test_the_english_guide_has_the_sections_of_the_spanish_one() -> None:
    assert _headings(GUIDE.read_text(encoding="utf-8")) == _headings(
        GUIA.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("pattern", [r"/\S*/$|/.*>/$", r"trayecto "], ids=["paths", "commands"])
def test_the_english_guide_quotes_every_path_and_command_of_the_spanish_one(
    pattern: str,
) -> None:
    spanish = _quoted(GUIA.read_text(encoding="utf-8"), pattern)
    english = _quoted(GUIDE.read_text(encoding="utf-8"), pattern)
    assert spanish, "the Spanish guide quotes none: the pattern is wrong"
    assert sorted(spanish - english) == []
