"""The web app gives `5w` its loader when Django starts (apps.py); OCHA's `jiaf-hno` is a
warehouse fact the core loads itself."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

from trayecto.importers import jiaf_hno, registry
from trayecto.warehouse import Warehouse
from trayecto.web.response import loader


def test_the_response_app_registers_the_5w_loader() -> None:
    assert registry.get("5w").load_function() is loader.load_five_w
    assert registry.get("5w").reader == "trayecto.web.response.loader:load_five_w"
    assert registry.get("jiaf-hno").reader == "trayecto.importers.jiaf_hno:load"
    assert registry.get("jiaf-hno").load_function() is jiaf_hno.load


def test_starting_the_app_again_is_harmless() -> None:
    apps.get_app_config("response").ready()
    assert registry.get("5w").load_function() is loader.load_five_w


def test_both_loaders_refuse_a_warehouse_without_municipalities(tmp_path: Path) -> None:
    """Places cannot be matched without the geography: the file is refused, named, and the
    message says what to import first (nothing is read or stored)."""
    path = tmp_path / "informe_5w.xlsx"
    path.write_bytes(b"")
    empty = Warehouse(tmp_path / "warehouse")
    for load, source in (
        (lambda: loader.load_five_w(path, empty, dry_run=False), "5w"),
        (lambda: loader.load_activityinfo(path, empty, dry_run=True), "activityinfo"),
    ):
        report = load()
        assert report.refused
        assert report.source == source
        assert [(p.row, p.value, p.message) for p in report.problems] == [
            (0, "informe_5w.xlsx", loader.NO_GEOGRAPHY)
        ]
        assert "trayecto import divipola" in report.problems[0].message
