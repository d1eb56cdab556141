"""Action plans: the workbook import (every row imported or reported by row, column and
value; again changes nothing; export → import round trip), who updates which action,
inline updates with htmx, and the dashboard's overdue actions and responsibilities."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.web.factories import OrganizationFactory
from trayecto.domain.action_plan_layout import COLUMNS, SHEET
from trayecto.domain.action_plans import ActionStatus
from trayecto.web.coordination import plan_services
from trayecto.web.coordination.models import Action, ActionPlan
from trayecto.web.response.models import AuditLog

HEADER = [header for _, header, _ in COLUMNS]
GOOD = [
    ["A1", "Identificar estudiantes con NES por sede", "", "ong-local", "nrc; unicef", "54",
     "3802", "54001", "2026-02-01", "2026-03-31", "en curso",
     "Estudiantes venezolanos con NES", "estudiantes", 0, 1200, 800, "2026-03-15"],
    ["A2", "Acompañar el prerregistro en el RUMV", "", "nrc", "", 81, "", "", "2026-02-01",
     "2026-06-30", "", "Estudiantes prerregistrados en el RUMV", "estudiantes", 0, 500, None,
     None],
]  # fmt: skip
BAD = [
    ["A3", "Jornada de biometría", "", "ong-fantasma", "", "54", "", "", "2026-02-01",
     "2026-03-01", "", "", "", None, None, None, None],
    ["A4", "Informar a rectores", "", "nrc", "", "54", "", "81001", "2026-02-01", "31/03/2026",
     "terminada", "", "", "mucho", None, None, None],
    ["A5", "Cambio NES → PPT", "", "nrc", "", "54", "", "", "2026-05-01", "2026-04-01", "",
     "", "", None, None, 40, None],
]  # fmt: skip


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
        sheet.append([None] * len(HEADER))  # blank rows are not rows
    book.save(path)
    return path


@pytest.fixture
def plan(db: None) -> ActionPlan:
    for code, name in (("ong-local", "ONG local"), ("nrc", "NRC"), ("unicef", "UNICEF")):
        OrganizationFactory(code=code, name=name)
    return plan_services.etpv_plan_ensure()


def test_the_import_takes_the_good_rows_and_reports_each_bad_cell(
    plan: ActionPlan, tmp_path: Path
) -> None:
    report = plan_services.plan_import(
        plan=plan, path=workbook(tmp_path / "plan.xlsx", GOOD + BAD), user=None
    )
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (5, 2, 3)
    assert report.reconciles
    found = {(p.row, p.column, p.value) for p in report.problems}
    # the data rows are 2, 4, 6, 8, 10: a blank row follows each
    assert found == {
        (6, "Organización líder", "ong-fantasma"),
        (8, "Municipio", "81001"),  # not in department 54
        (8, "Fin", "31/03/2026"),
        (8, "Estado", "terminada"),
        (8, "Línea de base", "mucho"),
        (10, "Fin", "2026-04-01"),  # before the start
        (10, "Fecha del avance", ""),  # a progress value with no date
    }
    a1 = Action.objects.get(code="A1")
    assert (a1.lead.code, a1.status, a1.department, a1.etc_code, a1.target) == (
        "ong-local", ActionStatus.IN_PROGRESS, "54", "3802", 1200
    )  # fmt: skip
    assert sorted(a1.supporting.values_list("code", flat=True)) == ["nrc", "unicef"]
    assert [(u.on, u.value) for u in a1.updates.all()] == [(date(2026, 3, 15), 800)]
    a2 = Action.objects.get(code="A2")
    assert (a2.department, a2.status) == ("81", ActionStatus.NOT_STARTED)  # 81 typed as a number
    again = plan_services.plan_import(
        plan=plan, path=workbook(tmp_path / "plan.xlsx", GOOD), user=None
    )
    assert again.details == {"created": 0, "updated": 0, "unchanged": 2}
    assert a1.updates.count() == 1
    assert AuditLog.objects.filter(action="plan.import").count() == 2


def test_a_workbook_without_the_sheet_is_refused_with_the_reason(
    plan: ActionPlan, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "otro.xlsx")
    report = plan_services.plan_import(plan=plan, path=tmp_path / "otro.xlsx", user=None)
    assert report.refused
    assert "falta la hoja «Acciones»" in report.problems[0].message
    assert not Action.objects.exists()


def test_the_exported_plan_imports_back_unchanged(
    plan: ActionPlan, tmp_path: Path, as_persona: Callable[[str], Client]
) -> None:
    plan_services.plan_import(plan=plan, path=workbook(tmp_path / "p.xlsx", GOOD), user=None)
    content = as_persona("partner").get(reverse("coordination:plan-xlsx", args=["etpv"])).content
    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(content)
    sheet = openpyxl.load_workbook(io.BytesIO(content))[SHEET]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["F3"].value == "81"  # codes stay text with their zero
    report = plan_services.plan_import(plan=plan, path=exported, user=None)
    assert report.details == {"created": 0, "updated": 0, "unchanged": 2}
    assert report.problems == []


@pytest.fixture
def two_actions(plan: ActionPlan) -> dict[str, Action]:
    """A1 led by the partner persona's organisation (NRC); A2 led by UNICEF (the LEG
    coordinator's organisation), supported by a local NGO."""
    ong, nrc = OrganizationFactory(code="ong-local"), OrganizationFactory(code="nrc")
    unicef = OrganizationFactory(code="unicef")
    common = {"start_date": date(2026, 2, 1), "due_date": date(2026, 3, 31), "user": None}
    grade_11 = "Estudiantes de grado 11 sin PPT"
    a1 = plan_services.action_create(plan=plan, code="A1", title="NES por sede", lead=nrc,
                                     supporting=[], etc_code="3802", target=100.0,
                                     indicator=grade_11, **common)  # fmt: skip
    a2 = plan_services.action_create(plan=plan, code="A2", title="RUMV", lead=unicef,
                                     supporting=[ong], **common)  # fmt: skip
    return {"A1": a1, "A2": a2}


