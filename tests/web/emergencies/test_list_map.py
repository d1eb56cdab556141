"""The map of the emergencies list: the affected sedes of the events the list shows, under
its filters, counted for every member and placed (points) for the roles that see sedes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.web.conftest import PERSONAS
from tests.web.emergencies.test_response import approved_line
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.services import affected_list_import

pytestmark = pytest.mark.django_db
AsPersona = Callable[[str], Client]

# The flood's sedes: one in Arauca, one in Cúcuta (the ETC persona's), each with a point.
ARAUCA, CUCUTA = "181001000001", "154001000001"
# persona -> the located sedes it sees on the unfiltered map (the LEG persona covers Arauca
# and Norte de Santander, the ETC persona is Cúcuta's; national roles see every sede).
POINTS_SEEN = {
    "viewer": set(),
    "partner": set(),
    "etc_analyst": {CUCUTA},
    "leg_coordinator": {ARAUCA, CUCUTA},
    "im_officer": {ARAUCA, CUCUTA, "quibdo"},
    "cluster_admin": {ARAUCA, CUCUTA, "quibdo"},
}


@pytest.fixture
def events(earthquake: Event, choco_list: Path, geography: Warehouse) -> dict[str, Any]:
    """The Chocó earthquake with its real list (one Quibdó sede located) and a flood in
    Arauca and Cúcuta whose Arauca sede a 5W line reached."""
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    quibdo = AffectedSede.objects.filter(event=earthquake, municipality_code="27001").first()
    assert quibdo is not None
    AffectedSede.objects.filter(pk=quibdo.pk).update(latitude=5.6947, longitude=-76.6611)
    flood = Event.objects.create(
        type="natural_disaster", subtype="flood", title="Inundación de Arauca",
        start_date="2026-03-01", department_codes=["81", "54"], status="verified",
    )  # fmt: skip
    for code, etc, severity, point in (
        (ARAUCA, "81", 3, (7.0847, -70.7591)),
        (CUCUTA, "3802", None, (7.8939, -72.5078)),
    ):
        AffectedSede.objects.create(
            event=flood, sede_code=code, sede_name=f"Sede {code}", municipality_code=code[1:6],
            department_code=code[1:3], etc_code=etc, enrolment_total=100, severity=severity,
            latitude=point[0], longitude=point[1],
        )  # fmt: skip
    approved_line("2026-04", "81001", sede=ARAUCA)
    return {"earthquake": earthquake, "flood": flood, "quibdo": quibdo.sede_code}


def by_code(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f["properties"] for f in data["municipalities"]}


def test_the_map_shows_the_sedes_of_the_listed_events_under_the_filters(
    as_persona: AsPersona, events: dict[str, Any]
) -> None:
    client = as_persona("im_officer")
    every = client.get("/emergencias/mapa.json").json()
    municipalities = by_code(every)
    assert {code[:2] for code in municipalities} == {"27", "81", "54"}
    arauca_town = municipalities["81001"]
    assert (arauca_town["sedes"], arauca_town["reached"], arauca_town["critical"]) == (1, 1, 1)
    assert arauca_town["response"] == "all"
    assert (municipalities["54001"]["sedes"], municipalities["54001"]["response"]) == (1, "none")
    quibdo = AffectedSede.objects.filter(event=events["earthquake"], municipality_code="27001")
    assert municipalities["27001"]["sedes"] == quibdo.count() > 1
    assert {p["code"] for p in every["points"]} == {ARAUCA, CUCUTA, events["quibdo"]}
    assert every["without_point"] == 299  # the Chocó list's 300 sedes but the located one

    # Filtered to Arauca: the flood only, its departments drawn, Chocó gone.
    flood = client.get("/emergencias/mapa.json?departamento=81").json()
    assert {code[:2] for code in by_code(flood)} == {"81", "54"}
    assert sum(m["sedes"] for m in by_code(flood).values()) == 2
    arauca = next(p for p in flood["points"] if p["code"] == ARAUCA)
    assert (arauca["severity_label"], arauca["response_label"]) == ("Crítica", "Con respuesta")
    assert (len(flood["points"]), flood["without_point"]) == (2, 0)

    # The earthquake alone (status reported): exactly the event page's map.
    alone = client.get("/emergencias/mapa.json?estado=reported&tipo=natural_disaster").json()
    assert alone == client.get(f"/emergencias/{events['earthquake'].pk}/mapa.json").json()
    assert client.get("/emergencias/mapa.json?anio=2025").json() == {
        "municipalities": [], "points": [], "without_point": 0
    }  # fmt: skip
    assert client.get("/emergencias/mapa.json?estado=abierto").status_code == 400


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_member_sees_the_counts_and_only_the_sedes_its_role_may_see(
    as_persona: AsPersona, events: dict[str, Any], persona: str
) -> None:
    response = as_persona(persona).get("/emergencias/mapa.json")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if persona == "outsider":
        assert response.status_code == 403
        return
    data = response.json()
    drawn = AffectedSede.objects.exclude(municipality_code="27493")  # 27493 has no polygon
    assert sum(m["sedes"] for m in by_code(data).values()) == drawn.count() > 2
    expected = {events["quibdo"] if code == "quibdo" else code for code in POINTS_SEEN[persona]}
    assert {p["code"] for p in data["points"]} == expected
    assert data["without_point"] == 299


def test_the_list_page_draws_the_map_of_its_filters(
    as_persona: AsPersona, events: dict[str, Any]
) -> None:
    client = as_persona("viewer")
    html = client.get("/emergencias/?departamento=81&anio=2026").content.decode()
    assert 'data-src="/emergencias/mapa.json?departamento=81&amp;anio=2026"' in html
    assert 'id="event-map-spec"' in html
    assert "0 sedes afectadas no tienen punto en el mapa" in html
    every = client.get("/emergencias/").content.decode()
    assert 'data-src="/emergencias/mapa.json"' in every
    assert "299 sedes afectadas no tienen punto en el mapa" in every
    none = client.get("/emergencias/?estado=closed").content.decode()
    assert 'id="event-map"' not in none  # no event listed, no map
