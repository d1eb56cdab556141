"""The damage assessment: the XLSForm written from the field list, and the submissions export
(KoboToolbox/ODK) read back into the event, row by row. The exports are written here from
rows of the real Chocó list (codes, names, municipalities), in the two layouts Kobo gives:
XML names and values, and Spanish labels."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.core import mail

from tests.web.emergencies.conftest import read_rows
from trayecto.domain.damage_assessment import QUESTIONS, REQUIRED
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies import selectors
from trayecto.web.emergencies.models import AffectedList, AffectedSede, Event
from trayecto.web.emergencies.services import (
    ASSESSMENT_LIST,
    affected_list_import,
    assessment_import,
)
from trayecto.web.response.models import AuditLog

pytestmark = pytest.mark.django_db
KOBO_META = ["start", "end", "_id", "_uuid", "_submission_time", "_index"]


def names_header() -> list[str]:
    """An "XML values and headers" export: the questions' names, Kobo's columns after them."""
    return ["start", "end", *(q.name for q in QUESTIONS), *KOBO_META[2:]]


def labels_header() -> list[str]:
    """A "Labels" export in Spanish, questions inside a group (Kobo's `grupo/` prefix)."""
    return [*(f"Sede/{q.label_es}" for q in QUESTIONS), "_submission_time"]


def submission(sede: dict[str, str], event: Event, n: int, **answers: str) -> dict[str, str]:
    row = {
        "evento": str(event.pk),
        "fecha_evaluacion": "2026-08-14",
        "departamento": "27",
        "municipio": "27001" if sede["Municipio"] == "Quibdó" else sede["Municipio"],
        "codigo_dane": sede["Código DANE"],
        "sede": sede["Sede"],
        "dano": "partial",
        "aulas_afectadas": "3",
        "severidad": sede["Severidad"],
        "albergue": "si",
        "ocupada": "no",
        "materiales_perdidos": "si",
        "reabierta": "no",
        "dias_de_clase_perdidos": "5",
        "estudiantes_afectados_mujeres": "120",
        "estudiantes_afectados_hombres": "110",
        "docentes_afectados_mujeres": "4",
        "docentes_afectados_hombres": "2",
        "start": "2026-08-14T09:00:00",
        "end": "2026-08-14T09:20:00",
        "_id": str(1000 + n),
        "_uuid": f"uuid-{n}",
        "_submission_time": f"2026-08-14T10:{n:02d}:00",
        "_index": str(n),
    }
    return row | answers


def write_export(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Evaluacion")
    keys = [h.split("/")[-1] for h in header]
    by_label = {q.label_es: q.name for q in QUESTIONS}
    for col, name in enumerate(header):
        sheet.write_string(0, col, name)
    for r, row in enumerate(rows, start=1):
        for col, key in enumerate(keys):
            sheet.write_string(r, col, row.get(by_label.get(key, key), ""))
    book.close()
    return path


@pytest.fixture
def choco_rows(choco_list: Path) -> list[dict[str, str]]:
    return read_rows(choco_list)[1]


def test_the_xlsform_asks_every_question_the_importer_reads(
    as_persona: Callable[[str], Any], earthquake: Event, geography: Warehouse
) -> None:
    response = as_persona("im_officer").get(f"/emergencias/{earthquake.pk}/evaluacion.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    header, *lines = book["survey"].iter_rows(values_only=True)
    survey = [dict(zip(header, line, strict=True)) for line in lines]
    assert [r["name"] for r in survey] == [q.name for q in QUESTIONS]
    by_name = {r["name"]: r for r in survey}
    assert {r["name"] for r in survey if r["required"] == "yes"} == {q.name for q in REQUIRED}
    assert by_name["evento"]["calculation"] == f"'{earthquake.pk}'"
    assert by_name["municipio"]["choice_filter"] == "departamento=${departamento}"
    assert by_name["dano"]["type"] == "select_one dano"
    assert (by_name["ubicacion"]["type"], by_name["ubicacion"]["required"]) == ("geopoint", None)
    assert by_name["materiales_perdidos"]["label::English (en)"] == "Were learning materials lost?"
    choices = list(book["choices"].iter_rows(min_row=2, values_only=True))
    municipalities = {r[1]: r[2] for r in choices if r[0] == "municipio"}
    assert municipalities["27001"] == "Quibdó"
    assert all(code.startswith("27") for code in municipalities)
    assert len(municipalities) >= 30  # Chocó's municipalities (DIVIPOLA)
    settings = list(book["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1], strict=True))["form_id"] == (
        f"trayecto_evaluacion_danos_{earthquake.pk}"
    )


def test_kobo_and_odk_accept_the_xlsform(
    as_persona: Callable[[str], Any], earthquake: Event, geography: Warehouse, tmp_path: Path
) -> None:
    """pyxform is what KoboToolbox and ODK run on an uploaded XLSForm; `validate=True` also
    runs ODK Validate (Java) over the XForm it makes."""
    from pyxform.xls2xform import convert

    response = as_persona("im_officer").get(f"/emergencias/{earthquake.pk}/evaluacion.xlsx")
    path = tmp_path / "evaluacion.xlsx"
    path.write_bytes(response.content)
    result = convert(xlsform=str(path), validate=True)
    assert result.warnings == []
    for q in QUESTIONS:
        assert f"/{q.name}" in result.xform
    assert "Quibdó" in result.xform
    assert "Were learning materials lost?" in result.xform
    assert '<bind nodeset="/data/ubicacion" type="geopoint"/>' in result.xform  # optional


@pytest.mark.parametrize("persona", ["partner", "viewer", "etc_analyst", "leg_coordinator"])
def test_the_xlsform_is_for_who_records_the_event(
    as_persona: Callable[[str], Any], earthquake: Event, persona: str
) -> None:
    response = as_persona(persona).get(f"/emergencias/{earthquake.pk}/evaluacion.xlsx")
    assert response.status_code == 403
    allowed = (
        "Como coordinación GEL puede registrar emergencias de sus departamentos (54, 81)"
        if persona == "leg_coordinator"
        else "Registran y modifican emergencias la coordinación GEL"
    )
    assert allowed in response.content.decode()


def test_an_export_goes_in_row_by_row_and_again_changes_nothing(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    good = [submission(s, earthquake, n) for n, s in enumerate(choco_rows[:4])]
    antioquia = next(s for s in choco_rows if s["Departamento"] != "Chocó")
    rows = [
        *good,
        submission(choco_rows[4], earthquake, 10, dano="quemada"),
        submission(choco_rows[5], earthquake, 11, aulas_afectadas="-2"),
        submission(choco_rows[6], earthquake, 12, municipio="Medellín"),
        submission(choco_rows[7], earthquake, 13, evento="999"),
        submission(antioquia, earthquake, 14, departamento="05", municipio=antioquia["Municipio"]),
        submission(choco_rows[8], earthquake, 15, codigo_dane="105001000001"),
        submission(choco_rows[9], earthquake, 16, fecha_evaluacion="2999-01-01"),
        # The same sede assessed again, later: the later answer wins, the earlier is reported.
        submission(choco_rows[0], earthquake, 30, dano="destroyed", dias_de_clase_perdidos="9"),
    ]
    path = write_export(tmp_path / "evaluacion.xlsx", names_header(), rows)
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert not report.refused
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (12, 4, 8)
    errors = {(p.row, p.column, p.value): p.message for p in report.problems
              if p.severity == "error"}  # fmt: skip
    assert "must be one of none (Ninguno)" in errors[(6, "dano", "quemada")]
    assert (7, "aulas_afectadas", "-2") in errors
    assert (
        "no municipality of this code or name in department 27"
        in errors[(8, "municipio", "Medellín")]
    )
    assert "not of event" in errors[(9, "evento", "999")]
    assert "outside the event's departments" in errors[(10, "departamento", "05")]
    assert (
        "digits 2-3 of the sede code are department 05"
        in errors[(11, "codigo_dane", "105001000001")]
    )
    assert "is in the future" in errors[(12, "fecha_evaluacion", "2999-01-01")]
    assert "assessed again in line 13" in errors[(2, "codigo_dane", choco_rows[0]["Código DANE"])]
    stored = {s.sede_code: s for s in AffectedSede.objects.filter(event=earthquake)}
    first = stored[choco_rows[0]["Código DANE"]]
    assert (first.damage, first.days_lost, first.learning_materials_lost) == ("destroyed", 9, True)
    assert (first.teachers_affected, first.students_affected) == (6, 230)
    assert first.municipality_code == "27001"
    assert first.affected_list is not None
    assert first.affected_list.name == ASSESSMENT_LIST
    figures = selectors.figures(earthquake)
    assert figures["hpc"]["schools_used_as_shelter"] == 4
    assert (figures["sedes_learning_materials_lost"], figures["days_lost"]) == (4, 5 * 3 + 9)
    assert figures["teachers_by_sex"] == {"female": 16, "male": 8}
    assert figures["students_by_sex"] == {"female": 480, "male": 440}
    again = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert (again.rows_imported, again.details["replaced"]) == (4, 4)
    assert AffectedSede.objects.filter(event=earthquake).count() == 4
    assert AffectedList.objects.filter(event=earthquake).count() == 1


def test_a_labels_export_with_groups_reads_the_same(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    sede = choco_rows[1]
    labels = {"departamento": "Chocó", "municipio": "Quibdó", "dano": "Parcial",
              "albergue": "Sí", "ocupada": "No", "severidad": "3 crítico"}  # fmt: skip
    row = submission(sede, earthquake, 1, **labels)
    path = write_export(tmp_path / "labels.xlsx", labels_header(), [row])
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert (report.rows_imported, report.rows_rejected) == (1, 0), report.problems
    stored = AffectedSede.objects.get(event=earthquake)
    assert (stored.municipality_code, stored.damage, stored.severity) == ("27001", "partial", 3)
    assert (stored.used_as_shelter, stored.occupied) == (True, False)


def test_an_export_without_the_required_questions_is_refused_whole(
    earthquake: Event, geography: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "otra.csv"
    path.write_text("codigo_dane;sede\n127001003453;SEDE ANEXA\n", encoding="utf-8")
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert report.refused
    message = report.problems[0].message
    assert "missing columns: fecha_evaluacion (Fecha de la evaluación)" in message
    assert not AffectedSede.objects.exists()


def test_a_sede_of_another_list_is_reported_and_the_list_keeps_it(
    earthquake: Event,
    geography: Warehouse,
    choco_list: Path,
    choco_rows: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    affected_list_import(event=earthquake, path=choco_list, store=geography, user=None)
    path = write_export(tmp_path / "evaluacion.xlsx", names_header(),
                        [submission(choco_rows[0], earthquake, 1)])  # fmt: skip
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert report.refused  # its only row is in the Chocó list: nothing usable
    assert f"already listed for this event by {choco_list.name}" in report.problems[0].message
    assert (report.problems[0].row, report.problems[0].column) == (2, "codigo_dane")
    assert AffectedSede.objects.filter(event=earthquake).count() == 300


def test_the_assessment_page_imports_and_reports(
    as_persona: Callable[[str], Any],
    earthquake: Event,
    geography: Warehouse,
    choco_rows: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    rows = [submission(choco_rows[0], earthquake, 1), submission(choco_rows[1], earthquake, 2,
                                                                   dano="quemada")]  # fmt: skip
    path = write_export(tmp_path / "evaluacion.xlsx", names_header(), rows)
    client = as_persona("im_officer")
    with open(path, "rb") as fh:
        response = client.post(f"/emergencias/{earthquake.pk}/evaluaciones/", {"archivo": fh})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Evaluaciones de daños" in html
    assert "quemada" in html
    assert AffectedSede.objects.filter(event=earthquake).count() == 1
    assert AuditLog.objects.filter(object_id=earthquake.pk, action="assessment").exists()
    event_page = client.get(f"/emergencias/{earthquake.pk}/").content.decode()
    hpc = event_page.split('id="hpc"')[1].split("</table>")[0]
    assert 'Sedes que perdieron materiales de aprendizaje</th><td class="num">1<' in hpc
    assert 'Docentes afectadas (mujeres)</th><td class="num">4<' in hpc
    assert "evaluaciones de daños importadas" in event_page.split('id="timeline"')[1]
    hxl = client.get(f"/emergencias/{earthquake.pk}/sedes/?formato=hxl").content.decode()
    header, tags, row = list(csv.reader(io.StringIO(hxl)))[:3]
    materials = header.index("Materiales perdidos")
    assert (tags[materials], row[materials]) == ("#status+materials_lost", "Sí")
    refused = as_persona("partner").post(f"/emergencias/{earthquake.pk}/evaluaciones/", {})
    assert refused.status_code == 403
    assert not mail.outbox


def point_header() -> list[str]:
    """Kobo's XLSX and CSV exports: the geopoint's own column ("lat lon alt precision") and,
    after Kobo's columns, its split `_<name>_latitude`... columns."""
    split = [f"_ubicacion_{part}" for part in ("latitude", "longitude", "altitude", "precision")]
    return [*names_header(), *split]


def test_the_point_is_read_from_kobos_split_columns_and_a_bad_one_is_reported(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    def located(n: int, lat: str, lon: str) -> dict[str, str]:
        return submission(choco_rows[n], earthquake, n, ubicacion=f"{lat} {lon} 43 4.9",
                          _ubicacion_latitude=lat, _ubicacion_longitude=lon)  # fmt: skip

    rows = [
        located(0, "5.6947", "-76.6611"),
        submission(choco_rows[1], earthquake, 1),  # no point: imported, nothing to report
        located(2, "-76.6611", "5.6947"),  # latitude and longitude swapped
        located(3, "5.69", "abc"),
    ]
    path = write_export(tmp_path / "evaluacion.xlsx", point_header(), rows)
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 4, 0)
    warnings = {(p.row, p.column, p.value): p.message for p in report.problems
                if p.severity == "warning"}  # fmt: skip
    outside = warnings[(4, "_ubicacion_latitude", "-76.6611")]
    assert "a point outside Colombia (latitude -4.3 to 13.6, longitude -82.0 to -66.8" in outside
    assert "imported without a point" in outside
    assert "not a point" in warnings[(5, "_ubicacion_longitude", "abc")]
    assert len(warnings) == 2
    points = {
        s.sede_code: (s.latitude, s.longitude)
        for s in AffectedSede.objects.filter(event=earthquake)
    }
    assert points[choco_rows[0]["Código DANE"]] == (5.6947, -76.6611)
    assert [points[choco_rows[n]["Código DANE"]] for n in (1, 2, 3)] == [(None, None)] * 3


def test_the_point_is_read_from_the_geopoint_text_of_a_csv_export(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    header = names_header()
    answers = ["5.6947 -76.6611 43 4.9", "40.4168 -3.7038 650 5", "5.6947", ""]
    path = tmp_path / "evaluacion.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        for n, answer in enumerate(answers):
            row = submission(choco_rows[n], earthquake, n, ubicacion=answer)
            writer.writerow([row.get(h, "") for h in header])
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 4, 0)
    warnings = {(p.row, p.column, p.value): p.message for p in report.problems}
    assert "a point outside Colombia" in warnings[(3, "ubicacion", "40.4168 -3.7038 650 5")]
    assert "'latitude longitude altitude precision'" in warnings[(4, "ubicacion", "5.6947")]
    assert len(warnings) == 2
    stored = AffectedSede.objects.get(event=earthquake, sede_code=choco_rows[0]["Código DANE"])
    assert (stored.latitude, stored.longitude) == (5.6947, -76.6611)
    assert AffectedSede.objects.filter(event=earthquake, latitude__isnull=True).count() == 3


def test_the_map_data_carries_each_located_sede_with_severity_and_response(
    as_persona: Callable[[str], Any],
    earthquake: Event,
    geography: Warehouse,
    choco_rows: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    from tests.web.emergencies.test_response import approved_line

    quibdo = [s for s in choco_rows if s["Municipio"] == "Quibdó"][:3]
    approved_line("2026-09", "27001", sede=quibdo[0]["Código DANE"])  # reaches the first only
    rows = [
        submission(quibdo[0], earthquake, 0, severidad="3", ubicacion="5.6947 -76.6611 43 4.9"),
        submission(quibdo[1], earthquake, 1, severidad="1", ubicacion="5.7012 -76.6502 40 5"),
        submission(quibdo[2], earthquake, 2),  # no point: counted in the legend
    ]
    path = write_export(tmp_path / "evaluacion.xlsx", names_header(), rows)
    assessment_import(event=earthquake, path=path, store=geography, user=None)
    data = as_persona("im_officer").get(f"/emergencias/{earthquake.pk}/mapa.json").json()
    points = {p["code"]: p for p in data["points"]}
    assert set(points) == {quibdo[0]["Código DANE"], quibdo[1]["Código DANE"]}
    first, second = points[quibdo[0]["Código DANE"]], points[quibdo[1]["Código DANE"]]
    assert (first["latitude"], first["longitude"]) == (5.6947, -76.6611)
    assert (first["severity"], first["severity_label"]) == (3, "Crítica")
    assert (first["reached"], first["response_label"]) == (True, "Con respuesta")
    assert (second["severity_label"], second["reached"], second["response_label"]) == (
        "Baja", False, "Sin respuesta"
    )  # fmt: skip
    assert data["without_point"] == 1
    # A viewer sees counts, never a sede: no points, but the legend's count.
    seen = as_persona("viewer").get(f"/emergencias/{earthquake.pk}/mapa.json").json()
    assert (seen["points"], seen["without_point"]) == ([], 1)
    page = as_persona("im_officer").get(f"/emergencias/{earthquake.pk}/").content.decode()
    assert "1 sede afectada no tiene punto en el mapa" in page


def test_a_sede_entered_in_the_web_may_take_its_point(
    as_persona: Callable[[str], Any], earthquake: Event
) -> None:
    client = as_persona("im_officer")
    url = f"/emergencias/{earthquake.pk}/sedes/nueva/"
    sede = {"codigo_dane": "127001003453", "sede": "SEDE ANEXA AL CARRASQUILLA INDUSTRIAL",
            "municipio": "27001"}  # fmt: skip
    outside = client.post(url, {**sede, "latitud": "40,4168", "longitud": "-3,7038"})
    assert outside.status_code == 400
    html = outside.content.decode()
    assert "La latitud de una sede de Colombia está entre -4,3 y 13,6." in html
    assert "La longitud de una sede de Colombia está entre -82 y -66,8." in html
    half = client.post(url, {**sede, "latitud": "5,6947"})
    assert "Escriba la latitud y la longitud, o ninguna de las dos." in half.content.decode()
    assert not AffectedSede.objects.exists()
    # A decimal comma (Spanish) or point: both read as degrees, never as thousands.
    assert (
        client.post(url, {**sede, "latitud": "5,6947", "longitud": "-76.6611"}).status_code == 302
    )
    stored = AffectedSede.objects.get(event=earthquake)
    assert (stored.latitude, stored.longitude) == (5.6947, -76.6611)


def test_odk_centrals_split_point_columns_are_read(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    """ODK Central's CSV splits a geopoint in a group into `grupo-ubicacion-Latitude`..."""
    base = [q.name for q in QUESTIONS if q.name != "ubicacion"]
    split = [f"grupo-ubicacion-{part}" for part in ("Latitude", "Longitude", "Altitude")]
    path = tmp_path / "odk.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*base, *split, "SubmissionDate"])
        for n, (lat, lon) in enumerate([("5.6947", "-76.6611"), ("", "")]):
            row = submission(choco_rows[n], earthquake, n)
            writer.writerow([*(row[h] for h in base), lat, lon, "40", row["_submission_time"]])
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert (report.rows_imported, report.rows_rejected, report.problems) == (2, 0, [])
    stored = {s.sede_code: (s.latitude, s.longitude) for s in AffectedSede.objects.all()}
    assert stored == {
        choco_rows[0]["Código DANE"]: (5.6947, -76.6611),
        choco_rows[1]["Código DANE"]: (None, None),
    }


def test_odk_centrals_zip_export_reads_as_kobos(
    earthquake: Event, geography: Warehouse, choco_rows: list[dict[str, str]], tmp_path: Path
) -> None:
    """ODK Central downloads a zip of CSVs (one submissions CSV, none for repeats here): the
    damage assessment reads it through the form export reader the 5W form shares."""
    import zipfile

    header = [
        "SubmissionDate", *(f"grupo-{q.name}" for q in QUESTIONS), "meta-instanceID", "KEY",
    ]  # fmt: skip
    rows = [submission(s, earthquake, n) for n, s in enumerate(choco_rows[:3])]
    text = io.StringIO()
    out = csv.writer(text)
    out.writerow(header)
    for n, row in enumerate(rows):
        key = f"uuid:{n}"
        out.writerow([row["_submission_time"], *(row.get(q.name, "") for q in QUESTIONS), key, key])
    path = tmp_path / "evaluacion.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trayecto_evaluacion_danos.csv", text.getvalue())
        archive.writestr("media/foto.jpg", b"not read")
    report = assessment_import(event=earthquake, path=path, store=geography, user=None)
    assert not report.refused, report.problems
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (3, 3, 0)
    assert {s.sede_code for s in AffectedSede.objects.filter(event=earthquake)} == {
        s["Código DANE"] for s in choco_rows[:3]
    }
