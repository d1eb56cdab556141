"""The needs pages on the real official data: who sees and who runs, a run stored with its
parameters and warehouse version, OCHA's figures beside ours, two runs compared, bad
parameters refused saying what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from tests.web.conftest import PERSONAS
from trayecto.web.needs.models import NeedsRun

pytestmark = pytest.mark.django_db

READERS = {"etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}
RUNNERS = {"im_officer", "cluster_admin"}
GOOD = {
    "name": "Umbrales por defecto",
    "year": "2022",
    "access": "5; 10; 20; 30",
    "learning_conditions": "25; 30; 35; 40",
    "aggravating": "2; 5; 10; 20",
    "protected_environment": "1; 5; 10; 20",
    "aggravating_raises_from": "4",
    "learning_in_need_from": "3",
    "migrant_school_age_share": "",
    "migrant_out_of_school_rate": "",
}


@pytest.fixture(autouse=True)
def official_site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_the_runs_or_is_told_why_not(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get("/necesidades/")
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in READERS:
        assert response.status_code == 200
        html = response.content.decode()
        assert ("Nuevo cálculo" in html) == (persona in RUNNERS)
    else:
        assert response.status_code == 403
        assert "explorador de indicadores" in response.content.decode() or persona == "outsider"


@pytest.mark.parametrize("persona", sorted(READERS - RUNNERS))
def test_only_national_roles_run_a_calculation(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).post("/necesidades/", GOOD)
    assert response.status_code == 403
    assert "consultar los cálculos guardados" in response.content.decode()
    assert not NeedsRun.objects.exists()


def test_a_run_is_stored_and_shown_beside_ochas(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    response = client.post("/necesidades/", GOOD)
    assert response.status_code == 302
    run = NeedsRun.objects.get()
    assert response["Location"] == f"/necesidades/{run.pk}/"
    assert run.warehouse_version >= 1
    assert run.parameters["access"] == [5.0, 10.0, 20.0, 30.0]
    assert round(run.totals["official_pin"]) == 3_003_411
    assert "teachers" in run.missing
    page = client.get(f"/necesidades/{run.pk}/", {"departamento": "54"})
    assert page.status_code == 200
    html = page.content.decode()
    cucuta = next(r for r in page.context["rows"] if r["code"] == "54001")
    assert "San José de Cúcuta" in html
    assert f"{round(cucuta['official_pin']):,}".replace(",", ".") in html  # 42.489
    assert "Población de 5 a 16 años (DANE)" in html
    assert "sin datos todavía" in html  # protected environment, students per teacher
    assert len(page.context["rows"]) == 40  # Norte de Santander's municipalities
    client.cookies["django_language"] = "en"
    english = client.get(f"/necesidades/{run.pk}/", {"departamento": "54"}).content.decode()
    assert f"{round(cucuta['official_pin']):,}" in english  # 42,489
    assert "Population aged 5 to 16 (DANE)" in english


def test_two_runs_are_compared_parameter_by_parameter(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("cluster_admin")
    client.post("/necesidades/", GOOD)
    client.post("/necesidades/", {**GOOD, "name": "Acceso estricto", "access": "2; 4; 8; 16"})
    first, second = NeedsRun.objects.order_by("pk")
    response = client.get(
        "/necesidades/comparar/", {"a": first.pk, "b": second.pk, "departamento": "81"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "5; 10; 20; 30 → 2; 4; 8; 16" in html
    rows = response.context["rows"]
    assert len(rows) == 7  # Arauca
    assert all(r["severity_b"] >= r["severity_a"] for r in rows if r["severity_a"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("access", "5; 4; 20; 30", "Cuatro números crecientes"),
        ("migrant_school_age_share", "25", "Una proporción entre 0 y 1"),
        ("migrant_out_of_school_rate", "mucho", "Un porcentaje entre 0 y 100"),
        ("year", "1990", "2012"),
    ],
)
def test_a_parameter_out_of_range_is_refused_saying_what_is_allowed(
    as_persona: Callable[[str], Client], field: str, value: str, message: str
) -> None:
    response = as_persona("im_officer").post("/necesidades/", {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NeedsRun.objects.exists()


def test_a_bad_department_or_run_is_a_clear_refusal(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    client.post("/necesidades/", GOOD)
    run = NeedsRun.objects.get()
    bad = client.get(f"/necesidades/{run.pk}/", {"departamento": "Arauca"})
    assert bad.status_code == 400
    assert "código DANE de dos dígitos" in bad.content.decode()
    assert client.get("/necesidades/comparar/", {"a": run.pk, "b": 999}).status_code == 404
    assert client.get("/necesidades/comparar/", {"a": "x", "b": 1}).status_code == 400
