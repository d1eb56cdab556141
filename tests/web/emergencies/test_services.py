"""Events and their lists: recorded, changed, imported and re-imported, every change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.web.emergencies.conftest import CHOCO, read_rows
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import AffectedList, AffectedSede, Event
from trayecto.web.emergencies.services import (
    EventInput,
    EventInvalid,
    affected_list_import,
    affected_sede_save,
    event_create,
    event_move,
    event_update,
)
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db

WriteList = Callable[[str, list[str], list[dict[str, str]]], Path]


def flood(**changes: object) -> EventInput:
    values: dict[str, object] = {
        "type": "natural_disaster",
        "subtype": "flood",
        "title": "Inundación del Atrato",
        "start_date": dt.date(2026, 5, 2),
        "department_codes": (CHOCO,),
        "municipality_codes": ("27001",),
    }
    return EventInput(**(values | changes))  # type: ignore[arg-type]


def test_an_event_is_recorded_and_audited(geography: Warehouse) -> None:
    event = event_create(data=flood(), user=None, store=geography)
    assert (event.type, event.subtype, event.status) == ("natural_disaster", "flood", "reported")
    log = AuditLog.objects.get(object_type="event", object_id=event.pk)
    assert log.action == "create"
    assert log.detail["municipality_codes"] == ["27001"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"department_codes": ()}, "at least one department"),
        (
            {"department_codes": ("03",), "municipality_codes": ()},
            "department 03 is not in DIVIPOLA",
        ),
        ({"municipality_codes": ("05001",)}, "not in the event's departments"),
        ({"municipality_codes": ("27999",)}, "municipality 27999 is not in DIVIPOLA"),
        ({"subtype": "armed_strike"}, "belongs to armed_conflict"),
        ({"type": "volcano"}, "unknown type 'volcano'; allowed: migration"),
        ({"end_date": dt.date(2026, 1, 1)}, "end date comes before"),
        ({"title": "  "}, "title is empty"),
    ],
)
def test_bad_input_says_what_to_fix(
    geography: Warehouse, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(EventInvalid, match=message):
        event_create(data=flood(**changes), user=None, store=geography)
    assert not Event.objects.exists()


def test_changes_and_status_moves_are_audited_field_by_field(
    geography: Warehouse, im_officer: object
) -> None:
    event = event_create(data=flood(), user=None, store=geography)
    event_update(
        event=event, data=flood(title="Inundación del río Atrato"), user=im_officer, store=geography
    )  # type: ignore[arg-type]
    event_move(event=event, to="verified", user=im_officer)  # type: ignore[arg-type]
    with pytest.raises(EventInvalid, match="cannot pass to «reported»"):
        event_move(event=event, to="reported", user=im_officer)  # type: ignore[arg-type]
    update, move = (
        AuditLog.objects.filter(object_type="event").exclude(action="create").order_by("id")
    )
    assert update.detail["changes"] == {
        "title": ["Inundación del Atrato", "Inundación del río Atrato"]
    }
    assert update.user == im_officer
    assert move.detail["changes"] == {"status": ["reported", "verified"]}


def test_the_real_list_goes_into_the_event_without_the_misfiltered_schools(
    earthquake: Event, choco_list: Path, geography: Warehouse
) -> None:
    _header, rows = read_rows(choco_list)
    report = affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    in_choco = [r for r in rows if r["Departamento"] == "Chocó"]
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (303, 300, 3)
    assert report.reconciles
    assert AffectedSede.objects.filter(event=earthquake).count() == len(in_choco)
    assert sum(s.enrolment_total for s in earthquake.sedes.all()) == sum(
        int(r["Matrícula total"]) for r in in_choco
    )
    # The municipality comes from the name: Nuevo Belén de Bajirá's sedes carry 27615.
    bajira = [r["Código DANE"] for r in in_choco if r["Municipio"] == "Nuevo Belén de Bajirá"]
    assert bajira
    assert all(c[1:6] == "27615" for c in bajira)
    assert set(
        AffectedSede.objects.filter(sede_code__in=bajira).values_list(
            "municipality_code", flat=True
        )
    ) == {"27493"}
    # Organisations joined with " | " are split.
    row = next(r for r in in_choco if " | " in r["Organizaciones aliadas"])
    sede = AffectedSede.objects.get(sede_code=row["Código DANE"])
    assert sede.organisations == row["Organizaciones aliadas"].split(" | ")


def test_a_dry_run_writes_nothing(
    earthquake: Event, choco_list: Path, geography: Warehouse
) -> None:
    report = affected_list_import(
        event=earthquake, path=choco_list, store=geography, user=None, dry_run=True
    )
    assert report.rows_imported == 300
    assert not AffectedSede.objects.exists()
    assert not AffectedList.objects.exists()


def test_a_corrected_list_replaces_its_rows_and_nothing_else(
    earthquake: Event, choco_list: Path, geography: Warehouse, write_list: WriteList
) -> None:
    header, rows = read_rows(choco_list)
    choco = [r for r in rows if r["Departamento"] == "Chocó"]
    first = write_list("lista_a.csv", header, choco[:100])
    other = write_list("lista_b.csv", header, choco[100:150])
    affected_list_import(event=earthquake, path=first, store=geography, user=None)
    affected_list_import(event=earthquake, path=other, store=geography, user=None)
    typed = affected_sede_save(
        event=earthquake,
        user=None,
        values={
            "sede_code": choco[200]["Código DANE"],
            "sede_name": choco[200]["Sede"],
            "municipality_code": "27001",
            "department_code": CHOCO,
            "severity": 2,
            "enrolment_total": 10,
        },
    )
    event_move(event=earthquake, to="verified", user=None)
    # The corrected list A: one sede dropped, one severity changed.
    corrected = [dict(r) for r in choco[1:100]]
    corrected[0]["Severidad"], corrected[0]["Estado físico"] = "3", "Crítico"
    write_list("lista_a.csv", header, corrected)
    report = affected_list_import(event=earthquake, path=first, store=geography, user=None)
    assert report.details["replaced"] == 100
    assert AffectedSede.objects.filter(affected_list__name="lista_a.csv").count() == 99
    assert AffectedSede.objects.filter(affected_list__name="lista_b.csv").count() == 50
    assert AffectedSede.objects.filter(pk=typed.pk).exists()
    assert AffectedSede.objects.get(sede_code=corrected[0]["Código DANE"]).severity == 3
    assert not AffectedSede.objects.filter(sede_code=choco[0]["Código DANE"]).exists()
    earthquake.refresh_from_db()
    assert earthquake.status == "verified"
    actions = list(
        AuditLog.objects.filter(object_type="event").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["create", "import", "import", "sede_create", "status", "reimport"]


def test_a_sede_another_list_holds_is_reported_not_counted_twice(
    earthquake: Event, choco_list: Path, geography: Warehouse, write_list: WriteList
) -> None:
    header, rows = read_rows(choco_list)
    choco = [r for r in rows if r["Departamento"] == "Chocó"]
    affected_list_import(
        event=earthquake, path=write_list("a.csv", header, choco[:10]), store=geography, user=None
    )
    report = affected_list_import(
        event=earthquake, path=write_list("b.csv", header, choco[5:20]), store=geography, user=None
    )
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (15, 10, 5)
    assert {p.message for p in report.problems} == {
        "sede already listed for this event by a.csv; not imported from this list"
    }
    assert AffectedSede.objects.filter(event=earthquake).count() == 20


def test_a_list_outside_the_event_municipalities_is_reported(
    geography: Warehouse, choco_list: Path
) -> None:
    quibdo = event_create(data=flood(municipality_codes=("27001",)), user=None, store=geography)
    report = affected_list_import(event=quibdo, path=choco_list, store=geography, user=None)
    _, rows = read_rows(choco_list)
    in_quibdo = [r for r in rows if r["Municipio"] == "Quibdó"]
    assert report.rows_imported == len(in_quibdo)
    outside = [p for p in report.problems if "outside the event's municipalities" in p.message]
    assert len(outside) == 300 - len(in_quibdo)
    assert all(p.column == "Municipio" for p in outside)
