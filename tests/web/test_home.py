"""The home page answers in Spanish by default."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_is_served_in_spanish(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
