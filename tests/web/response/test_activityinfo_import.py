"""An ActivityInfo (GIFMM 5W v2) export brought into the 5W cycle: one submitted report per
organisation × month, through the 5W reader's checks and the upload's storing; every row
imported or reported, counts reconciled, atomic and idempotent; from the command line and
from the upload page, for every persona."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from tests.web.api import test_activityinfo as exported
from tests.web.factories import OrganizationFactory
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.cli.main import app
from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import Status
from trayecto.reports import activityinfo as writer
from trayecto.warehouse import Warehouse
from trayecto.web.api.activityinfo import activityinfo_export
from trayecto.web.response.models import ActivityLine, AuditLog, Submission
from trayecto.web.response.services import workflow
from trayecto.web.response.services.activityinfo_imports import activityinfo_import

from .conftest import confirm_upload

pytestmark = pytest.mark.django_db
# the export's own fixtures: two partners' March reports, published (tests/web/api/)
geography_home = exported.geography_home
published_march = exported.published_march


def export_month(store: Warehouse, path: Path) -> writer.Export:
    """The month's published 5W as `trayecto export activityinfo` writes it."""
    export, body, _ = activityinfo_export("2026-03", store)
    if path.suffix == ".csv":
        path.write_bytes(writer.to_csv(body))
    else:
        writer.write_xlsx(path, export, body)
    return export


def brought_in(store: Warehouse, path: Path, **options: Any) -> Any:
    return activityinfo_import(
        path=path, matcher=matcher_from_warehouse(store.reader()[0]), **options
    )


