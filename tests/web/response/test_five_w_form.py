"""The 5W as an XLSForm for partners without Excel: the form written from the template's
columns and catalogues (KoboToolbox and ODK accept it: pyxform and ODK Validate), and its
submissions export (Kobo's XLSX, ODK Central's zip of CSVs, with the repeat group of lines)
brought into the 5W cycle by the 5W rules: every line imported or reported, counts
reconciled, atomic and idempotent, from the upload page and the command line."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from tests.web.api import test_activityinfo as exported
from tests.web.factories import OrganizationFactory, SubmissionFactory
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.cli.main import app
from trayecto.domain.catalogue import EIE_ACTIVITIES
from trayecto.domain.five_w import PopulationGroup, Status
from trayecto.domain.five_w_form import QUESTIONS, REPEAT
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import ActivityLine, AuditLog, Submission
from trayecto.web.response.services.form_imports import five_w_form_import

from .conftest import confirm_upload

pytestmark = pytest.mark.django_db
geography_home = exported.geography_home
HEADER = [q for q in QUESTIONS if not q.in_repeat]
LINE = [q for q in QUESTIONS if q.in_repeat]
LABEL_OF = {
    "es": {q.name: q.column.header_es for q in QUESTIONS},
    "en": {q.name: q.column.header_en for q in QUESTIONS},
}


def line(**answers: str) -> dict[str, str]:
    """A line as the form records it (choice names), in Arauca (real DIVIPOLA codes)."""
    return {
        "departamento": "81", "municipio": "81001", "actividad": "EDU-04",
        "grupo_poblacional": "comunidad_acogida", "tipo_beneficiarios": "nuevo",
        "beneficiarios": "20", "mujeres_0_5": "12", "hombres_0_5": "8", "apoyo_etpv": "no",
    } | answers  # fmt: skip


def sent(
    org: str, lines: list[dict[str, str]], *, month: str = "2026-03", at: str = "10:00"
) -> dict[str, Any]:
    return {"organizacion": org, "mes": month, "at": f"2026-04-02T{at}:00", "lines": lines}


LABELS = {  # the labels a "Labels" export writes for the choices above, per language
    "es": {
        "81": "81 - Arauca", "81001": "81001 - Arauca (Arauca)",
        "EDU-04": "EDU-04 - Alimentación escolar (personas)",
        "comunidad_acogida": "Comunidad de acogida", "nuevo": "Nuevo", "no": "No", "si": "Sí",
        "informacion": "Orientación e información sobre el ETPV",
    },
    "en": {
        "81": "81 - Arauca", "81001": "81001 - Arauca (Arauca)",
        "EDU-04": "EDU-04 - School feeding (personas)",
        "EDU-05": "EDU-05 - WASH in schools (sedes)",
        "comunidad_acogida": "Host community", "transito": "In transit", "nuevo": "New",
        "no": "No", "si": "Yes", "informacion": "Guidance and information on the ETPV",
    },
}  # fmt: skip


def kobo_export(path: Path, submissions: list[dict[str, Any]], *, labels: str = "") -> Path:
    """Kobo's XLSX export: the submissions sheet (`_index`) and the `lineas` sheet
    (`_parent_index`), questions under the repeat's `lineas/` prefix; XML names or labels."""

    def head(name: str) -> str:
        return LABEL_OF[labels][name] if labels else name

    def answer(text: str) -> str:
        return LABELS[labels].get(text, text) if labels else text

    book = xlsxwriter.Workbook(str(path))
    main = book.add_worksheet("Reporte 5W del Cluster")
    lines = book.add_worksheet(REPEAT)
    main_head = ["start", *(head(q.name) for q in HEADER), "_id", "_submission_time", "_index"]
    line_head = [f"{REPEAT}/{head(q.name)}" for q in LINE]
    line_head += ["_index", "_parent_table_name", "_parent_index", "_submission__id"]
    main.write_row(0, 0, main_head)
    lines.write_row(0, 0, line_head)
    r = 0
    for n, s in enumerate(submissions, start=1):
        main.write_row(n, 0, ["2026-04-01", s["organizacion"], s["mes"], str(900 + n), s["at"],
                              str(n)])  # fmt: skip
        for item in s["lines"]:
            r += 1
            cells = [answer(item.get(q.name, "")) for q in LINE]
            lines.write_row(r, 0, [*cells, str(r), "Reporte 5W", str(item.get("_parent", n)),
                                   str(900 + n)])  # fmt: skip
    book.close()
    return path