@pytest.mark.parametrize(
    ("persona", "may_update"),
    [
        ("partner", {"A1"}),  # NRC leads A1 only
        ("leg_coordinator", {"A2"}),  # UNICEF leads A2; the ETPV plan is national
        ("etc_analyst", set()),
        ("im_officer", {"A1", "A2"}),
        ("cluster_admin", {"A1", "A2"}),
    ],
)
def test_partners_update_only_the_actions_they_lead_or_support(
    as_persona: Callable[[str], Client], two_actions: dict[str, Action], persona: str,
    may_update: set[str],
) -> None:  # fmt: skip
    client = as_persona(persona)
    for code, action in two_actions.items():
        url = reverse("coordination:action-progress", args=["etpv", action.pk])
        response = client.post(url, {"on": "2026-03-10", "value": "12", "note": "sedes"})
        assert response.status_code == (302 if code in may_update else 403), code
        if code not in may_update:
            assert "lideran o apoyan esta acción" in response.content.decode()
        assert action.updates.exists() == (code in may_update)


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "viewer"])
def test_who_does_not_see_the_plans(as_persona: Callable[[str], Client], persona: str) -> None:
    response = as_persona(persona).get(reverse("coordination:plans"))
    assert response.status_code == (302 if persona == "anonymous" else 403)


@pytest.mark.parametrize("persona", ["partner", "leg_coordinator", "im_officer"])
def test_only_the_national_cluster_imports_into_the_national_plan(
    as_persona: Callable[[str], Client], plan: ActionPlan, tmp_path: Path, persona: str
) -> None:
    path = workbook(tmp_path / "plan.xlsx", GOOD)
    with path.open("rb") as fh:
        response = as_persona(persona).post(
            reverse("coordination:plan-import", args=["etpv"]), {"file": fh}
        )
    assert response.status_code == (200 if persona == "im_officer" else 403)
    assert Action.objects.count() == (2 if persona == "im_officer" else 0)
    if persona == "im_officer":
        assert '<strong class="imported">2</strong>' in response.content.decode()


def test_an_htmx_update_swaps_the_row_in_place(
    as_persona: Callable[[str], Client], two_actions: dict[str, Action]
) -> None:
    client = as_persona("partner")
    a1 = two_actions["A1"]
    url = reverse("coordination:action-status", args=["etpv", a1.pk])
    response = client.post(url, {"status": "blocked"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="action-{a1.pk}"')
    assert '<option value="blocked" selected>' in html
    url = reverse("coordination:action-progress", args=["etpv", a1.pk])
    html = client.post(url, {"on": "2026-03-10", "value": "7"}, HTTP_HX_REQUEST="true").content
    assert b'<span class="latest">7</span>' in html
    assert "no pueden graduarse con NES" in html.decode()  # grade-11 students without PPT
    bad = client.post(url, {"on": "10/03/2026", "value": "x"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert "Fecha" in bad.content.decode()
    assert "Valor" in bad.content.decode()
    assert list(
        AuditLog.objects.filter(object_type="action", object_id=a1.pk).values_list(
            "action", flat=True
        )
    ) == [
        "action.progress",
        "action.status",
        "action.create",
    ]  # newest first


@time_machine.travel("2026-04-10 12:00 -05:00", tick=False)
def test_the_dashboard_shows_progress_overdue_actions_and_who_is_responsible(
    as_persona: Callable[[str], Client], two_actions: dict[str, Action]
) -> None:
    plan_services.action_set_status(action=two_actions["A2"], status=ActionStatus.DONE, user=None)
    html = as_persona("partner").get(reverse("coordination:plan", args=["etpv"])).content.decode()
    assert '<strong class="total">2</strong>' in html
    assert '<strong class="percent-done">50,0 %</strong>' in html
    assert '<strong class="overdue-count">1</strong>' in html  # A1, due 31 March, not done
    overdue = html.split('class="overdue-actions"')[1].split("</ul>")[0]
    assert "A1" in overdue
    assert "A2" not in overdue
    responsible = html.split('class="data responsibilities"')[1].split("</table>")[0]
    lead_of_a1 = two_actions["A1"].lead.name  # NRC, whose A1 is overdue
    assert responsible.index(lead_of_a1) < responsible.index("UNICEF")  # overdue first
