"""The emergencies pages for every persona: list, event, recording, status, list upload,
map data, exports and the block on the area pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.test import Client

from tests.web.conftest import PERSONAS
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.services import affected_list_import

pytestmark = pytest.mark.django_db
AsPersona = Callable[[str], Client]

NATIONAL = {"im_officer", "cluster_admin"}
MEMBERS = {"viewer", "partner", "etc_analyst", "leg_coordinator", "im_officer", "cluster_admin"}


@pytest.fixture
def listed(earthquake: Event, choco_list: Path, geography: Warehouse) -> Event:
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    return earthquake


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_event_page_shows_figures_to_members_and_sedes_to_national_roles(
    as_persona: AsPersona, listed: Event, persona: str
) -> None:
    response = as_persona(persona).get(f"/emergencias/{listed.pk}/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if persona == "outsider":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sismo de Chocó" in html
    assert "63.825" in html  # students affected, Spanish thousands separator
    assert "Quibdó" in html
    # Chocó is not the LEG persona's department nor Cúcuta's ETC: only national roles see sedes.
    rows = html.count('<a href="/sede/')
    assert rows == (50 if persona in NATIONAL else 0)
    assert ("Importar la lista" in html) is (persona in NATIONAL)


def test_the_sede_table_is_paged_on_the_server_and_filters_gaps(
    as_persona: AsPersona, listed: Event
) -> None:
    client = as_persona("im_officer")
    last = client.get(f"/emergencias/{listed.pk}/?pagina=6").content.decode()
    assert "Página 6 de 6" in last
    assert last.count('<a href="/sede/') == 50
    gaps = client.get(f"/emergencias/{listed.pk}/?sin_respuesta=1").content.decode()
    assert "sin respuesta (300 después de 7 días)" not in gaps  # the link to all is shown
    assert "Ver todas las sedes" in gaps
    bad = client.get(f"/emergencias/{listed.pk}/?pagina=cero")
    assert bad.status_code == 400
    assert "«pagina» es un número desde 1." in bad.content.decode()


def test_the_list_filters_and_refuses_bad_values(as_persona: AsPersona, listed: Event) -> None:
    client = as_persona("viewer")
    html = client.get("/emergencias/?estado=reported&departamento=27").content.decode()
    assert "Sismo de Chocó" in html
    assert "300" in html
    assert "Sismo de Chocó" not in client.get("/emergencias/?estado=closed").content.decode()
    bad = client.get("/emergencias/?estado=abierto")
    assert bad.status_code == 400
    assert "«estado» es uno de: reported, verified, responding, closed." in bad.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_records_an_event(
    as_persona: AsPersona, geography: Warehouse, persona: str, request: pytest.FixtureRequest
) -> None:
    client = as_persona(persona)
    form = {"tipo": "armed_conflict", "subtipo": "confinement", "titulo": "Confinamiento",
            "fecha": "2026-10-02", "departamentos": "81", "municipios": "", "fuente": "",
            "narrativa": "", "dias_alerta": "5"}  # fmt: skip
    response = client.post("/emergencias/nueva/", form)
    allowed = persona in {"leg_coordinator", *NATIONAL}
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif allowed:
        event = Event.objects.get(title="Confinamiento")
        assert response.status_code == 302
        assert response["Location"] == f"/emergencias/{event.pk}/"
        assert event.department_codes == ["81"]
        assert event.alert_after_days == 5
    else:
        assert response.status_code == 403
        reason = (
            "no pertenece a ninguna organización"
            if persona == "outsider"
            else "coordinación GEL, en sus departamentos"
        )
        assert reason in response.content.decode()
        assert not Event.objects.exists()


def test_a_leg_coordinator_cannot_record_outside_its_departments(
    as_persona: AsPersona, geography: Warehouse
) -> None:
    form = {"tipo": "natural_disaster", "titulo": "Sismo", "fecha": "2026-08-09",
            "departamentos": "27", "dias_alerta": "7"}  # fmt: skip
    response = as_persona("leg_coordinator").post("/emergencias/nueva/", form)
    assert response.status_code == 403
    assert "sus departamentos (54, 81); esta toca 27" in response.content.decode()


def test_a_bad_territory_is_shown_again_with_the_reason(
    as_persona: AsPersona, geography: Warehouse
) -> None:
    form = {"tipo": "natural_disaster", "titulo": "Sismo", "fecha": "2026-08-09",
            "departamentos": "27", "municipios": "05001", "dias_alerta": "7"}  # fmt: skip
    response = as_persona("im_officer").post("/emergencias/nueva/", form)
    assert response.status_code == 400
    assert (
        "el municipio 05001 no está en los departamentos de la emergencia (27)"
        in response.content.decode()
    )


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_who_moves_the_status_and_imports_a_list(
    as_persona: AsPersona, earthquake: Event, choco_list: Path, persona: str
) -> None:
    client = as_persona(persona)
    moved = client.post(f"/emergencias/{earthquake.pk}/estado/", {"estado": "verified"})
    with open(choco_list, "rb") as fh:
        uploaded = client.post(f"/emergencias/{earthquake.pk}/lista/", {"archivo": fh})
    earthquake.refresh_from_db()
    if persona in NATIONAL:
        assert moved.status_code == 302
        assert earthquake.status == "verified"
        assert uploaded.status_code == 200
        html = uploaded.content.decode()
        assert "Importada." in html
        assert "fuera de los departamentos de la emergencia (27)" in html
        assert AffectedSede.objects.filter(event=earthquake).count() == 300
    else:
        assert moved.status_code == 403
        assert uploaded.status_code == 403
        assert earthquake.status == "reported"
        assert not AffectedSede.objects.exists()


def test_the_map_data_counts_sedes_by_municipality(as_persona: AsPersona, listed: Event) -> None:
    data = as_persona("viewer").get(f"/emergencias/{listed.pk}/mapa.json").json()
    quibdo = next(f for f in data["municipalities"] if f["properties"]["code"] == "27001")
    expected = AffectedSede.objects.filter(municipality_code="27001").count()
    assert quibdo["properties"]["sedes"] == expected > 0
    assert quibdo["properties"]["response"] == "none"
    assert (
        sum(f["properties"]["sedes"] for f in data["municipalities"]) <= 300
    )  # 27493 has no polygon


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_exports_are_sede_data(as_persona: AsPersona, listed: Event, persona: str) -> None:
    client = as_persona(persona)
    hxl = client.get(f"/emergencias/{listed.pk}/sedes/?formato=hxl")
    xlsx = client.get(f"/emergencias/{listed.pk}/sedes/?formato=xlsx")
    if persona not in NATIONAL | {"leg_coordinator", "etc_analyst"}:
        assert hxl.status_code == xlsx.status_code == 403
        return
    rows = list(csv.reader(io.StringIO(hxl.content.decode())))
    expected = 300 if persona in NATIONAL else 0  # the LEG and ETC personas are not Chocó's
    assert rows[1][:3] == ["#loc+school+code", "#loc+school+name", "#adm1+code"]
    assert len(rows) - 2 == expected
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row - 3 == expected
    assert client.get(f"/emergencias/{listed.pk}/sedes/?formato=pdf").status_code == 400


def test_the_municipality_page_shows_the_event_to_those_who_see_its_sedes(
    as_persona: AsPersona, listed: Event
) -> None:
    html = as_persona("im_officer").get("/municipio/27001/").content.decode()
    assert f'href="/emergencias/{listed.pk}/"' in html
    n = AffectedSede.objects.filter(municipality_code="27001").count()
    assert f"{n} sedes afectadas" in html
    assert (
        "/emergencias/"
        not in as_persona("partner")
        .get("/municipio/27001/")
        .content.decode()
        .split("<main")[-1]
        .split("</nav>")[-1]
    )


def test_the_event_page_speaks_english_when_chosen(as_persona: AsPersona, listed: Event) -> None:
    client = as_persona("im_officer")
    client.cookies["django_language"] = "en"
    html = client.get(f"/emergencias/{listed.pk}/").content.decode()
    assert "Students affected" in html
    assert "63,825" in html
    assert "Earthquake" in html


def test_the_timeline_says_what_happened_in_words(
    as_persona: AsPersona, earthquake: Event, choco_list: Path
) -> None:
    client = as_persona("im_officer")
    client.post(f"/emergencias/{earthquake.pk}/estado/", {"estado": "verified"})
    with open(choco_list, "rb") as fh:
        client.post(f"/emergencias/{earthquake.pk}/lista/", {"archivo": fh})
    html = client.get(f"/emergencias/{earthquake.pk}/").content.decode()
    timeline = html.split('<ol id="timeline"')[1].split("</ol>")[0]
    assert "estado cambiado: reportado → verificado" in timeline
    assert "lista importada" in timeline
    for key in (" · status", " · import<", " · import ·"):
        assert key not in timeline  # the action's key never shows