def odk_export(path: Path, submissions: list[dict[str, Any]]) -> Path:
    """ODK Central's CSV export: a zip of the submissions CSV (`KEY`) and the repeat's CSV
    (`PARENT_KEY`), with Central's own columns."""
    main, lines = io.StringIO(), io.StringIO()
    main_out, line_out = csv.writer(main), csv.writer(lines)
    main_out.writerow(["SubmissionDate", *(q.name for q in HEADER), "meta-instanceID", "KEY",
                       "SubmitterID", "ReviewState"])  # fmt: skip
    line_out.writerow([*(q.name for q in LINE), "PARENT_KEY", "KEY"])
    for n, s in enumerate(submissions, start=1):
        key = f"uuid:{n:04d}"
        main_out.writerow([s["at"], s["organizacion"], s["mes"], key, key, "7", ""])
        for i, item in enumerate(s["lines"], start=1):
            parent = item.get("_parent", key)
            line_out.writerow([*(item.get(q.name, "") for q in LINE), parent,
                               f"{parent}/{REPEAT}[{i}]"])  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trayecto_5w.csv", main.getvalue())
        archive.writestr(f"trayecto_5w-{REPEAT}.csv", lines.getvalue())
    return path


def write(kind: str, folder: Path, submissions: list[dict[str, Any]]) -> Path:
    if kind == "odk":
        return odk_export(folder / "trayecto_5w.zip", submissions)
    labels = kind.removeprefix("kobo_labels_") if kind.startswith("kobo_labels_") else ""
    return kobo_export(folder / f"{kind}.xlsx", submissions, labels=labels)


def brought_in(store: Warehouse, path: Path, **options: Any) -> Any:
    return five_w_form_import(
        path=path, matcher=matcher_from_warehouse(store.reader()[0]), **options
    )


# --------------------------------------------------------------------------- the form
def test_the_form_asks_the_template_and_kobo_and_odk_accept_it(
    geography_home: Warehouse, partner: Any, tmp_path: Path
) -> None:
    """pyxform is what KoboToolbox and ODK run on an uploaded XLSForm; `validate=True` also
    runs ODK Validate (Java) over the XForm it makes."""
    from pyxform.xls2xform import convert

    OrganizationFactory(code="unicef", name="UNICEF")
    client = Client()
    client.force_login(partner)
    answer = client.get(reverse("response:form"), {"org": "nrc", "period": "2026-03"})
    assert answer.status_code == 200
    path = tmp_path / "formulario.xlsx"
    path.write_bytes(answer.content)
    result = convert(xlsform=str(path), validate=True)
    assert result.warnings == []
    xform = result.xform
    assert f'<repeat nodeset="/data/{REPEAT}">' in xform
    for q in QUESTIONS:  # every column of the template, the lines inside the repeat
        assert (f"/data/{REPEAT}/{q.name}" if q.in_repeat else f"/data/{q.name}") in xform
    assert len(QUESTIONS) == len(TEMPLATE_COLUMNS) == 33
    assert "<mes>2026-03</mes>" in xform
    assert "<organizacion>nrc</organizacion>" in xform
    assert "81065 - Arauquita (Arauca)" in xform  # the warehouse's municipalities
    book = openpyxl.load_workbook(path)
    survey = list(book["survey"].iter_rows(values_only=True))
    required = {row[1] for row in survey[1:] if row[4] == "yes"}
    assert required == {q.name for q in QUESTIONS if q.column.required}
    lists: dict[str, set[str]] = {}
    for row in list(book["choices"].iter_rows(values_only=True))[1:]:
        lists.setdefault(str(row[0]), set()).add(str(row[1]))
    # generated from the catalogues the Excel template reads
    assert lists["actividades"] == {a.code for a in EIE_ACTIVITIES}
    assert lists["grupos"] == {g.value for g in PopulationGroup}
    assert lists["organizaciones"] == {"nrc", "unicef"}
    assert len(lists["municipios"]) > 1000


