"""Planned activities: who edits them (the partner for itself, the IM officer), the template
pre-filled from them, and reached against planned per partner on the dashboard."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.web.factories import arauca_leg
from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.models import AuditLog, PlannedActivity, Submission
from trayecto.web.response.services.plans import planned_activity_delete, planned_activity_save

from .conftest import confirm_upload

ROLES = [
    "cluster_admin", "im_officer", "leg_coordinator", "leg_elsewhere", "etc_analyst",
    "partner", "other_partner", "viewer", "anonymous",
]  # fmt: skip
EDITS_NRC_PLAN = {"im_officer", "partner"}
SEES_NRC_PLAN = {"cluster_admin", "im_officer", "leg_coordinator", "partner"}


def nrc_plan(**extra: Any) -> PlannedActivity:
    values: dict[str, Any] = {
        "organization": Organization.objects.get(code="nrc"), "activity": "EDU-04",
        "department": "81", "municipality": "81001", "population_group": "transito",
        "plan_year": 2026, "planned_beneficiaries": 10,
    }  # fmt: skip
    values.update(extra)
    return planned_activity_save(user=None, **values)


@pytest.mark.parametrize("role", ROLES)
def test_a_plan_is_changed_by_its_partner_and_the_im_officer_only(
    people: dict[str, Any], role: str
) -> None:
    plan = nrc_plan()
    user = people[role]
    visible = access.plans_visible_to(user).filter(pk=plan.pk).exists()
    assert visible is (role in SEES_NRC_PLAN)
    nrc = plan.organization
    if role in EDITS_NRC_PLAN:
        again = planned_activity_save(
            user=user, organization=nrc, activity="EDU-04", department="81",
            municipality="81001", population_group="Refugiados y migrantes en tránsito",
            plan_year=2026, planned_beneficiaries=250,
        )  # fmt: skip
        assert again.pk == plan.pk  # same cell: the number changes, no duplicate
        assert PlannedActivity.objects.get().planned_beneficiaries == 250
        planned_activity_delete(user=user, plan=again)
        assert not PlannedActivity.objects.exists()
        actions = list(AuditLog.objects.filter(object_type="plannedactivity")
                       .values_list("action", flat=True))  # fmt: skip
        assert sorted(actions) == ["plan_add", "plan_delete", "plan_update"]
        return
    with pytest.raises(PermissionDenied):
        planned_activity_save(
            user=user, organization=nrc, activity="EDU-04", department="81",
            population_group="transito", plan_year=2026, planned_beneficiaries=1,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        planned_activity_delete(user=user, plan=plan)
    assert PlannedActivity.objects.get().planned_beneficiaries == 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"activity": "Clases de cocina"}, "fuera del catálogo"),
        ({"population_group": "marcianos"}, "grupo poblacional"),
        ({"municipality": "54001"}, "de ese departamento"),
        ({"department": "8"}, "departamento de 2 dígitos"),
        ({"planned_beneficiaries": -3}, "cero o más"),
    ],
)
def test_a_plan_with_a_bad_value_says_what_is_wrong(
    people: dict[str, Any], change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        nrc_plan(**change)
    assert message in raised.value.messages[0]
    assert not PlannedActivity.objects.exists()


def test_the_plan_page_adds_and_deletes_for_the_partner_only(
    trayecto_home: Path, people: dict[str, Any]
) -> None:
    partner, other = Client(), Client()
    partner.force_login(people["partner"])
    other.force_login(people["other_partner"])
    form = {"org": "nrc", "activity": "EDU-09", "department": "81", "municipality": "81736",
            "group": "comunidad_acogida", "planned": "40", "year": "2026"}  # fmt: skip
    partner.post(reverse("response:plans") + "?year=2026", form)
    plan = PlannedActivity.objects.get()
    assert (plan.organization.code, plan.municipality, plan.planned_beneficiaries) == (
        "nrc", "81736", 40,
    )  # fmt: skip
    page = partner.get(reverse("response:plans"), {"year": "2026"}).content.decode()
    assert "81736" in page
    assert "81736" not in other.get(reverse("response:plans"), {"year": "2026"}).content.decode()
    assert other.post(reverse("response:plans"), form).status_code == 403
    assert other.post(reverse("response:plan-delete", args=[plan.pk])).status_code == 404
    bad = partner.post(reverse("response:plans"), {**form, "municipality": "54001"}, follow=True)
    assert "de ese departamento" in bad.content.decode()
    partner.post(reverse("response:plan-delete", args=[plan.pk]))
    assert not PlannedActivity.objects.exists()


def test_the_template_prefilled_from_the_plan_leaves_the_counts_to_the_partner(
    trayecto_home: Path, people: dict[str, Any], shared_data: Path
) -> None:
    """Download the plan-filled template, upload it untouched (every line reported: no
    beneficiaries), fill the counts of one line, upload again (that line enters)."""
    from trayecto import paths
    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    nrc_plan(funded_project="ECHO-EDU-2026")
    nrc_plan(activity="EDU-09", municipality="", planned_beneficiaries=300)
    nrc_plan(plan_year=2025, planned_beneficiaries=5)  # another plan year: not in the template
    client = Client()
    client.force_login(people["partner"])
    response = client.get(
        reverse("response:template"), {"org": "nrc", "period": "2026-05", "prefill": "plan"}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["5W"]
    fields = [c.field for c in TEMPLATE_COLUMNS]
    rows = [
        dict(zip(fields, row, strict=False))
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
        if any(row)
    ]
    assert [(r["municipality"], r["activity"], r["month"]) for r in rows] == [
        ("81001 - Arauca (Arauca)", "EDU-04 - Alimentación escolar (personas)", "2026-05"),
        (None, "EDU-09 - Apoyo psicosocial y socioemocional (personas)", "2026-05"),
    ]
    assert rows[0]["department"] == "81 - Arauca"
    # the plan's funded project goes into the template's «Convenio Financiado» column
    assert [r["funded_project"] for r in rows] == ["ECHO-EDU-2026", None]
    assert rows[0]["comments"].startswith("Planificado: 10 personas en 2026")
    assert all(r["beneficiaries"] is None and r["beneficiary_type"] is None for r in rows)

    def upload(name: str) -> str:
        data = io.BytesIO()
        workbook.save(data)
        data.seek(0)
        data.name = name
        return client.post(
            reverse("response:upload"), {"org": "nrc", "file": data}
        ).content.decode()

    untouched = upload("plan.xlsx")
    assert untouched.count("falta el número de beneficiarios del mes") == 2
    assert not Submission.objects.exists()  # nothing entered: both lines lack counts
    column = {f: i + 1 for i, f in enumerate(fields)}
    sheet.cell(FIRST_DATA_ROW, column["beneficiary_type"], "Nuevo")
    sheet.cell(FIRST_DATA_ROW, column["beneficiaries"], 7)
    confirm_upload(client, upload("plan-filled.xlsx"))
    submission = Submission.objects.get()
    assert (submission.rows_read, submission.rows_imported, submission.rows_rejected) == (2, 1, 1)
    assert submission.lines.get().municipality == "81001"


def test_the_dashboard_compares_reached_with_planned_per_partner(
    trayecto_home: Path, submission: Submission, people: dict[str, Any]
) -> None:
    from trayecto import paths
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.selectors.reach import planned_vs_reached
    from trayecto.web.response.services.workflow import (
        submission_approve,
        submission_publish,
        submission_validate,
    )

    wh = Warehouse(paths.warehouse_dir())
    # like with like: the plan of EDU-04 in 81001 for people in transit is compared with
    # NRC's EDU-04 reach in 81001 for that group (10), not with NRC's whole reach (15)
    nrc_plan(planned_beneficiaries=8)
    nrc_plan(activity="EDU-09", municipality="", planned_beneficiaries=20)
    nrc_plan(population_group="comunidad_acogida", planned_beneficiaries=30)
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    rows = planned_vs_reached(warehouse=wh, period="2026-03", plans=PlannedActivity.objects.all())
    found = [(r["activity"], r["place"], r["population_group"], r["planned"], r["reached"],
              r["percent_of_plan"], r["above_plan"]) for r in rows]  # fmt: skip
    assert found == [
        ("EDU-04", "81001", "Comunidad de acogida", 30, 0, 0.0, False),
        ("EDU-04", "81001", "Refugiados y migrantes en tránsito", 8, 10, 125.0, True),
        ("EDU-09", "81", "Refugiados y migrantes en tránsito", 20, 5, 25.0, False),
    ]
    client = Client()
    client.force_login(people["partner"])
    page = client.get(reverse("response:dashboard"), {"period": "2026-03"}).content.decode()
    table = page.split('class="data planned"')[1].split("</table>")[0]
    assert "125.0" in table or "125,0" in table
    assert "sobre lo planificado" in table
    assert ">0.0<" in table or ">0,0<" in table  # nothing reached yet: 0 %, not a dash
    # a plan in Cúcuta is not the Arauca LEG's
    nrc_plan(department="54", municipality="54001", planned_beneficiaries=100)
    leg = Client()
    leg.force_login(arauca_leg())
    leg_page = leg.get(reverse("response:dashboard"), {"period": "2026-03"}).content.decode()
    leg_table = leg_page.split('class="data planned"')[1].split("</table>")[0]
    assert "54001" not in leg_table
    assert "81001" in leg_table
    viewer = Client()
    viewer.force_login(people["viewer"])
    shown = viewer.get(reverse("response:dashboard"), {"period": "2026-03"}).content.decode()
    assert 'class="data planned"' not in shown  # plans are not for viewers


def test_the_plan_page_names_the_funded_project_and_refuses_a_too_long_one(
    trayecto_home: Path, people: dict[str, Any]
) -> None:
    """The funded project follows the 5W line's «Convenio Financiado» rule: up to 200
    characters; longer is refused with its length and what to write, and nothing is saved."""
    partner = Client()
    partner.force_login(people["partner"])
    form = {"org": "nrc", "activity": "EDU-09", "department": "81", "municipality": "81736",
            "group": "comunidad_acogida", "planned": "40", "year": "2026"}  # fmt: skip
    long = partner.post(
        reverse("response:plans") + "?year=2026", {**form, "funded_project": "x" * 201},
        follow=True,
    )  # fmt: skip
    assert "tiene 201 caracteres y caben 200" in long.content.decode()
    assert "el nombre o el número del convenio" in long.content.decode()
    assert not PlannedActivity.objects.exists()
    partner.post(reverse("response:plans") + "?year=2026",
                 {**form, "funded_project": "  ECHO   EDU-2026 "})  # fmt: skip
    assert PlannedActivity.objects.get().funded_project == "ECHO EDU-2026"  # as the 5W stores it
    page = partner.get(reverse("response:plans"), {"year": "2026"}).content.decode()
    assert "<td>ECHO EDU-2026</td>" in page
    with pytest.raises(ValidationError) as raised:
        nrc_plan(funded_project="y" * 201)  # the service holds the rule too
    assert "tiene 201 caracteres y caben 200" in raised.value.messages[0]
