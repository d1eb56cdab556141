"""The supply page: places, demand and gap ranked by shortfall, within each role's scope of
sede data, the synthetic demo sedes labelled, bad parameters refused saying what is allowed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

from trayecto.warehouse import Warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(sede_warehouse: Warehouse) -> Iterator[None]:
    with override_settings(WAREHOUSE_DIR=sede_warehouse.root):
        yield


def codes(response: object) -> set[str]:
    return {r["municipality_code"] for r in response.context["rows"]}  # type: ignore[attr-defined]


def test_national_roles_see_every_municipality_ranked(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("im_officer").get("/necesidades/oferta/", {"anio": "2025"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) >= 200
    shortfalls = [r["shortfall"] or 0 for r in rows]
    assert shortfalls == sorted(shortfalls, reverse=True)
    html = response.content.decode()
    assert "SINTÉTICO" in html
    top = rows[0]
    assert f"{top['places']:,}".replace(",", ".") in html  # Spanish thousands


def test_a_leg_and_an_etc_analyst_see_only_their_scope(
    as_persona: Callable[[str], Client],
) -> None:
    leg = codes(as_persona("leg_coordinator").get("/necesidades/oferta/"))
    assert leg
    assert {c[:2] for c in leg} <= {"81", "54"}
    assert codes(as_persona("etc_analyst").get("/necesidades/oferta/")) == {"54001"}  # Cúcuta


@pytest.mark.parametrize("persona", ["partner", "viewer"])
def test_roles_without_sede_data_are_refused(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get("/necesidades/oferta/")
    assert response.status_code == 403
    assert "analistas de las ETC" in response.content.decode()


def test_a_group_size_out_of_range_is_refused(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("im_officer").get("/necesidades/oferta/", {"urbana": "0"})
    assert response.status_code == 400
    assert "entre 1 y 60" in response.content.decode()


def test_without_sede_data_the_page_says_what_is_missing(
    as_persona: Callable[[str], Client], tmp_path: Path
) -> None:
    empty = Warehouse(tmp_path / "w")
    with override_settings(WAREHOUSE_DIR=empty.root):
        html = as_persona("im_officer").get("/necesidades/oferta/").content.decode()
    assert "Faltan datos para calcular la oferta" in html
    assert "sede-matricula" in html