@pytest.mark.parametrize("persona", ["viewer", "etc_analyst", "leg_coordinator"])
def test_the_form_is_for_who_uploads_reports(
    geography_home: Warehouse, people: dict[str, Any], persona: str
) -> None:
    client = Client()
    client.force_login(people[persona])
    assert client.get(reverse("response:form")).status_code == 403


def test_the_command_line_writes_the_form(geography_home: Warehouse, partner: Any,
                                          tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "5w-form.xlsx"
    result = CliRunner().invoke(app, ["template", "5w-form", "--out", str(out),
                                      "--period", "2026-03", "--org", "nrc"])  # fmt: skip
    assert result.exit_code == 0, result.output
    names = [row[1] for row in openpyxl.load_workbook(out)["survey"].iter_rows(values_only=True)]
    assert names[1:4] == ["organizacion", "mes", REPEAT]
    wrong = CliRunner().invoke(app, ["template", "5w-form", "--out", str(out), "--org", "nadie"])
    assert wrong.exit_code == 2


# --------------------------------------------------------------------------- the export
@pytest.mark.parametrize("kind", ["kobo_names", "kobo_labels_es", "kobo_labels_en", "odk"])
def test_an_export_goes_in_as_each_organisations_reports(
    geography_home: Warehouse, tmp_path: Path, kind: str
) -> None:
    OrganizationFactory(code="nrc", name="NRC")
    OrganizationFactory(code="unicef", name="UNICEF")
    path = write(kind, tmp_path, [
        sent("nrc", [line(), line(municipio="81065", grupo_poblacional="transito",
                              sede="181065000019", beneficiarios="7", mujeres_0_5="",
                              hombres_0_5="", mujeres_12_17="4", hombres_18_59="3")]),
        sent("unicef", [line(actividad="EDU-05", apoyo_etpv="si",
                             tipo_apoyo_etpv="informacion")]),
    ])  # fmt: skip
    report = brought_in(geography_home, path, period="2026-03")
    assert not report.refused, report.problems
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (3, 3, 0)
    assert [p for p in report.problems if p.severity == "error"] == []
    reports = {s.organization.code: s for s in Submission.objects.all()}
    assert sorted(reports) == ["nrc", "unicef"]
    assert {s.status for s in reports.values()} == {Status.SUBMITTED}
    assert {s.profile for s in reports.values()} == {"5w-form"}
    transit = reports["nrc"].lines.get(municipality="81065")
    assert (transit.sede, transit.population_group, transit.beneficiaries) == (
        "181065000019", "transito", 7,
    )  # fmt: skip
    assert transit.cells == {"f:12-17": 4, "m:18-59": 3}
    etpv = reports["unicef"].lines.get()  # «Actividad en apoyo al ETPV (Sí/No)»: a "/" too
    assert (etpv.activity, etpv.etpv_support, etpv.etpv_support_type) == (
        "EDU-05", True, "informacion",
    )  # fmt: skip
    assert {x.row for x in ActivityLine.objects.all()} == {2, 3, 4}  # rows of the lines sheet


@pytest.mark.parametrize("kind", ["kobo_names", "odk"])
def test_every_line_is_imported_or_reported_and_the_counts_reconcile(
    geography_home: Warehouse, tmp_path: Path, partner: Any, kind: str
) -> None:
    OrganizationFactory(code="unicef", name="UNICEF")
    path = write(kind, tmp_path, [
        sent("nrc", [line(beneficiarios="99")], at="09:00"),  # 2 replaced by the 3rd
        sent("unicef", [line()]),  # 3 not the partner's
        sent("nrc", [
            line(),  # 4 in
            line(municipio="Ciudad Gótica"),  # 5 no such place
            line(hombres_0_5="5"),  # 6 cells 17 of 20
            line(),  # 7 the same as 4: once
            line(actividad="EDU-99"),  # 8 outside the catalogue
        ], at="11:00"),
        sent("nrc", [], at="12:00"),  # without lines: it replaces nothing
    ])  # fmt: skip
    report = brought_in(geography_home, path, user=partner, period="2026-03")
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (8, 1, 7)
    # a line's row is its row in the lines sheet; the submission without lines is named
    # by its row and column in the submissions sheet
    empty = next(p for p in report.problems if "no tiene líneas de actividad" in p.message)
    lines = [p for p in report.problems if p.severity == "error" and p is not empty]
    problems = {p.row: p for p in lines}
    org_column = "Reporte 5W del Cluster: organizacion" if kind != "odk" else (
        "trayecto_5w.csv: organizacion"
    )  # fmt: skip
    assert problems[2].column == org_column
    assert "una entrega posterior de nrc para 2026-03" in problems[2].message
    assert (problems[3].column, problems[3].value) == (org_column, "unicef")
    assert "usted carga solo los reportes de nrc" in problems[3].message
    where = "lineas/municipio" if kind != "odk" else "municipio"
    assert (problems[5].column, problems[5].value) == (where, "Ciudad Gótica")
    assert "suma" in problems[6].message, problems[6]
    duplicate = next(p for p in report.problems if p.row == 7)
    assert "fila idéntica a la fila 4" in duplicate.message
    assert "actividad fuera del catálogo" in problems[8].message
    assert empty.row == 5
    assert empty.column.startswith(org_column.split(":")[0])
    (submission,) = Submission.objects.all()
    assert (submission.organization.code, submission.lines.get().row) == ("nrc", 4)
    assert submission.submitted_by == partner


def test_a_line_of_no_submission_is_reported(geography_home: Warehouse, tmp_path: Path) -> None:
    OrganizationFactory(code="nrc", name="NRC")
    path = odk_export(tmp_path / "5w.zip", [sent("nrc", [line(), line(_parent="uuid:9999")])])
    report = brought_in(geography_home, path)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (2, 1, 1)
    (orphan,) = [p for p in report.problems if p.severity == "error"]
    assert (orphan.row, orphan.column, orphan.value) == (3, "PARENT_KEY", "uuid:9999")


def test_the_same_export_twice_changes_nothing_and_an_approved_month_refuses_it(
    geography_home: Warehouse, tmp_path: Path
) -> None:
    OrganizationFactory(code="nrc", name="NRC")
    unicef = OrganizationFactory(code="unicef", name="UNICEF")
    path = kobo_export(tmp_path / "5w.xlsx", [sent("nrc", [line()]), sent("unicef", [line()])])
    first = brought_in(geography_home, path)
    assert {o["action"] for o in first.details["submissions"]} == {"import"}
    lines, events = ActivityLine.objects.count(), AuditLog.objects.count()
    again = brought_in(geography_home, path)
    assert {o["action"] for o in again.details["submissions"]} == {"unchanged"}
    assert (ActivityLine.objects.count(), AuditLog.objects.count()) == (lines, events) == (2, 2)
    Submission.objects.all().delete()
    SubmissionFactory(organization=unicef, period__month="2026-03", status=Status.APPROVED)
    refused = brought_in(geography_home, path)
    assert refused.refused
    assert "el reporte de unicef para 2026-03 ya está aprobado" in refused.problems[-1].message
    assert not Submission.objects.filter(organization__code="nrc").exists()  # atomic


def test_a_template_workbook_is_not_a_form_export(
    geography_home: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "hxl.csv"
    path.write_text("Org,Mes\n#org+code,#date+month\nnrc,2026-03\n", encoding="utf-8")
    report = brought_in(geography_home, path)
    assert report.refused
    assert "no es una exportación del formulario 5W" in report.problems[-1].message


def test_a_zip_that_unpacks_beyond_the_limit_is_refused_unread(
    geography_home: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zip's declared sizes are checked before a byte is unpacked, as a workbook's are."""
    from trayecto.importers import workbooks

    OrganizationFactory(code="nrc", name="NRC")
    path = odk_export(tmp_path / "5w.zip", [sent("nrc", [line()] * 3)])
    monkeypatch.setattr(workbooks, "LIMITS", workbooks.Limits(unzipped_bytes=200))
    report = brought_in(geography_home, path)
    assert report.refused
    assert report.rows_read == 0
    assert "unpack to more than" in report.problems[-1].message


# --------------------------------------------------------------------------- where it comes in
def test_the_upload_page_takes_the_export_by_its_sheets(
    geography_home: Warehouse, tmp_path: Path, partner: Any
) -> None:
    OrganizationFactory(code="unicef", name="UNICEF")
    path = odk_export(tmp_path / "trayecto_5w.zip", [sent("nrc", [line()]),
                                                      sent("unicef", [line()])])  # fmt: skip
    client = Client()
    client.force_login(partner)
    with path.open("rb") as fh:
        answer = client.post(reverse("response:upload"), {"org": "nrc", "file": fh})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "usted carga solo los reportes de nrc" in page  # UNICEF's line, before sending
    assert not Submission.objects.exists()
    confirm_upload(client, page)
    (submission,) = Submission.objects.all()
    assert (submission.organization.code, submission.lines.count()) == ("nrc", 1)
    assert submission.submitted_by == partner


def test_the_command_line_imports_it_and_again_changes_nothing(
    geography_home: Warehouse, tmp_path: Path
) -> None:
    OrganizationFactory(code="nrc", name="NRC")
    path = kobo_export(tmp_path / "5w.xlsx", [sent("nrc", [line(), line(municipio="81065")])])
    command = ["import", "5w", str(path), "--period", "2026-03", "--json"]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    found = json.loads(first.stdout)
    assert (found["rows_read"], found["rows_imported"], found["rows_rejected"]) == (2, 2, 0)
    assert [(s["organization"], s["action"]) for s in found["submissions"]] == [("nrc", "import")]
    again = json.loads(CliRunner().invoke(app, command).stdout)
    assert [s["action"] for s in again["submissions"]] == ["unchanged"]
    named = CliRunner().invoke(app, ["import", "5w", str(path), "--org", "nrc", "--json"])
    assert named.exit_code == 1
    assert "importe sin --org" in named.stdout


def test_the_api_takes_the_export_as_the_page_does(
    geography_home: Warehouse, tmp_path: Path, partner: Any
) -> None:
    from tests.web.api.conftest import ApiClient
    from trayecto.web.api.tokens import token_create

    client = ApiClient(token_create(user=partner, name="Kobo").secret)
    path = kobo_export(tmp_path / "5w.xlsx", [sent("nrc", [line(), line(municipio="81065")])])
    with path.open("rb") as fh:
        answer = client.post("/api/v1/5w/submissions", {"org": "nrc", "file": fh})
    assert answer.status_code == 200, answer.content[:300]
    body = answer.json()
    assert (body["report"]["rows_read"], body["report"]["rows_imported"]) == (2, 2)
    assert body["report"]["source"] == "5w-form"
    (submission,) = Submission.objects.all()
    assert body["sent"] == [submission.pk]
