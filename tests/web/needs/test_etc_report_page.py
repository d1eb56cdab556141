"""The ETC analysis report from the web: HTML, PDF and XLSX on demand, for those who may
read the ETC's sede data, and clear refusals for the rest."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.official_data import official_warehouse
from tests.web.conftest import CUCUTA_ETC, PERSONAS
from trayecto.analytics import compute

pytestmark = pytest.mark.django_db
ARAUCA_ETC = "3824"


@pytest.fixture(autouse=True)
def official_site(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = official_warehouse(shared_data, tmp_path_factory.getbasetemp()).root


def report(client: Client, etc: str, kind: str, **extra: str) -> object:
    return client.get(
        "/necesidades/informe-etc/", {"etc": etc, "anio": "2025", "formato": kind, **extra}
    )


def test_the_html_report_for_the_leg_of_the_department(
    as_persona: Callable[[str], Client],
) -> None:
    response = report(as_persona("leg_coordinator"), ARAUCA_ETC, "html")
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Arauca (ETC)" in page
    assert "Faltan datos para esta sección" in page


def test_pdf_and_xlsx_are_downloads(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    pdf = report(client, ARAUCA_ETC, "pdf", idioma="en")
    assert pdf["Content-Type"] == "application/pdf"  # type: ignore[index]
    assert pdf.content.startswith(b"%PDF")  # type: ignore[attr-defined]
    assert 'filename="informe_etc_3824_2025.pdf"' in pdf["Content-Disposition"]  # type: ignore[index]
    xlsx = report(client, ARAUCA_ETC, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))  # type: ignore[attr-defined]
    assert "demanda" in book.sheetnames


def test_an_etc_analyst_reads_only_its_own_etc(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("etc_analyst")
    assert report(client, CUCUTA_ETC, "html").status_code == 200  # type: ignore[attr-defined]
    refused = report(client, ARAUCA_ETC, "html")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "el analista de esa ETC" in refused.content.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["partner", "viewer"])
def test_roles_without_sede_data_are_refused(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    assert report(as_persona(persona), ARAUCA_ETC, "html").status_code == 403  # type: ignore[attr-defined]


def test_bad_parameters_say_what_is_allowed(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    bad = report(client, "Arauca", "html")
    assert bad.status_code == 400  # type: ignore[attr-defined]
    assert "código del MEN" in bad.content.decode()  # type: ignore[attr-defined]
    assert report(client, ARAUCA_ETC, "doc").status_code == 400  # type: ignore[attr-defined]
    assert report(client, "99999", "html").status_code == 404  # type: ignore[attr-defined]


def department_report(client: Client, department: str, kind: str, **extra: str) -> object:
    return client.get(
        "/necesidades/informe-etc/",
        {"departamento": department, "anio": "2025", "formato": kind, **extra},
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_department_report_is_for_the_im_team_and_the_departments_leg(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = department_report(as_persona(persona), "81", "html")
    status = response.status_code  # type: ignore[attr-defined]
    if persona in {"im_officer", "cluster_admin", "leg_coordinator"}:  # the LEG of 81 and 54
        assert status == 200
        page = response.content.decode()  # type: ignore[attr-defined]
        assert "Departamento Arauca (81) · 2025" in page
        assert "Municipios del departamento (7)" in page
        assert "Arauca (81001)" in page
    elif persona == "anonymous":
        assert status == 302
    else:
        assert status == 403
        text = response.content.decode()  # type: ignore[attr-defined]
        assert (
            "GLE del departamento" in text
            or "analistas de las ETC" in text
            or (persona == "outsider")
        )


def test_the_department_report_reads_the_department_level(
    as_persona: Callable[[str], Client], shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    client = as_persona("im_officer")
    pdf = department_report(client, "52", "pdf")
    assert pdf.content.startswith(b"%PDF")  # type: ignore[attr-defined]
    assert 'filename="informe_departamento_52_2025.pdf"' in pdf["Content-Disposition"]  # type: ignore[index]
    html = department_report(client, "52", "html").content.decode()  # type: ignore[attr-defined]
    warehouse = official_warehouse(shared_data, tmp_path_factory.getbasetemp())
    [narino] = compute.run(warehouse, compute.Query("pin_education", "department", area="52"))
    assert f"{round(narino['value']):,}".replace(",", ".") in html  # OCHA's 99.050
    assert "Municipios del departamento (64)" in html


def test_etc_and_department_together_or_neither_is_refused(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("im_officer")
    both = client.get(
        "/necesidades/informe-etc/",
        {"etc": ARAUCA_ETC, "departamento": "81", "anio": "2025", "formato": "html"},
    )
    neither = client.get("/necesidades/informe-etc/", {"anio": "2025", "formato": "html"})
    for response in (both, neither):
        assert response.status_code == 400
        assert "no los dos" in response.content.decode()
    unknown = department_report(client, "00", "html")
    assert unknown.status_code == 404  # type: ignore[attr-defined]
