"""The web app gives `5w` and `jiaf-hno` their loaders when Django starts (apps.py)."""

from __future__ import annotations

from django.apps import apps

from trayecto.importers import registry
from trayecto.web.response import loader


def test_the_response_app_registers_its_two_loaders() -> None:
    assert registry.get("5w").load_function() is loader.load_five_w
    assert registry.get("jiaf-hno").load_function() is loader.load_jiaf_hno
    assert registry.get("5w").reader == "trayecto.web.response.loader:load_five_w"
    assert registry.get("jiaf-hno").reader == "trayecto.web.response.loader:load_jiaf_hno"


def test_starting_the_app_again_is_harmless() -> None:
    apps.get_app_config("response").ready()
    assert registry.get("5w").load_function() is loader.load_five_w
