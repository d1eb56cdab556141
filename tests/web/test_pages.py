"""Every page for every persona: anonymous users log in, outsiders learn why, members read."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client, override_settings

from tests.web.conftest import CUCUTA_ETC, MEMBERS, PERSONAS
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.warehouse import Warehouse, engine
from trayecto.web.accounts.access import NO_MEMBERSHIP

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "map data": "/mapa/prioritarios.json?v=1",
    "department": "/departamento/54/",
    "municipality": "/municipio/54001/",
    "new municipality": "/municipio/27493/",
}
SCHOOL_LEVEL_YES = "Su rol le permite ver los datos por sede"
SCHOOL_LEVEL_NO = "Su rol muestra aquí solo cifras agregadas publicadas"


@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_for_each_persona(
    as_persona: Callable[[str], Client], persona: str, page: str
) -> None:
    response = as_persona(persona).get(PAGES[page])
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif persona == "outsider":
        assert response.status_code == 403
        assert NO_MEMBERSHIP in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize("persona", MEMBERS)
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        # Cúcuta's ETC analyst sees the sedes of Cúcuta, not of a Norte de Santander
        # municipality run by the departmental ETC (Ábrego, 54003), nor the department as a
        # whole (it holds both ETCs).
        ("/municipio/54001/", {"etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}),
        ("/departamento/54/", {"leg_coordinator", "im_officer", "cluster_admin"}),
        ("/municipio/54003/", {"leg_coordinator", "im_officer", "cluster_admin"}),
        ("/departamento/81/", {"leg_coordinator", "im_officer", "cluster_admin"}),
        ("/departamento/52/", {"im_officer", "cluster_admin"}),
    ],
)
def test_area_pages_say_whether_school_level_data_is_open(
    as_persona: Callable[[str], Client], persona: str, url: str, allowed: set[str]
) -> None:
    client = as_persona(persona)
    html = client.get(url).content.decode()
    # Cúcuta's ETC analyst is offered its own ETC's sedes on its department's page instead
    own_etc = persona == "etc_analyst" and url == "/departamento/54/"
    assert (SCHOOL_LEVEL_YES in html) is (persona in allowed or own_etc)
    assert (SCHOOL_LEVEL_NO in html) is (persona not in allowed and not own_etc)
    link = f"/indicadores/?indicador=desercion_sede&nivel=sede&area={url.split('/')[2]}"
    assert (link.replace("&", "&amp;") in html) is (persona in allowed)
    if persona in allowed:  # the explorer agrees with the page
        assert client.get(link).status_code == 200


@pytest.mark.usefixtures("geography")
def test_an_etc_analyst_opens_all_its_sedes_from_its_department(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("etc_analyst")
    html = client.get("/departamento/54/").content.decode()
    link = f"/indicadores/?indicador=desercion_sede&nivel=sede&area={CUCUTA_ETC}"
    assert link.replace("&", "&amp;") in html
    assert client.get(link).status_code == 200  # the explorer agrees with the page
    assert f'<a href="/etc/{CUCUTA_ETC}/">' in html  # and its ETC by name in the ETC table
    other = client.get("/departamento/81/").content.decode()  # Arauca: not its ETC's
    assert "sede&amp;area=" not in other


@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize("url", ["/departamento/00/", "/departamento/5/", "/municipio/99999/"])
def test_unknown_codes_are_404(as_persona: Callable[[str], Client], url: str) -> None:
    assert as_persona("viewer").get(url).status_code == 404


def test_home_lists_the_seven_priority_departments(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    html = as_persona("viewer").get("/").content.decode()
    for code in PRIORITY_DEPARTMENTS:
        assert f'href="/departamento/{code}/"' in html
    assert 'id="priority-map"' in html
    assert "trayecto/vendor/vega-embed.js" in html
    version = geography.manifest().version
    assert f"/mapa/prioritarios.json?v={version}" in html


def test_map_data_has_every_municipality_of_the_seven_departments(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    response = as_persona("viewer").get("/mapa/prioritarios.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(response.content))
    expected = engine.rows(
        geography.connect(),
        "select code from municipality_boundary where department_code in "
        "(select unnest($codes)) order by code",
        {"codes": list(PRIORITY_DEPARTMENTS)},
    )
    assert [f["properties"]["code"] for f in data["municipalities"]] == [
        r["code"] for r in expected
    ]
    assert len(expected) == 209  # DIVIPOLA 2025: 7+23+40+64+30+15+30 with polygons in MGN 2018
    cucuta = next(f for f in data["municipalities"] if f["properties"]["code"] == "54001")
    assert cucuta["properties"]["etc_code"] == "3802"
    assert cucuta["properties"]["url"] == "/municipio/54001/"
    assert len(data["context"]) == 33  # every department, drawn grey
    # Rounded to 4 decimals: no coordinate has more.
    ring = cucuta["geometry"]["coordinates"][0]
    assert all(len(repr(c).split(".")[-1]) <= 4 for point in ring for c in point)


def test_map_data_is_served_plain_to_clients_without_gzip(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    response = as_persona("viewer").get("/mapa/prioritarios.json")
    assert "Content-Encoding" not in response
    assert len(json.loads(response.content)["municipalities"]) == 209


def test_department_page_lists_codes_etcs_and_municipalities(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    html = as_persona("viewer").get("/departamento/54/").content.decode()
    assert "CO54" in html
    assert html.count('href="/municipio/54') == 40
    assert "3801" in html
    assert "3802" in html


def test_municipality_page_shows_etc_history_and_area(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    html = as_persona("viewer").get("/municipio/54001/").content.decode()
    assert "CO54001" in html
    assert "2011–2022" in html  # one ETC, Cúcuta, over every year of MEN data
    assert "3802" in html
    assert 'href="/departamento/54/"' in html


def test_nuevo_belen_de_bajira_is_known_with_its_parent(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    html = as_persona("viewer").get("/municipio/27493/").content.decode()
    assert "Bajirá" in html
    assert "Creado a partir de:" in html
    assert 'href="/municipio/27615/"' in html  # Riosucio, the municipality it came from
    assert "sin polígono en MGN 2018" in html
    assert "nuevo, posterior a DIVIPOLA 2025" in html
    riosucio = as_persona("viewer").get("/municipio/27615/").content.decode()
    assert 'href="/municipio/27493/"' in riosucio
    assert "creada a partir de este municipio" in riosucio


def test_mapiripana_is_shown_as_merged_into_barrancominas(
    as_persona: Callable[[str], Client], geography: Warehouse
) -> None:
    html = as_persona("viewer").get("/municipio/94663/").content.decode()
    assert "Integrado en:" in html
    assert 'href="/municipio/94343/"' in html
    assert "histórico, ya no existe" in html
    assert "4\xa0927,9" in html  # MGN 2018 area, with the Spanish separators
    barrancominas = as_persona("viewer").get("/municipio/94343/").content.decode()
    assert "integrada en este municipio" in barrancominas


@pytest.mark.usefixtures("empty_warehouse")
@pytest.mark.parametrize("url", ["/", "/departamento/54/", "/municipio/54001/"])
def test_an_empty_warehouse_names_the_command_that_loads_it(
    as_persona: Callable[[str], Client], url: str
) -> None:
    response = as_persona("viewer").get(url)
    assert response.status_code in {200, 404}
    assert "trayecto demo --no-serve" in response.content.decode()


@pytest.mark.usefixtures("empty_warehouse")
def test_map_data_of_an_empty_warehouse_is_404(as_persona: Callable[[str], Client]) -> None:
    assert as_persona("viewer").get("/mapa/prioritarios.json").status_code == 404


# --------------------------------------------------------------------------- organisations
ORGANIZATION_PAGE = {"leg_coordinator", "im_officer", "cluster_admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_organization_page_for_each_persona(
    request: pytest.FixtureRequest, as_persona: Callable[[str], Client], persona: str
) -> None:
    request.getfixturevalue("leg_coordinator")  # UNICEF and its member
    response = as_persona(persona).get("/organizacion/unicef/")
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in ORGANIZATION_PAGE:
        assert response.status_code == 200
        assert "gel" in response.content.decode()
        assert ("/admin/accounts/organization/" in response.content.decode()) is (
            persona == "cluster_admin"
        )
    else:
        assert response.status_code == 403
        # the refusal says what the role may open instead: its own organisation's page
        member = request.getfixturevalue(persona)
        if hasattr(member, "membership"):  # the outsider belongs to no organisation
            own = member.membership.organization.code
            assert f"/organizacion/{own}/" in response.content.decode()


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_sees_their_own_organization(
    request: pytest.FixtureRequest, as_persona: Callable[[str], Client], persona: str
) -> None:
    code = request.getfixturevalue(persona).membership.organization.code
    assert as_persona(persona).get(f"/organizacion/{code}/").status_code == 200


def test_unknown_organization_is_404(as_persona: Callable[[str], Client]) -> None:
    assert as_persona("cluster_admin").get("/organizacion/no-such-org/").status_code == 404


def test_a_new_warehouse_version_redraws_the_map_with_the_latest_etc(
    as_persona: Callable[[str], Client], reference_warehouse: Warehouse, tmp_path: Path
) -> None:
    """The map data is cached per manifest version: a new import shows up at once, and the
    ETC drawn is the one of the latest year."""
    shutil.copytree(reference_warehouse.root, tmp_path / "warehouse")
    warehouse = Warehouse(tmp_path / "warehouse")
    client = as_persona("viewer")
    with override_settings(WAREHOUSE_DIR=warehouse.root):
        before = json.loads(client.get("/mapa/prioritarios.json").content)
        cucuta = next(f for f in before["municipalities"] if f["properties"]["code"] == "54001")
        assert cucuta["properties"]["etc_code"] == "3802"
        links = warehouse.read("municipality_etc")
        latest = max(
            (r for r in links.to_pylist() if r["municipality_code"] == "54001"),
            key=lambda r: r["year"],
        )
        moved = {
            **latest,
            "year": latest["year"] + 1,
            "etc_code": "3801",
            "etc_name": "Norte de Santander",
        }
        extra = pa.Table.from_pylist([moved], schema=links.schema)
        warehouse.publish("municipality_etc", pa.concat_tables([links, extra]))
        html = client.get("/").content.decode()
        assert f"/mapa/prioritarios.json?v={warehouse.manifest().version}" in html
        after = json.loads(client.get("/mapa/prioritarios.json").content)
    assert after["version"] == before["version"] + 1
    cucuta = next(f for f in after["municipalities"] if f["properties"]["code"] == "54001")
    assert (cucuta["properties"]["etc_code"], cucuta["properties"]["etc_name"]) == (
        "3801",
        "Norte de Santander",
    )


@pytest.mark.usefixtures("geography")
@pytest.mark.parametrize(
    ("url", "queries"), [("/", 8), ("/municipio/54001/", 5), ("/departamento/54/", 5)]
)
def test_pages_make_a_fixed_number_of_database_queries(
    as_persona: Callable[[str], Client],
    django_assert_num_queries: Any,
    url: str,
    queries: int,
) -> None:
    """Session, user, membership (shared by every access check and the header), and on the
    home page the demo flag and the LEG's cards (its reports to validate, the latest published
    month, the last month due, its open emergencies); on an area page the latest published
    month of its 5W block (the partners' names are read only when some are present), on the
    municipality page the emergencies block (one query for the LEG's affected sedes there):
    the geography and the indicators come from the warehouse, not the database."""
    client = as_persona("leg_coordinator")
    client.get(url)  # warm the per-thread warehouse reader
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
