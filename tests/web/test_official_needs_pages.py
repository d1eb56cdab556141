"""OCHA's education PiN and severity in the indicator explorer (public, as every official
aggregate), with Spanish number formats and the distribution of municipalities by phase."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse


@pytest.fixture
def official_site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("official_site")]


def test_the_national_pin_in_spanish_and_english(client: Client) -> None:
    query = {"indicador": "pin_education", "nivel": "nation"}
    html = client.get("/indicadores/", query).content.decode()
    assert '<td class="num">3.003.411</td>' in html
    assert "jiaf-hno (HNO 2025)" in html
    client.cookies["django_language"] = "en"
    assert '<td class="num">3,003,411</td>' in client.get("/indicadores/", query).content.decode()


def test_department_severity_shows_the_weighted_mean_and_the_phases(client: Client) -> None:
    response = client.get(
        "/indicadores/", {"indicador": "severidad_educacion", "nivel": "department", "area": "81"}
    )
    assert response.status_code == 200
    [arauca] = response.context["rows"]
    assert arauca["area_name"] == "Arauca"
    html = response.content.decode()
    assert arauca["value_text"] in html
    assert "," in arauca["value_text"]  # a weighted mean with a decimal comma
    assert f"municipios por fase: {arauca['distribution_text']}" in html
    assert sum(int(part.split(": ")[1]) for part in arauca["distribution_text"].split(" · ")) == 7
    client.cookies["django_language"] = "en"
    english = client.get(
        "/indicadores/", {"indicador": "severidad_educacion", "nivel": "department", "area": "81"}
    ).content.decode()
    assert "municipalities by phase:" in english


def test_a_municipality_shows_its_phase_without_a_distribution(client: Client) -> None:
    response = client.get(
        "/indicadores/",
        {"indicador": "severidad_educacion", "nivel": "municipality", "area": "05001"},
    )
    [medellin] = response.context["rows"]
    assert (medellin["value_text"], medellin["distribution_text"]) == ("2,00", "")
    assert "municipios por fase" not in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "outsider"])
def test_official_needs_are_public_like_every_official_aggregate(
    client: Client, role: str, django_user_model: type
) -> None:
    anonymous = client.get("/indicadores/", {"indicador": "pin_education", "nivel": "nation"})
    assert anonymous.status_code == 200
    user = django_user_model.objects.create_user(username=role, password="x")  # type: ignore[attr-defined]
    client.force_login(user)
    assert client.get("/metodologia/pin_education/").status_code == 200
