"""The header and the 5W sub-navigation offer each role only what it may open; the pages it
may not open say what it may (tests/web/test_every_page.py opens every offered link)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.web.conftest import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geography")]

HEADER = re.compile(r'<nav class="main-nav"[^>]*>(.*?)</nav>', re.DOTALL)
SUBNAV = re.compile(r'<p class="subnav">(.*?)</p>', re.DOTALL)
# persona -> the header's links after Indicadores and Metodología ("Mi ETC" aside)
HEADER_LINKS = {
    "anonymous": [],
    "outsider": [],
    "viewer": ["5W", "Alcance", "Emergencias", "Trayectorias", "Resultados"],
    "partner": ["5W", "Alcance", "Emergencias", "Trayectorias", "GEL"],
    "etc_analyst": ["5W", "Alcance", "Necesidades", "Emergencias", "Trayectorias", "GEL"],
    "leg_coordinator": ["5W", "Alcance", "Necesidades", "Emergencias", "Trayectorias", "GEL"],
    "im_officer": ["5W", "Alcance", "Necesidades", "Emergencias", "Trayectorias", "GEL"],
    "cluster_admin": ["5W", "Alcance", "Necesidades", "Emergencias", "Trayectorias", "GEL"],
}
REVIEWERS = {"leg_coordinator", "im_officer", "cluster_admin"}


def link_texts(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>([^<]+)</a>", html)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_header_offers_what_the_role_may_open(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    html = as_persona(persona).get("/metodologia/").content.decode()
    (header,) = HEADER.findall(html)
    offered = [text for text in link_texts(header) if text != "Mi ETC"]
    assert offered == ["Indicadores", "Metodología", *HEADER_LINKS[persona]]


@pytest.mark.parametrize("persona", ["viewer", "partner", "etc_analyst", *sorted(REVIEWERS)])
def test_review_and_completeness_are_offered_to_reviewers_only(
    as_persona: Callable[[str], Client], persona: str
) -> None:
    client = as_persona(persona)
    (subnav,) = SUBNAV.findall(client.get("/5w/").content.decode())
    offered = "Revisión" in link_texts(subnav)
    assert offered == (persona in REVIEWERS)
    assert ("Completitud" in link_texts(subnav)) == offered
    for url in ("/5w/revision/", "/5w/completitud/"):
        response = client.get(url)
        assert response.status_code == (200 if offered else 403)
        if not offered:  # the refusal says what the role may open instead
            assert "Con su rol puede abrir los reportes 5W" in response.content.decode()


def test_a_login_without_organisation_is_told_how_to_get_in(
    as_persona: Callable[[str], Client],
) -> None:
    response = as_persona("outsider").get("/5w/")
    assert response.status_code == 403
    assert "Pida a la administración del clúster" in response.content.decode()