def a_platform_without_those_reports() -> None:
    """The export goes to another platform, which has the organisations but not the reports."""
    Submission.objects.all().delete()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_comes_back_as_each_organisations_reports_with_its_reach(
    published_march: Warehouse, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"activityinfo-2026-03{suffix}"
    export = export_month(published_march, path)
    a_platform_without_those_reports()
    report = brought_in(published_march, path, period="2026-03")
    assert not report.refused, report.problems
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (6, 6, 0)
    assert [p for p in report.problems if p.severity == "error"] == []
    reports = {s.organization.code: s for s in Submission.objects.all()}
    assert sorted(reports) == ["nrc", "unicef"]
    assert {s.status for s in reports.values()} == {Status.SUBMITTED}
    assert {s.period.month for s in reports.values()} == {"2026-03"}
    # NRC's three lines; UNICEF's two, one of them two groups: three rows, three lines
    assert [reports[o].lines.count() for o in ("nrc", "unicef")] == [3, 3]
    assert reports["nrc"].profile == "activityinfo"
    cuc = reports["unicef"].lines.filter(municipality="54001").order_by("population_group")
    assert [(x.population_group, x.group_cells) for x in cuc] == [
        ("comunidad_acogida", {"comunidad_acogida:m:0-17": 2}),
        ("vocacion_permanencia", {"vocacion_permanencia:m:0-17": 3}),
    ]
    adults = reports["nrc"].lines.get(municipality="81065")
    # «*Nuevos Sin sexo >= 18 o sin rango de edad» holds no age band: it stays unknown
    assert adults.group_cells == {"transito:f:0-17": 4, "transito:m:18+": 2, "transito:u:u": 1}
    # the same workflow as an upload: the LEG/national steps, then published
    for submission in reports.values():
        workflow.submission_validate(submission=submission, user=None)
        workflow.submission_approve(submission=submission, user=None, warehouse=published_march)
        workflow.submission_publish(submission=submission, user=None, warehouse=published_march)
    again, _, _ = activityinfo_export("2026-03", published_march)
    # the lines carry GIFMM's bands, so the platform's reach is the one the file stated
    assert again.reach_platform == again.reach_gifmm == export.reach_gifmm == 30
    assert export.reach_platform == 38  # what the source platform counted at its bands


def test_the_same_file_twice_brings_nothing_new(published_march: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "activityinfo.csv"
    export_month(published_march, path)
    a_platform_without_those_reports()
    first = brought_in(published_march, path)
    assert {o["action"] for o in first.details["submissions"]} == {"import"}
    lines, events = ActivityLine.objects.count(), AuditLog.objects.count()
    second = brought_in(published_march, path)
    assert {o["action"] for o in second.details["submissions"]} == {"unchanged"}
    assert (ActivityLine.objects.count(), AuditLog.objects.count()) == (lines, events)
    assert lines == 6


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=gifmm_v2.COLUMNS)
        out.writeheader()
        out.writerows(rows)
    return path


def gifmm_row(**values: str) -> dict[str, str]:
    """A row as ActivityInfo exports the sub-group's form (synthetic; GIFMM's spellings)."""
    row = {
        "Socio Principal": "NRC", "Departamento": "Norte_De_Santander", "Municipio": "Cúcuta",
        "Mes": "03_Marzo", "Actividad de marco lógico": "EDU-04",
        "Total beneficiarios alcanzados en el mes": "30", "Beneficiarios nuevos en el mes": "9",
        "En tránsitos": "30", "*Nuevas Niñas y adolescentes <17": "4",
        "*Nuevas Niños y adolescentes <17": "5",
    }  # fmt: skip
    return {**row, **values}


def test_every_row_is_imported_or_reported_and_the_counts_reconcile(
    geography_home: Warehouse,
    tmp_path: Path,
    partner: Any,
) -> None:
    OrganizationFactory(code="unicef", name="UNICEF")
    path = write_rows(tmp_path / "activityinfo.csv", [
        gifmm_row(),  # 2 NRC: in
        gifmm_row(**{"Socio Principal": "Consejo Imaginario"}),  # 3 not registered
        gifmm_row(**{"Municipio": "Ciudad Gótica"}),  # 4 no such place
        gifmm_row(**{"Socio Principal": "unicef"}),  # 5 UNICEF: not the partner's
        gifmm_row(**{"En tránsitos": "20", "Pendulares": "5"}),  # 6 groups 25 of 30
        gifmm_row(**{"Actividad de marco lógico": "", "Mes": "04_Abril"}),  # 7 outside March
    ])  # fmt: skip
    report = brought_in(geography_home, path, user=partner, period="2026-03")
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (6, 1, 5)
    errors = {p.row: p for p in report.problems if p.severity == "error"}
    assert sorted(errors) == [3, 4, 5, 6, 7]
    seventh = {p.column for p in report.problems if p.row == 7}
    assert seventh == {"Mes", "Indicador GIFMM"}  # every problem of a row, not the first
    assert (errors[3].column, errors[3].value) == ("Socio Principal", "Consejo Imaginario")
    assert "organización no registrada" in errors[3].message
    assert "trayecto org add" in errors[3].message
    assert (errors[4].column, errors[4].value) == ("Municipio", "Ciudad Gótica")
    assert (errors[5].column, errors[5].value) == ("Socio Principal", "unicef")
    assert "usted carga solo los reportes de nrc" in errors[5].message
    assert "los grupos poblacionales suman 25 y los beneficiarios del mes son 30" in (
        errors[6].message
    )
    (submission,) = Submission.objects.all()
    assert (submission.organization.code, submission.lines.count()) == ("nrc", 1)
    line = submission.lines.get()
    assert (line.municipality, line.activity, line.population_group) == (
        "54001", "EDU-04", "transito",
    )  # fmt: skip
    assert line.group_cells == {"transito:f:0-17": 4, "transito:m:0-17": 5}
    assert submission.submitted_by == partner


def test_a_month_that_may_not_change_refuses_the_whole_file(
    published_march: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "activityinfo.csv"
    export_month(published_march, path)
    Submission.objects.filter(organization__code="nrc").delete()  # UNICEF's stays published
    lines = ActivityLine.objects.count()
    report = brought_in(published_march, path)
    assert report.refused
    assert "el reporte de unicef para 2026-03 ya está aprobado" in report.problems[-1].message
    # NRC's months would have gone in first: nothing of the file stayed
    assert not Submission.objects.filter(organization__code="nrc").exists()
    assert ActivityLine.objects.count() == lines


def test_a_partner_template_is_not_an_activityinfo_export(
    geography_home: Warehouse,
    tmp_path: Path,
) -> None:
    path = tmp_path / "hxl.csv"
    path.write_text(
        "Organisation,When,Where,What,Type,How many\n"
        "#org +code,#date+month,#adm2+code,#activity+code,#reached+type,#reached+total\n"
        "nrc,2026-03,81065,EDU-09,nuevo,7\n",
        encoding="utf-8",
    )
    report = brought_in(geography_home, path)
    assert report.refused
    assert "no es una exportación de ActivityInfo" in report.problems[-1].message
    assert not Submission.objects.exists()


def test_the_command_line_imports_it_and_again_changes_nothing(
    published_march: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "activityinfo.xlsx"
    export_month(published_march, path)
    a_platform_without_those_reports()
    command = ["import", "activityinfo", str(path), "--period", "2026-03", "--json"]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    found = json.loads(first.stdout)
    assert (found["rows_read"], found["rows_imported"], found["rows_rejected"]) == (6, 6, 0)
    assert sorted((s["organization"], s["action"]) for s in found["submissions"]) == [
        ("nrc", "import"), ("unicef", "import"),
    ]  # fmt: skip
    again = json.loads(CliRunner().invoke(app, command).stdout)
    assert {s["action"] for s in again["submissions"]} == {"unchanged"}
    assert Submission.objects.count() == 2
    wrong = CliRunner().invoke(app, ["import", "activityinfo", str(path), "--org", "nrc"])
    assert wrong.exit_code == 2


# --------------------------------------------------------------------------- the upload page
UPLOAD = {
    # who may send the file, and whose reports it becomes
    "cluster_admin": ["nrc", "unicef"],
    "im_officer": ["nrc", "unicef"],
    "partner": ["nrc"],
    "other_partner": [],
}
REFUSED = ("leg_coordinator", "leg_elsewhere", "etc_analyst", "viewer", "outsider")


@pytest.mark.parametrize("persona", [*UPLOAD, *REFUSED, "anonymous"])
def test_the_upload_page_takes_the_export_by_its_headers(
    published_march: Warehouse,
    tmp_path: Path,
    people: dict[str, Any],
    persona: str,
) -> None:
    path = tmp_path / "activityinfo.csv"
    export_month(published_march, path)
    a_platform_without_those_reports()
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    own = {"partner": "nrc", "other_partner": "savethechildren"}.get(persona, "unicef")
    with path.open("rb") as fh:
        answer = client.post(reverse("response:upload"), {"org": own, "file": fh})
    if persona == "anonymous":
        assert answer.status_code == 302
        assert "/accounts/login/" in answer["Location"]
        return
    if persona in REFUSED:
        assert answer.status_code == 403
        assert not Submission.objects.exists()
        return
    page = answer.content.decode()
    assert answer.status_code == 200
    expected = UPLOAD[persona]
    if len(expected) < 2:  # rows of other organisations: shown before anything is sent
        assert "usted carga solo los reportes de" in page
        assert not Submission.objects.exists()
        if not expected:
            return
        page = confirm_upload(client, page)
    assert sorted(s.organization.code for s in Submission.objects.all()) == expected
    assert {s.status for s in Submission.objects.all()} == {Status.SUBMITTED}
    assert all(s.submitted_by == people[persona] for s in Submission.objects.all())


# --------------------------------------------------------------------------- the download
DOWNLOAD_ROWS = {
    # the published March lines each role may export (the line exports' rule)
    "cluster_admin": 6, "im_officer": 6, "partner": 6, "other_partner": 6,
    "leg_coordinator": 6,
    "leg_elsewhere": 6,  # published reports are every LEG's to export, as in the line export
    "etc_analyst": 3,  # Cúcuta (54001): NRC's line and UNICEF's two-group line
}  # fmt: skip


@pytest.mark.parametrize("persona", [*DOWNLOAD_ROWS, "viewer", "outsider", "anonymous"])
def test_the_download_is_the_export_of_what_the_role_may_export(
    published_march: Warehouse,
    tmp_path: Path,
    people: dict[str, Any],
    persona: str,
) -> None:
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    asked = {"period": "2026-03"}
    answer = client.get(reverse("response:export-activityinfo"), asked)
    as_csv = client.get(reverse("response:export-activityinfo-csv"), asked)
    if persona == "anonymous":
        assert answer.status_code == as_csv.status_code == 302
        return
    if persona not in DOWNLOAD_ROWS:
        assert answer.status_code == as_csv.status_code == 403
        return
    assert answer.status_code == as_csv.status_code == 200
    assert "GIFMM-5W-v2-2026-03.xlsx" in answer["Content-Disposition"]
    path = tmp_path / "downloaded.xlsx"
    path.write_bytes(answer.content)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["5W"].iter_rows(values_only=True))
    assert list(rows[0]) == list(gifmm_v2.COLUMNS)
    assert len(rows) - 1 == DOWNLOAD_ROWS[persona]
    note = {row[0]: row[1] for row in book["Nota"].iter_rows(values_only=True)}
    assert note["mes / month"] == "2026-03"
    table = list(csv.reader(as_csv.content.decode("utf-8").splitlines()))
    assert table[0] == list(gifmm_v2.COLUMNS)
    assert len(table) - 1 == DOWNLOAD_ROWS[persona]
    if persona == "im_officer":  # the national file states the reach the CLI's export states
        assert note["alcance en las bandas del GIFMM / reach at GIFMM's bands"] == "30"
        # and it is a file the import reads back, row for row
        a_platform_without_those_reports()
        report = brought_in(published_march, path)
        assert (report.rows_read, report.rows_imported) == (6, 6)
    if persona == "etc_analyst":
        assert {row[7] for row in rows[1:]} == {"San José de Cúcuta"}


@pytest.mark.parametrize("persona", ["im_officer", "partner", "etc_analyst", "viewer"])
def test_the_reach_page_links_the_download_for_who_may_export(
    published_march: Warehouse, people: dict[str, Any], persona: str
) -> None:
    client = Client()
    client.force_login(people[persona])
    page = client.get(reverse("response:dashboard"), {"period": "2026-03"}).content.decode()
    link = f'href="{reverse("response:export-activityinfo")}?'
    assert (link in page) is (persona != "viewer")


def test_a_month_with_nothing_published_downloads_an_empty_file_without_geography(
    trayecto_home: Path, people: dict[str, Any]
) -> None:
    """No line, no place to name: the month's file is its header alone, even on a platform
    that has not imported the geography yet; nothing refuses it."""
    client = Client()
    client.force_login(people["im_officer"])
    answer = client.get(reverse("response:export-activityinfo-csv"), {"period": "2026-03"})
    assert answer.status_code == 200
    table = list(csv.reader(answer.content.decode("utf-8").splitlines()))
    assert table == [list(gifmm_v2.COLUMNS)]
