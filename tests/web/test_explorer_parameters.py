"""The explorer refuses a parameter it cannot use, saying what it accepts (no silent default)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("anio=abc", "«anio» es un año entre 1900 y 2100."),
        ("anio=99999999999999999999", "«anio» es un año entre 1900 y 2100."),
        ("indicador=no_existe", "«indicador» es uno de: "),
        ("nivel=barrio", "«nivel» es uno de: nation, department, etc, municipality, sede."),
        ("area=81;drop", "«area» es un código DANE"),
        ("sexo=x", "«sexo» es uno de: f, m."),
        ("formato=pdf", "«formato» es uno de: csv, csv-excel, xlsx, hxl."),
        ("estimar={{7*7}}", "«estimar» es uno de: linear, carry_forward, dane_ratio."),
    ],
)
def test_a_bad_explorer_parameter_is_refused(client: Client, query: str, says: str) -> None:
    response = client.get(f"/indicadores/?{query}")
    assert response.status_code == 400
    assert says in response.content.decode()


@pytest.mark.django_db
def test_good_parameters_still_open_the_explorer(client: Client, empty_warehouse: object) -> None:
    response = client.get("/indicadores/?indicador=desercion&nivel=department&area=54&anio=2022")
    assert response.status_code == 200
