"""One affected sede entered or corrected in the web: the form parses it, the service checks
the territory, the code's department and repeats, and who may do it is every role's answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.emergencies.services import (
    EventInvalid,
    affected_list_import,
    affected_sede_save,
)
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db
# A real sede of Quibdó from the Chocó list (its code's department digits are 27).
SEDE = {
    "codigo_dane": "127001003453",
    "sede": "SEDE ANEXA AL CARRASQUILLA INDUSTRIAL",
    "municipio": "27001",
    "severidad": "3",
    "dano": "partial",
    "aulas_afectadas": "4",
    "albergue": "si",
    "ocupada": "no",
    "materiales_perdidos": "",
    "dias_perdidos": "12",
    "matricula": "2975",
    "docentes_mujeres": "30",
    "docentes_hombres": "21",
}


def url(event: Event, suffix: str = "nueva/") -> str:
    return f"/emergencias/{event.pk}/sedes/{suffix}"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("cluster_admin", 200),
        ("im_officer", 200),
        ("leg_elsewhere", 200),  # LEG of Chocó (27): the earthquake's department
        ("leg_coordinator", 403),  # LEG of Arauca and Norte de Santander
        ("etc_analyst", 403),
        ("partner", 403),
        ("viewer", 403),
        ("outsider", 403),
    ],
)
def test_who_enters_a_sede(
    as_persona: Callable[[str], Any], earthquake: Event, persona: str, status: int
) -> None:
    response = as_persona(persona).get(url(earthquake))
    assert response.status_code == status
    if persona == "leg_coordinator":
        assert "sus departamentos (54, 81)" in response.content.decode()
    posted = as_persona(persona).post(url(earthquake), SEDE)
    assert posted.status_code == (302 if status == 200 else 403)
    assert AffectedSede.objects.filter(event=earthquake).count() == (status == 200)


def test_anonymous_is_sent_to_log_in(client: Any, earthquake: Event) -> None:
    response = client.get(url(earthquake))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_sede_entered_counts_in_the_figures_and_the_timeline(
    as_persona: Callable[[str], Any], earthquake: Event, geography: Warehouse
) -> None:
    client = as_persona("im_officer")
    form = client.get(url(earthquake)).content.decode()
    assert '<option value="27001">Quibdó (27001)</option>' in form
    assert client.post(url(earthquake), SEDE)["Location"] == f"/emergencias/{earthquake.pk}/"
    sede = AffectedSede.objects.get(event=earthquake)
    assert (sede.department_code, sede.municipality_code, sede.damage) == ("27", "27001", "partial")
    assert (sede.used_as_shelter, sede.occupied, sede.learning_materials_lost) == (
        True,
        False,
        None,
    )
    assert (sede.teachers_affected, sede.students_affected, sede.affected_list) == (51, 2975, None)
    page = client.get(f"/emergencias/{earthquake.pk}/").content.decode()
    assert "SEDE ANEXA AL CARRASQUILLA INDUSTRIAL" in page
    assert "sede registrada en la web" in page.split('<ol id="timeline"')[1]
    assert f'href="/emergencias/{earthquake.pk}/sedes/{sede.pk}/"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"codigo_dane": "12700100345"}, "El código DANE de la sede tiene 12 dígitos."),
        ({"municipio": "05001"}, "Escoja una opción válida"),  # Medellín: not in the list
        (
            {"codigo_dane": "105001000001"},
            "Los dígitos 2 y 3 del código son el departamento 05; "
            "el municipio elegido es del 27: corrija el código o el municipio.",
        ),
        ({"aulas_afectadas": "-1"}, "Un número entero desde 0."),
        ({"severidad": "4"}, "Escoja una opción válida"),
    ],
)
def test_bad_input_is_a_400_that_says_what_to_fix(
    as_persona: Callable[[str], Any], earthquake: Event, change: dict[str, str], message: str
) -> None:
    response = as_persona("im_officer").post(url(earthquake), SEDE | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AffectedSede.objects.exists()


def test_a_sede_of_a_list_is_corrected_not_entered_twice(
    as_persona: Callable[[str], Any], earthquake: Event, geography: Warehouse, choco_list: Path
) -> None:
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    client = as_persona("leg_elsewhere")
    twice = client.post(url(earthquake), SEDE)
    assert twice.status_code == 400
    assert f"already affected in this event ({choco_list.name}): correct it there" in (
        twice.content.decode()
    )
    listed = AffectedSede.objects.get(event=earthquake, sede_code=SEDE["codigo_dane"])
    edit = client.get(url(earthquake, f"{listed.pk}/")).content.decode()
    assert 'value="SEDE ANEXA AL CARRASQUILLA INDUSTRIAL"' in edit
    corrected = client.post(url(earthquake, f"{listed.pk}/"), SEDE | {"dano": "destroyed"})
    assert corrected.status_code == 302
    listed.refresh_from_db()
    assert (listed.damage, listed.affected_list is not None) == ("destroyed", True)
    entry = AuditLog.objects.get(object_id=earthquake.pk, action="sede_update")
    assert entry.detail["changes"]["damage"] == ["", "destroyed"]
    assert AffectedSede.objects.filter(event=earthquake).count() == 300


def test_the_form_speaks_english_when_asked(
    as_persona: Callable[[str], Any], earthquake: Event
) -> None:
    client = as_persona("im_officer")
    client.cookies["django_language"] = "en"
    html = client.get(url(earthquake)).content.decode()
    assert "Record an affected school" in html
    assert "School DANE code (12 digits)" in html
    assert "Were learning materials lost?" in html
    refused = client.post(url(earthquake), SEDE | {"codigo_dane": "105001000001"})
    assert "Digits 2 and 3 of the code are department 05" in refused.content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sede_code": "105001000001"}, "digits 2-3 of sede code 105001000001 are department 05"),
        ({"sede_code": "105001000001", "municipality_code": "05001"},
         "municipality 05001 is outside the event's territory; allowed: 27"),
    ],
)  # fmt: skip
def test_the_service_checks_what_the_form_does_not_guard_alone(
    earthquake: Event, values: dict[str, str], message: str
) -> None:
    """The CLI and other callers reach the service without the form."""
    base = {"sede_code": "127001003453", "sede_name": "SEDE ANEXA", "municipality_code": "27001"}
    with pytest.raises(EventInvalid, match=message):
        affected_sede_save(event=earthquake, user=None, values=base | values)
    assert not AffectedSede.objects.exists()
