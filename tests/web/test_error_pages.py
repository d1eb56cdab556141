"""Error pages of our own, in both languages, never Django's debug page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("empty_warehouse")
def test_an_unknown_address_gets_our_404_in_the_users_language(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("viewer")
    assert settings.DEBUG is False  # as `trayecto serve` and the demo run
    response = client.get("/esto/no/existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert "URLconf" not in html  # not the debug page listing every URL pattern
    assert 'href="/"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Page not found" in client.get("/esto/no/existe/").content.decode()


def test_the_500_page_renders_without_a_request_or_a_database() -> None:
    html = render_to_string("500.html")
    assert "Error del servidor" in html
    assert "Server error" in html
    assert "{%" not in html
