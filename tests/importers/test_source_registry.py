"""The source registry is one module: importers/ loaders named as "module:function", the
loaders of sources that write the operational database registered by the web app."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trayecto.domain.problems import ImportReport
from trayecto.importers import registry
from trayecto.warehouse import Warehouse

WEB_LOADED = ("5w", "activityinfo")


def test_every_string_loader_is_an_importers_function() -> None:
    named = [s for s in registry.SOURCES.values() if s.loader]
    assert {s.id for s in registry.SOURCES.values()} - {s.id for s in named} == set(WEB_LOADED)
    for source in named:
        assert source.loader.startswith("trayecto.importers."), source.id
        assert callable(source.load_function()), source.id
        assert source.reader == source.loader


def test_a_loader_string_outside_importers_is_refused() -> None:
    stray = replace(registry.get("divipola"), id="stray", loader="trayecto.web.x:load")
    with pytest.raises(ValueError, match=r"lives in trayecto\.importers\.\*"):
        registry.register(stray)
    assert "stray" not in registry.SOURCES


def test_a_web_loaded_source_without_its_loader_says_who_registers_it() -> None:
    unregistered = replace(registry.get("5w"), id="not-registered")
    with pytest.raises(registry.LoaderMissing, match="loaded by the web app: start Django"):
        unregistered.load_function()
    assert unregistered.reader == "registered by the web app"


def other_loader(path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport:
    return ImportReport(source="other", dry_run=dry_run)


def test_register_loader_refuses_a_second_loader_or_a_named_source() -> None:
    with pytest.raises(ValueError, match="another loader is registered already"):
        registry.register_loader("5w", other_loader)
    with pytest.raises(ValueError, match="already has its loader"):
        registry.register_loader("divipola", other_loader)
    with pytest.raises(KeyError, match="unknown source 'nope'"):
        registry.register_loader("nope", other_loader)
