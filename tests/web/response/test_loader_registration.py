"""The web app gives `5w` its loader when Django starts (apps.py); OCHA's `jiaf-hno` is a
warehouse fact the core loads itself."""

from __future__ import annotations

from django.apps import apps

from trayecto.importers import jiaf_hno, registry
from trayecto.web.response import loader


def test_the_response_app_registers_the_5w_loader() -> None:
    assert registry.get("5w").load_function() is loader.load_five_w
    assert registry.get("5w").reader == "trayecto.web.response.loader:load_five_w"
    assert registry.get("jiaf-hno").reader == "trayecto.importers.jiaf_hno:load"
    assert registry.get("jiaf-hno").load_function() is jiaf_hno.load


def test_starting_the_app_again_is_harmless() -> None:
    apps.get_app_config("response").ready()
    assert registry.get("5w").load_function() is loader.load_five_w
