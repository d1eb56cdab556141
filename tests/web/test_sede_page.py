"""The page of one sede: school-level data for the roles that may see it, in their territory.

Real geography, real MEN 2025 totals, synthetic sedes generated from them (labelled) and the
real emergency list of the August 2026 Chocó earthquake.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings

from tests.support.schools import publish_geography_with_etc
from trayecto.importers import affected_schools, men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.statistics.explorer import PAGE_SIZE

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
AFFECTED = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
AFFECTED_SEDE = "127001003453"  # SEDE ANEXA AL CARRASQUILLA INDUSTRIAL, Quibdó (first row)
Role = Membership.Role


@pytest.fixture(scope="module")
def school_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = Warehouse(tmp_path_factory.mktemp("sede-page") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse, seed=7).refused
    assert not affected_schools.load(shared_data / AFFECTED, warehouse).refused
    return warehouse.root


@pytest.fixture(scope="module")
def synthetic_sede(school_warehouse: Path) -> dict[str, str]:
    """A synthetic sede of Quibdó (27001), with its ETC."""
    warehouse = Warehouse(school_warehouse)
    sedes = warehouse.read("sede").to_pylist()
    sede = next(
        s for s in sedes if s["source"] == "synthetic" and s["municipality_code"] == "27001"
    )
    etc = {
        r["municipality_code"]: str(r["etc_code"])
        for r in sorted(warehouse.read("municipality_etc").to_pylist(), key=lambda r: r["year"])
    }
    return {"code": sede["sede_code"], "etc": etc["27001"], "name": sede["sede_name"]}


@pytest.fixture
def sede_settings(settings: Settings, school_warehouse: Path) -> Settings:
    settings.WAREHOUSE_DIR = school_warehouse
    return settings


def login(
    client: Client, role: str, *, departments: list[str] | None = None, etc: str = ""
) -> Client:
    user = User.objects.create_user(f"{role}-{etc}-{'-'.join(departments or [])}", password="x")
    organization, _ = Organization.objects.get_or_create(
        code="unicef", defaults={"name": "UNICEF", "type": Organization.Type.UN}
    )
    Membership.objects.create(
        user=user,
        organization=organization,
        role=role,
        department_codes=departments or [],
        etc_code=etc,
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str]
) -> None:
    response = client.get(f"/sede/{synthetic_sede['code']}/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_never_see_school_level_pages(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str], role: str
) -> None:
    login(client, role, departments=["27"])
    assert client.get(f"/sede/{synthetic_sede['code']}/").status_code == 403
    assert client.get(f"/sede/{AFFECTED_SEDE}/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CLUSTER_ADMIN, Role.IM_OFFICER])
def test_national_roles_see_any_sede(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str], role: str
) -> None:
    login(client, role)
    response = client.get(f"/sede/{synthetic_sede['code']}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert synthetic_sede["name"] in html
    assert 'id="synthetic-notice"' in html
    assert "SINTÉTICO" in html
    page = response.context["page"]
    assert page.synthetic
    assert page.municipality_name.upper().startswith("QUIBD")
    assert page.etc_code == synthetic_sede["etc"]
    # enrolment by grade × sex × nationality adds up to the sede's enrolment
    assert page.grades
    assert sum(g["total"] for g in page.grades) == page.sede["enrolment"]
    assert sum(sum(g["values"]) for g in page.grades) == page.sede["enrolment"]
    shown = [item["indicator"].code for item in page.indicators]
    assert shown == [
        "desercion_sede",
        "aprobacion_sede",
        "extraedad",
        "estudiantes_venezolanos",
        "estudiantes_por_docente",
    ]
    ratio = page.indicators[-1]["latest"]
    assert ratio["value"] == pytest.approx(page.sede["enrolment"] / page.sede["teachers"], 1e-3)
    assert 'id="sede-no-coverage"' in html
    assert 'id="sede-no-emergency"' in html


@pytest.mark.django_db
def test_a_sede_of_the_emergency_list_shows_it_with_enrolment_by_level(
    client: Client, sede_settings: Settings
) -> None:
    login(client, Role.IM_OFFICER)
    response = client.get(f"/sede/{AFFECTED_SEDE}/")
    assert response.status_code == 200
    page = response.context["page"]
    assert not page.synthetic
    assert "SINTÉTICO" not in response.content.decode()
    (emergency,) = page.emergencies
    assert emergency["enrolment_total"] == 2975
    assert emergency["enrolment_primary"] == 1497
    assert emergency["severity"] == 3
    assert page.sede["teachers"] == 51
    assert 'id="sede-emergencies"' in response.content.decode()


@pytest.mark.django_db
def test_leg_coordinators_see_the_sedes_of_their_departments_only(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str]
) -> None:
    login(client, Role.LEG_COORDINATOR, departments=["27"])
    assert client.get(f"/sede/{synthetic_sede['code']}/").status_code == 200
    other = Client()
    login(other, Role.LEG_COORDINATOR, departments=["81", "54"])
    assert other.get(f"/sede/{synthetic_sede['code']}/").status_code == 403


@pytest.mark.django_db
def test_etc_analysts_see_the_sedes_of_their_etc_only(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str]
) -> None:
    login(client, Role.ETC_ANALYST, etc=synthetic_sede["etc"])
    assert client.get(f"/sede/{synthetic_sede['code']}/").status_code == 200
    other = Client()
    login(other, Role.ETC_ANALYST, etc="99999")
    assert other.get(f"/sede/{synthetic_sede['code']}/").status_code == 403


@pytest.mark.django_db
def test_unknown_sede_is_not_found(client: Client, sede_settings: Settings) -> None:
    login(client, Role.IM_OFFICER)
    assert client.get("/sede/199999999999/").status_code == 404
    assert client.get("/sede/12345/").status_code == 404


@pytest.mark.django_db
def test_the_explorer_links_sede_codes_to_their_page(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str]
) -> None:
    login(client, Role.IM_OFFICER)
    query = {"indicador": "desercion_sede", "nivel": "sede", "area": "27001"}
    response = client.get("/indicadores/", query)
    assert response.status_code == 200
    codes = [r["area_code"] for r in response.context["result"].rows]
    page = codes.index(synthetic_sede["code"]) // PAGE_SIZE + 1  # the table shows it there
    response = client.get("/indicadores/", {**query, "pagina": page})
    assert f'href="/sede/{synthetic_sede["code"]}/"' in response.content.decode()


@pytest.mark.django_db
def test_the_sede_page_in_english_is_in_english(
    client: Client, sede_settings: Settings, synthetic_sede: dict[str, str]
) -> None:
    login(client, Role.IM_OFFICER)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/sede/{synthetic_sede['code']}/").content.decode()
    assert "SYNTHETIC" in html
    assert "SINTÉTICO" not in html
    assert "Enrolment by grade, sex and nationality" in html
    assert "Matrícula por grado" not in html
    assert "Coverage (net or gross) is not shown per sede" in html
    assert "Students per teacher" in html


EXPLORER = "/indicadores/?indicador=desercion_sede&nivel=sede"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "departments", "own_etc", "area", "status"),
    [
        (Role.IM_OFFICER, [], False, "", 200),
        (Role.CLUSTER_ADMIN, [], False, "54", 200),
        (Role.LEG_COORDINATOR, ["27"], False, "27001", 200),
        (Role.LEG_COORDINATOR, ["27"], False, "27", 200),
        (Role.LEG_COORDINATOR, ["81"], False, "27001", 403),
        (Role.LEG_COORDINATOR, ["27"], False, "", 403),
        (Role.ETC_ANALYST, [], True, "27001", 200),
        (Role.ETC_ANALYST, [], True, "27", 403),  # a department may hold several ETCs
        (Role.ETC_ANALYST, [], False, "27001", 403),
        (Role.PARTNER, [], False, "27001", 403),
        (Role.VIEWER, [], False, "27001", 403),
    ],
)
def test_the_explorer_shows_sede_rows_only_within_the_users_territory(
    client: Client,
    sede_settings: Settings,
    synthetic_sede: dict[str, str],
    role: str,
    departments: list[str],
    own_etc: bool,
    area: str,
    status: int,
) -> None:
    etc = synthetic_sede["etc"] if own_etc else "9999"
    login(client, role, departments=departments, etc=etc)
    for suffix in ("", "&formato=csv"):
        response = client.get(f"{EXPLORER}&area={area}{suffix}")
        assert response.status_code == status
        if status == 200 and area.startswith("27"):
            # the download holds every row; the page, one page of the rows it computed
            shown = (
                response.getvalue().decode()
                if response.streaming
                else " ".join(r["area_code"] for r in response.context["result"].rows)
            )
            assert synthetic_sede["code"] in shown


@pytest.mark.django_db
def test_the_explorer_sends_anonymous_visitors_to_log_in_for_sede_rows(
    client: Client, sede_settings: Settings
) -> None:
    response = client.get(f"{EXPLORER}&area=27001")
    assert response.status_code == 302
    assert "login" in response["Location"]
    # Aggregates stay public.
    assert (
        client.get("/indicadores/?indicador=desercion&nivel=municipality&area=27").status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "departments", "own_etc", "status"),
    [
        (Role.ETC_ANALYST, [], True, 200),  # all the sedes of its ETC at once
        (Role.ETC_ANALYST, [], False, 403),  # another ETC's
        (Role.LEG_COORDINATOR, ["27"], False, 200),  # an ETC of its department
        (Role.LEG_COORDINATOR, ["81"], False, 403),
        (Role.IM_OFFICER, [], False, 200),
        (Role.PARTNER, [], False, 403),
    ],
)
def test_the_explorer_opens_all_the_sedes_of_an_etc(
    client: Client,
    sede_settings: Settings,
    school_warehouse: Path,
    synthetic_sede: dict[str, str],
    role: str,
    departments: list[str],
    own_etc: bool,
    status: int,
) -> None:
    etc = synthetic_sede["etc"]
    login(client, role, departments=departments, etc=etc if own_etc else "9999")
    response = client.get(f"{EXPLORER}&area={etc}&formato=csv")
    assert response.status_code == status
    if status != 200:
        return
    text = response.getvalue().decode().lstrip("\ufeff")
    shown = {row["codigo_area"] for row in csv.DictReader(io.StringIO(text))}
    warehouse = Warehouse(school_warehouse)
    links = warehouse.read("municipality_etc").to_pylist()
    latest = max(r["year"] for r in links)
    served = {
        r["municipality_code"] for r in links if r["year"] == latest and str(r["etc_code"]) == etc
    }
    expected = {
        s["sede_code"]
        for s in warehouse.read("sede").to_pylist()
        if s["municipality_code"] in served and s["source"] == "synthetic"
    }
    assert synthetic_sede["code"] in shown
    assert expected <= shown  # every sede of the ETC's municipalities, none left out
    assert all(code[1:6] in served or code in expected for code in shown)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "departments", "says"),
    [
        (Role.ETC_ANALYST, [], "escriba {etc} en «Área» para ver todas sus sedes"),
        (Role.LEG_COORDINATOR, ["81"], "sus departamentos: Arauca (81)"),
        (Role.VIEWER, [], "Su rol ve las cifras agregadas"),
    ],
)
def test_a_refused_sede_level_says_what_the_role_may_open(
    client: Client,
    sede_settings: Settings,
    synthetic_sede: dict[str, str],
    role: str,
    departments: list[str],
    says: str,
) -> None:
    etc = synthetic_sede["etc"]
    login(client, role, departments=departments, etc=etc)
    response = client.get(f"{EXPLORER}&area=27")  # a department: refused to all three
    assert response.status_code == 403
    html = response.content.decode()
    assert says.format(etc=etc) in html
    assert "Elija un departamento o municipio" not in html
