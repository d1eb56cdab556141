"""The ETPV plan's dashboard shows the indicators computed from the SIMAT student files per
ETC (analytics/etpv.py), on the demo's synthetic students of Arauca (seed 2025) and on the
trajectory tests' small files of the same generator (a real count from 1 to 4): the figures
of `etc_documents` in Spanish for the roles with school-level access to the ETC, small counts
suppressed for the others (web/trajectory/access.py), an empty state that says what to
import, and a bad year refused saying which years are loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.support.schools import publish_geography_with_etc
from tests.support.students import imported_student_years
from trayecto.analytics.etpv import etc_documents
from trayecto.domain import trajectory as rules
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.importers.synthetic_students import ARAUCA, load_synthetic_students
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import plan_services
from trayecto.web.trajectory import selectors

pytestmark = pytest.mark.django_db
MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
TITLE = "Indicadores ETPV calculados de SIMAT"
# Arauca's ETC (3824): the LEG coordinator (81 and 54) and the IM team see its sedes; the
# partner and Cúcuta's analyst do not.
EXACT = {"leg_coordinator": True, "im_officer": True, "partner": False, "etc_analyst": False}


@pytest.fixture(scope="module")
def demo_students(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("etpv-page") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse).refused
    assert not any(r.refused for r in load_synthetic_students(warehouse, groups=(ARAUCA,)))
    return warehouse


@pytest.fixture
def students(demo_students: Warehouse) -> Iterator[Warehouse]:
    with override_settings(WAREHOUSE_DIR=demo_students.root):
        yield demo_students


@pytest.fixture
def url(db: None) -> str:
    plan_services.etpv_plan_ensure()
    return reverse("coordination:plan", args=[plan_services.ETPV_CODE])


def spanish(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@pytest.mark.parametrize("persona", sorted(EXACT))
def test_each_role_sees_the_etcs_figures_as_its_access_allows(
    persona: str, as_persona: Callable[[str], Client], students: Warehouse, url: str
) -> None:
    response = as_persona(persona).get(url)
    assert response.status_code == 200
    section = response.context["etpv_students"]
    [computed] = etc_documents(students.connect())  # the latest year loaded: 2025
    assert (section.year, section.years) == (2025, [2023, 2024, 2025])
    [row] = section.rows
    assert (row["etc_code"], row["exact"]) == ("3824", EXACT[persona])
    shown = computed.as_dict() if EXACT[persona] else selectors.suppressed_etc_documents(
        computed.as_dict()
    )  # fmt: skip
    assert {k: row[k] for k in shown} == shown
    html = response.content.decode()
    assert TITLE in html
    assert "Arauca (ETC) <small>3824</small>" in html  # name, code beside
    assert 'name="anio"' in html  # three years: a selector
    assert "SINTÉTICO" in html
    if EXACT[persona]:
        assert f'<td class="num">{spanish(computed.venezuelan)}</td>' in html
        assert f'<td class="num">{spanish(computed.nes)}</td>' in html
        share = f"{computed.ppt_share_pct:.1f}".replace(".", ",")
        assert f'<td class="num">{share} %</td>' in html  # 63,3 %


@pytest.fixture(scope="module")
def small_students(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """The trajectory tests' small files, made by the demo's generator (SINTÉTICO): a few
    sedes of Arauca (ETC 3824) and one of Cúcuta (ETC 3802), whose 2025 grade 11 holds 2
    Venezuelan students without a PPT."""
    return imported_student_years(tmp_path_factory.mktemp("etpv-small"), shared_data)


# Cúcuta's ETC (3802): its analyst and the LEG coordinator (81 and 54) see its sedes
SEES_CUCUTA = {"leg_coordinator", "im_officer", "etc_analyst"}


@pytest.mark.parametrize("persona", sorted(EXACT))
def test_small_counts_are_suppressed_for_roles_without_school_level_access(
    persona: str, as_persona: Callable[[str], Client], small_students: Warehouse, url: str
) -> None:
    with override_settings(WAREHOUSE_DIR=small_students.root):
        response = as_persona(persona).get(url)
    [cucuta, arauca] = etc_documents(small_students.connect())  # by code
    assert (cucuta.etc_code, cucuta.grade_11_without_ppt) == ("3802", 2)
    rows = {r["etc_code"]: r for r in response.context["etpv_students"].rows}
    assert rows["3802"]["exact"] is (persona in SEES_CUCUTA)
    cells = response.content.decode().split('data-etc="3802">')[1].split("</tr>")[0]
    assert "Cúcuta" in cells
    last = cells.rsplit("<td", 1)[1]
    if persona in SEES_CUCUTA:
        assert rows["3802"]["grade_11_without_ppt"] == 2
        assert last == ' class="num">2</td>'
    else:
        assert rows["3802"]["grade_11_without_ppt"] == rules.SUPPRESSED
        assert last == ' class="num">&lt;5</td>'
        # no count of the documents is small: the sum hides nothing more
        assert rows["3802"]["venezuelan"] == cucuta.venezuelan
        assert rows["3802"]["ppt_share_pct"] == cucuta.ppt_share_pct
    assert rows["3824"]["venezuelan"] == arauca.venezuelan


def test_a_year_asked_for_shows_that_year(
    as_persona: Callable[[str], Client], students: Warehouse, url: str
) -> None:
    response = as_persona("im_officer").get(url, {"anio": "2023"})
    [computed] = etc_documents(students.connect(), 2023)
    [row] = response.context["etpv_students"].rows
    assert row["venezuelan"] == computed.venezuelan
    assert '<option value="2023" selected>' in response.content.decode()


@pytest.mark.parametrize("year", ["2022", "dos mil", "1999"])
def test_a_bad_year_is_refused_saying_which_years_are_loaded(
    as_persona: Callable[[str], Client], students: Warehouse, url: str, year: str
) -> None:
    response = as_persona("partner").get(url, {"anio": year})
    assert response.status_code == 400
    html = response.content.decode()
    if year == "2022":
        assert "hay archivos de estudiantes de los años 2023, 2024, 2025" in html
    else:
        assert "El año es un número entre 2000 y 2100" in html


@pytest.mark.usefixtures("empty_warehouse")
def test_without_student_files_the_section_says_what_to_import(
    as_persona: Callable[[str], Client], url: str
) -> None:
    response = as_persona("im_officer").get(url)
    assert response.status_code == 200
    assert response.context["etpv_students"].year is None
    html = response.content.decode()
    assert TITLE in html
    assert "<code>trayecto import simat-estudiantes ARCHIVO</code>" in html
    assert "<code>docs/formats/simat-estudiantes.md</code>" in html
    assert 'class="data etpv-documents"' not in html


def test_other_plans_have_no_such_section(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    plan_services.plan_create(code="otro", name="Otro plan", user=None)
    response = as_persona("cluster_admin").get(reverse("coordination:plan", args=["otro"]))
    assert response.context["etpv_students"] is None
    assert TITLE not in response.content.decode()


def test_the_section_in_english(
    as_persona: Callable[[str], Client], students: Warehouse, url: str
) -> None:
    client = as_persona("im_officer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url).content.decode()
    [computed] = etc_documents(students.connect())
    assert "ETPV indicators computed from SIMAT" in html
    assert "Share with PPT" in html
    assert f'<td class="num">{computed.venezuelan:,}</td>' in html  # 4,930
    assert f'<td class="num">{computed.ppt_share_pct:.1f} %</td>' in html
