"""Pages with nothing to show yet say what they will show and what fills them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("etc_geography")]

REACH_EMPTY = "Aún no hay personas alcanzadas publicadas para este periodo"
TARGETS_EMPTY = "Aún no hay metas ni personas con necesidad registradas"
PLANS_EMPTY = "No hay actividades planificadas que pueda ver para este año"
PRESENCE_EMPTY = "Ningún socio tiene actividades publicadas con estos filtros"


def test_an_empty_reach_page_says_what_fills_each_table(
    as_persona: Callable[[str], Client],
) -> None:
    html = as_persona("im_officer").get("/5w/alcance/?period=2026-03").content.decode()
    for text in (REACH_EMPTY, TARGETS_EMPTY, PLANS_EMPTY, PRESENCE_EMPTY):
        assert text in html
    assert 'href="/5w/plan/"' in html


def test_the_targets_section_is_not_promised_to_who_may_not_see_it(
    as_persona: Callable[[str], Client],
) -> None:
    """An ETC analyst sees municipalities only: targets are per department."""
    html = as_persona("etc_analyst").get("/5w/alcance/?period=2026-03").content.decode()
    assert REACH_EMPTY in html
    assert TARGETS_EMPTY not in html


def test_completeness_without_a_month_due_says_when_it_is_measured(
    as_persona: Callable[[str], Client],
) -> None:
    html = as_persona("im_officer").get("/5w/completitud/?year=2031").content.decode()
    assert "Ningún reporte esperado en 2031 todavía" in html
    assert "Sin detalle: no hay meses vencidos en este año." in html


def test_no_tokens_yet_says_how_to_make_one(as_persona: Callable[[str], Client]) -> None:
    html = as_persona("partner").get("/cuenta/tokens/").content.decode()
    assert "Aún no tiene tokens. Cree uno con el formulario de arriba" in html
