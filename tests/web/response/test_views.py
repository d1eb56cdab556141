"""Every 5W page for every role: who gets the page, who gets 403/404, who is sent to log in."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.web.response.models import Submission

from .conftest import confirm_upload

ROLES = [
    "cluster_admin", "im_officer", "leg_coordinator", "leg_elsewhere", "etc_analyst",
    "partner", "other_partner", "viewer", "anonymous",
]  # fmt: skip
NATIONAL = {"cluster_admin", "im_officer"}
REVIEWERS = NATIONAL | {"leg_coordinator", "leg_elsewhere"}
MEMBERS = set(ROLES) - {"anonymous"}
EXPORTERS = NATIONAL | {"leg_coordinator", "leg_elsewhere", "partner", "other_partner",
                        "etc_analyst"}  # fmt: skip
UPLOADERS = NATIONAL | {"partner", "other_partner"}
SEES_NRC_DRAFTS = NATIONAL | {"leg_coordinator", "partner"}

PAGES = {
    "response:list": MEMBERS,
    "response:review": REVIEWERS,
    "response:dashboard": MEMBERS,
    "response:completeness": REVIEWERS,
    "response:template": UPLOADERS,
    "response:export-xlsx": EXPORTERS,
    "response:export-hxl": EXPORTERS,
    "response:export-activityinfo": EXPORTERS,
    "response:export-activityinfo-csv": EXPORTERS,
    "response:dashboard-map": MEMBERS,
    "response:plans": MEMBERS,
}


@pytest.fixture
def as_role(people: dict[str, Any]) -> Any:
    def login(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        return client

    return login


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_answer_each_role(
    trayecto_home: Path, submission: Submission, as_role: Any, role: str, name: str
) -> None:
    response = as_role(role).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in PAGES[name]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_a_report_page_is_seen_only_by_those_who_may_read_it(
    trayecto_home: Path, submission: Submission, as_role: Any, role: str
) -> None:
    response = as_role(role).get(reverse("response:detail", args=[submission.pk]))
    expected = 302 if role == "anonymous" else 200 if role in SEES_NRC_DRAFTS else 404
    assert response.status_code == expected
    if expected == 200:
        assert "81065" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_validation_through_the_page(
    trayecto_home: Path, submission: Submission, as_role: Any, role: str
) -> None:
    url = reverse("response:action", args=[submission.pk, "validate"])
    response = as_role(role).post(url)
    submission.refresh_from_db()
    if role in NATIONAL | {"leg_coordinator"}:
        assert response.status_code == 302
        assert submission.status == Status.VALIDATED
    else:
        allowed = {302} if role == "anonymous" else {403, 404}
        assert response.status_code in allowed
        assert submission.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["partner", "other_partner", "viewer"])
def test_a_partner_never_exports_another_partners_unpublished_lines(
    trayecto_home: Path, submission: Submission, as_role: Any, role: str
) -> None:
    other = SubmissionFactory(organization=OrganizationFactory(code="savethechildren"))
    LineFactory(submission=other, municipality="44001")
    response = as_role(role).get(reverse("response:export-hxl"))
    if role == "viewer":
        assert response.status_code == 403
        return
    text = response.content.decode()
    assert ("81065" in text) is (role == "partner")
    assert ("44001" in text) is (role == "other_partner")


def test_the_upload_page_shows_every_problem(
    trayecto_home: Path, as_role: Any, people: dict[str, Any], shared_data: Path
) -> None:
    from trayecto import paths
    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    client = as_role("partner")
    template = client.get(reverse("response:template"), {"org": "nrc", "period": "2026-03"})
    assert template.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = wb["5W"]
    for row, beneficiaries in ((3, 10), (4, "=1/0"), (5, -2)):
        for col, value in enumerate(
            ["nrc", "2026-03", "", "81001", "", "", "EDU-04", "transito", "Nuevo", beneficiaries],
            start=1,
        ):
            sheet.cell(row, col, value)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "nrc-marzo.xlsx"
    response = client.post(reverse("response:upload"), {"org": "nrc", "file": data})
    page = response.content.decode()
    assert response.status_code == 200
    assert "negativa" in page
    assert not Submission.objects.exists()  # rejected rows: nothing sent before confirming
    assert "Enviar 1 de 3 filas a validación" in page
    sent = confirm_upload(client, page)
    assert "Enviado a validación: 1 de 3 filas" in sent
    assert Submission.objects.get().rows_imported == 1
    assert reverse("response:detail", args=[Submission.objects.get().pk]) in sent
    assert 'href="/5w/"' in sent
    assert not list((trayecto_home / "uploads").iterdir())  # the staged file is gone
    # the same file again: checked, confirmed, and nothing changes
    data.seek(0)
    again_sent = confirm_upload(
        client,
        client.post(reverse("response:upload"), {"org": "nrc", "file": data}).content.decode(),
    )
    assert "ya estaba cargado: no cambió nada" in again_sent
    # a second confirmation of the same upload finds nothing to send
    again_page = client.post(reverse("response:upload-confirm"), {"token": "x.xlsx"})
    assert again_page.status_code == 302

    fake = io.BytesIO(b"not a workbook")
    fake.name = "virus.xlsx"
    refused = client.post(reverse("response:upload"), {"org": "nrc", "file": fake}).content.decode()
    assert "no es un libro de Excel" in refused
    # another partner cannot upload in NRC's name
    again = io.BytesIO(data.getvalue())
    again.name = "x.xlsx"
    as_role("other_partner").post(reverse("response:upload"), {"org": "nrc", "file": again})
    assert Submission.objects.count() == 1


def test_bulk_approval_from_the_queue(
    trayecto_home: Path, submission: Submission, as_role: Any, people: dict[str, Any]
) -> None:
    from trayecto.web.response.services.workflow import submission_validate

    submission_validate(submission=submission, user=people["leg_coordinator"])
    queue = as_role("im_officer").get(reverse("response:review")).content.decode()
    assert f'value="{submission.pk}"' in queue
    denied = as_role("leg_coordinator").post(
        reverse("response:bulk-approve"), {"submission": [submission.pk]}
    )
    assert denied.status_code == 403
    as_role("im_officer").post(reverse("response:bulk-approve"), {"submission": [submission.pk]})
    submission.refresh_from_db()
    assert submission.status == Status.APPROVED


def test_the_dashboard_shows_published_reach_and_a_partners_own_drafts(
    trayecto_home: Path, submission: Submission, as_role: Any, people: dict[str, Any]
) -> None:
    from trayecto import paths
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.workflow import (
        submission_approve,
        submission_publish,
        submission_validate,
    )

    wh = Warehouse(paths.warehouse_dir())
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    draft = SubmissionFactory(
        organization=OrganizationFactory(code="savethechildren"), status=Status.SUBMITTED
    )
    LineFactory(submission=draft, municipality="81794", new_beneficiaries=400)
    viewer = as_role("viewer").get(reverse("response:dashboard"), {"period": "2026-03"})
    assert '<strong class="total">15</strong>' in viewer.content.decode()
    other = as_role("other_partner").get(reverse("response:dashboard"), {"period": "2026-03"})
    page = other.content.decode()
    assert '<strong class="total">15</strong>' in page
    assert "Sus reportes" in page
    assert "400" in page
    assert "400" not in viewer.content.decode()
    assert "Presencia de socios" in page
    assert "nrc" in page
    only_81065 = as_role("viewer").get(
        reverse("response:dashboard"), {"period": "2026-03", "municipality": "81065"}
    )
    assert '<strong class="total">5</strong>' in only_81065.content.decode()
    by_group = as_role("viewer").get(
        reverse("response:dashboard"), {"period": "2026-03", "group": "comunidad_acogida"}
    )
    assert '<strong class="total">0</strong>' in by_group.content.decode()


def test_the_template_can_be_prefilled_from_the_last_approved_report(
    trayecto_home: Path, submission: Submission, as_role: Any, people: dict[str, Any]
) -> None:
    from trayecto import paths
    from trayecto.domain.five_w_layout import FIRST_DATA_ROW, TEMPLATE_COLUMNS
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.workflow import submission_approve, submission_validate

    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(
        submission=submission, user=people["im_officer"], warehouse=Warehouse(paths.warehouse_dir())
    )
    response = as_role("partner").get(
        reverse("response:template"), {"org": "nrc", "period": "2026-04", "prefill": "1"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["5W"]
    fields = [c.field for c in TEMPLATE_COLUMNS]
    rows = [
        dict(zip(fields, row, strict=False))
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
        if any(row)
    ]
    assert [(r["municipality"], r["beneficiary_type"], r["month"]) for r in rows] == [
        ("81001", "Recurrente", "2026-04"),
        ("81065", "Recurrente", "2026-04"),
    ]
    assert rows[0]["population_group"] == "Refugiados y migrantes en tránsito"


def test_partners_see_their_reminders(
    trayecto_home: Path, as_role: Any, people: dict[str, Any]
) -> None:
    import time_machine

    from tests.web.factories import PeriodFactory

    march = PeriodFactory(month="2026-03", due_date=date(2026, 4, 10))
    SubmissionFactory(organization=OrganizationFactory(code="nrc"), period=march)
    PeriodFactory(month="2026-04", due_date=date(2026, 5, 10))
    with time_machine.travel(datetime(2026, 5, 10, 15, tzinfo=UTC)):
        page = as_role("partner").get(reverse("response:list")).content.decode()
    assert "El reporte de 2026-04 vence hoy." in page
    assert "2026-03 está vencido" not in page


def test_the_map_colours_departments_by_published_reach(
    trayecto_home: Path, submission: Submission, as_role: Any, people: dict[str, Any],
    shared_data: Path,
) -> None:  # fmt: skip
    from trayecto import paths
    from trayecto.importers.boundaries import load as load_mgn2018
    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.workflow import (
        submission_approve,
        submission_publish,
        submission_validate,
    )

    wh = Warehouse(paths.warehouse_dir())
    load_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")), wh, dry_run=False)
    load_mgn2018(
        shared_data / "mgn2018_boundaries" / "colombia_2018_simplified.topojson", wh, dry_run=False
    )
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    spec = as_role("viewer").get(reverse("response:dashboard-map"), {"period": "2026-03"}).json()
    features = {f["properties"]["code"]: f["properties"] for f in spec["data"]["values"]}
    assert len(features) == 33
    assert features["81"]["alcanzados"] == 15
    assert features["05"]["alcanzados"] == 0
    assert spec["mark"]["type"] == "geoshape"


@pytest.mark.parametrize("role", ROLES)
def test_only_national_roles_lock_a_period_and_a_reason_is_kept(
    trayecto_home: Path, submission: Submission, as_role: Any, role: str
) -> None:
    url = reverse("response:period-lock", args=["2026-03"])
    response = as_role(role).post(url, {"lock": "1", "reason": "cierre trimestral"})
    submission.period.refresh_from_db()
    if role in NATIONAL:
        assert response.status_code == 302
        assert submission.period.locked
        assert submission.period.lock_reason == "cierre trimestral"
        assert "cierre trimestral" in as_role(role).get(reverse("response:review")).content.decode()
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert not submission.period.locked


def test_the_period_chosen_on_the_upload_page_gives_the_year_to_month_names(
    trayecto_home: Path, as_role: Any, people: dict[str, Any], shared_data: Path, tmp_path: Path
) -> None:
    from tests.importers.test_five_w_workbooks import gifmm_workbook
    from trayecto import paths
    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    row = {
        "Socio Principal": "nrc", "Departamento": "Arauca", "Municipio": "Saravena",
        "Mes": "Marzo",
        "Indicador": "# de refugiados y migrantes de Venezuela que acceden a servicios de "
        "educación de emergencia no formales y formales",
        "Beneficiarios mensuales": 9, "Beneficiarios nuevos": 9, "Beneficiarios en tránsito": 9,
    }  # fmt: skip
    path = gifmm_workbook(
        tmp_path / "g.xlsx",
        shared_data / "gifmm_reference_catalogs" / "gifmm_5w_template_v1_1_columns.csv",
        [row, {**row, "Mes": "Febrero"}],
    )
    client = as_role("partner")
    with path.open("rb") as fh:
        page = client.post(
            reverse("response:upload"), {"org": "nrc", "file": fh, "period": "2026-03"}
        ).content.decode()
    assert "2026-02 está fuera del periodo reportado 2026-03" in page
    confirm_upload(client, page)
    submission = Submission.objects.get()
    assert (submission.period.month, submission.rows_imported, submission.rows_rejected) == (
        "2026-03", 1, 1,
    )  # fmt: skip
    assert submission.lines.get().municipality == "81736"
    with path.open("rb") as fh:
        client.post(reverse("response:upload"), {"org": "nrc", "file": fh, "period": "marzo"})
    assert Submission.objects.get().rows_imported == 1  # a malformed period changes nothing


def test_an_etc_analyst_sees_figures_and_exports_of_its_municipalities_only(
    trayecto_home: Path,
    submission: Submission,
    as_role: Any,
    people: dict[str, Any],
    reference_warehouse: Any,
) -> None:
    """Cúcuta's Secretaría: the published Arauca lines of the same report are in nobody's
    view but the others'; a filter on a municipality outside the ETC selects nothing."""
    from trayecto import paths
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.workflow import (
        submission_approve,
        submission_publish,
        submission_validate,
    )

    wh = Warehouse(paths.warehouse_dir())
    real_etcs = reference_warehouse.connect().table("municipality_etc").to_arrow_table()
    wh.publish("municipality_etc", real_etcs, {"source": "etc"})
    LineFactory(submission=submission, municipality="54001", new_beneficiaries=700)
    submission_validate(submission=submission, user=people["cluster_admin"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)

    def total(role: str, **query: str) -> str:
        page = as_role(role).get(reverse("response:dashboard"), {"period": "2026-03", **query})
        return page.content.decode().split('<strong class="total">')[1].split("<")[0]

    assert total("viewer") == "715"
    assert total("etc_analyst") == "700"
    assert total("etc_analyst", municipality="81065") == "0"
    assert total("etc_analyst", municipality="54001") == "700"
    exported = as_role("etc_analyst").get(reverse("response:export-hxl")).content.decode()
    assert "54001" in exported
    assert "81065" not in exported
    assert "81065" in as_role("im_officer").get(reverse("response:export-hxl")).content.decode()
    detail = as_role("etc_analyst").get(reverse("response:detail", args=[submission.pk]))
    assert "(1)" in detail.content.decode()  # one of the three lines


def test_the_template_defaults_to_the_last_finished_month(
    trayecto_home: Path, as_role: Any, people: dict[str, Any]
) -> None:
    import time_machine

    with time_machine.travel("2026-03-15 12:00 -05:00", tick=False):
        response = as_role("partner").get(reverse("response:template"), {"org": "nrc"})
        page = as_role("partner").get(reverse("response:list")).content.decode()
    assert 'filename="5W-nrc-2026-02.xlsx"' in response["Content-Disposition"]
    assert 'name="period" value="2026-02"' in page


def test_unconfirmed_uploads_are_removed_after_a_day(trayecto_home: Path) -> None:
    import os
    import time

    from trayecto.web.response.upload_task import STAGED_HOURS, staging_dir

    folder = staging_dir()
    stale, fresh = folder / "old.xlsx", folder / "new.xlsx"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    past = time.time() - (STAGED_HOURS + 1) * 3600
    os.utime(stale, (past, past))
    staging_dir()
    assert sorted(p.name for p in folder.iterdir()) == ["new.xlsx"]


def test_a_period_locked_before_confirming_sends_nothing_and_says_why(
    trayecto_home: Path, as_role: Any, people: dict[str, Any], shared_data: Path
) -> None:
    from trayecto import paths
    from trayecto.importers.divipola import load as load_divipola
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.periods import period_for_month, period_lock

    divipola = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    load_divipola(divipola, Warehouse(paths.warehouse_dir()), dry_run=False)
    client = as_role("partner")
    template = client.get(reverse("response:template"), {"org": "nrc", "period": "2026-03"})
    wb = openpyxl.load_workbook(io.BytesIO(template.content))
    for row, beneficiaries in ((3, 10), (4, -2)):
        for col, value in enumerate(
            ["nrc", "2026-03", "", "81001", "", "", "EDU-04", "transito", "Nuevo", beneficiaries],
            start=1,
        ):
            wb["5W"].cell(row, col, value)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "nrc.xlsx"
    page = client.post(reverse("response:upload"), {"org": "nrc", "file": data}).content.decode()
    period_lock(period=period_for_month("2026-03"), user=None, reason="cierre")
    refused = confirm_upload(client, page)
    assert "está cerrado" in refused
    assert "Enviado a validación" not in refused
    assert not Submission.objects.exists()
