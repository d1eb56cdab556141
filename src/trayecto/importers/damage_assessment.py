"""`damage-assessment`: the submissions export (KoboToolbox or ODK, XLSX or CSV) of the
rapid damage assessment XLSForm (reports/damage_assessment_form.py), read for one event.

The questions are `domain/damage_assessment.QUESTIONS`, the list the form is written from.
Headers are the questions' names ("XML values and headers" exports) or their Spanish or
English labels ("Labels" exports), with or without a group prefix (`grupo/codigo_dane`,
ODK's `grupo-codigo_dane`); a choice is its name or either label. Kobo's and ODK's own
columns (`_id`, `_uuid`, `start`, `meta/instanceID`...) are not questions and are not read.

The sede's point (the optional geopoint `ubicacion`) is read from Kobo's
`_ubicacion_latitude`/`_ubicacion_longitude` columns (ODK Central's `ubicacion-Latitude`/
`ubicacion-Longitude`) when the export has them, else from the
question's own column ("latitude longitude altitude precision", as Kobo and ODK write it).
A point that cannot be read or falls outside Colombia is reported as a warning and the sede
is imported without it: the point only places the sede on the event's map.

Every row is accepted or reported (row, column, value, what to do). A sede assessed twice
keeps its latest submission (by `_submission_time` when the export has it, else the later
row); the earlier one is reported. The municipality comes from the answer (a DANE code or
a name matched to DIVIPOLA in the department chosen), never from digits of the sede code.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from trayecto.domain.damage_assessment import (
    FIXED_CHOICES,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    QUESTIONS,
    REQUIRED,
    Kind,
    Question,
)
from trayecto.domain.emergencies import DAMAGE_NAMES
from trayecto.domain.geography import normalise_name as plain
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.affected_schools import Territory, known_sede_codes
from trayecto.importers.cells import CellError, is_blank, parse_date, parse_integer
from trayecto.importers.files import sha256_of
from trayecto.importers.form_exports import match_columns, read_form_export
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.tabular import TextRow, normalise_header
from trayecto.warehouse import Warehouse

SOURCE = "damage-assessment"
COLOMBIA = ZoneInfo("America/Bogota")  # "today" for the assessment date, where it is taken
SUBMISSION_TIME = "_submission_time"  # Kobo; ODK Central calls it SubmissionDate
SUBMISSION_TIMES = (SUBMISSION_TIME, "submissiondate")
OTHER_EVENT = "a submission of the form of event {found}, not of event {event}: import it there"
TWICE = (
    "sede assessed again in line {line} (a later submission): this earlier one is not "
    "imported; delete it in KoboToolbox/ODK if it was a mistake"
)
UNKNOWN_SEDE = (
    "unknown sede: no sede list in the warehouse has this code (imported; check the code "
    "against SIMAT)"
)

NOT_A_POINT = (
    "not a point: write it as the form records it, latitude and longitude in decimal degrees "
    "({shape}); the sede was imported without a point"
)
OUTSIDE_COLOMBIA = (
    "a point outside Colombia (latitude {lat[0]} to {lat[1]}, longitude {lon[0]} to {lon[1]}; "
    "latitude first): the sede was imported without a point; take the point again or correct "
    "it in KoboToolbox/ODK and import the export again"
)
POINT = next(q for q in QUESTIONS if q.kind == Kind.GEOPOINT)


def _header_keys(question: Question) -> set[str]:
    return {question.name, normalise_header(question.label_es), normalise_header(question.label_en)}


def match_headers(keys: list[str]) -> dict[str, str]:
    """Question name -> the file's (normalised) header that answers it."""
    return match_columns(keys, {key: q.name for q in QUESTIONS for key in _header_keys(q)})


def match_point_columns(keys: list[str]) -> tuple[str, str] | None:
    """The point's split columns: Kobo's `_ubicacion_latitude` and `_ubicacion_longitude`,
    ODK Central's `ubicacion-Latitude` and `ubicacion-Longitude` (with a group prefix or as
    labels): (latitude header, longitude header), or None."""
    names = _header_keys(POINT)
    found: dict[str, str] = {}
    for key in keys:
        for part in ("latitude", "longitude"):
            for joint in ("_", "-"):
                stem = key.removeprefix("_").removesuffix(f"{joint}{part}")
                if stem == key.removeprefix("_"):
                    continue
                if {stem.rsplit("/", 1)[-1], stem.rsplit("-", 1)[-1]} & names:
                    found.setdefault(part, key)
    if "latitude" in found and "longitude" in found:
        return found["latitude"], found["longitude"]
    return None


def _coordinate(text: str, column: str, shape: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise CellError(NOT_A_POINT.format(shape=shape), value=text, column=column)
    return value


def read_point(latitude: tuple[str, str], longitude: tuple[str, str]) -> tuple[float, float]:
    """(latitude, longitude) from (text, column) pairs; CellError naming the bad one."""
    shape = "a number such as 5.6919 and -76.6583"
    lat = _coordinate(latitude[0], latitude[1], shape)
    lon = _coordinate(longitude[0], longitude[1], shape)
    message = OUTSIDE_COLOMBIA.format(lat=LATITUDE_RANGE, lon=LONGITUDE_RANGE)
    if not LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]:
        raise CellError(message, value=latitude[0], column=latitude[1])
    if not LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]:
        raise CellError(message, value=longitude[0], column=longitude[1])
    return lat, lon


def _choice(question: Question, text: str) -> str:
    """A fixed list's choice name from its name or either label; ValueError naming them."""
    choices = FIXED_CHOICES[question.kind]
    key = plain(text)
    for c in choices:
        if key in {plain(c.name), plain(c.label_es), plain(c.label_en)}:
            return c.name
    if question.kind == Kind.DAMAGE and key in DAMAGE_NAMES:
        return DAMAGE_NAMES[key].value
    allowed = ", ".join(f"{c.name} ({c.label_es})" for c in choices)
    raise CellError(f"must be one of {allowed}", value=text, column=question.name)


@dataclass
class Assessments:
    """The accepted submissions (one record per sede, each with its `line`) and the report."""

    report: ImportReport
    records: list[dict[str, Any]] = field(default_factory=list)
    etc_codes: dict[str, str | None] = field(default_factory=dict)
    vintage: str = ""  # the latest assessment date
    file_sha256: str = ""
    code_column: str = "codigo_dane"  # the sede code's header, as the export names it


@dataclass
class _Reader:
    places: Places
    territory: Territory
    columns: dict[str, str]  # question name -> header key
    point_columns: tuple[str, str] | None = None  # Kobo's latitude and longitude headers

    def point(self, row: TextRow) -> tuple[float, float] | None:
        """The sede's point, None when not answered; CellError (column: a header key) if bad."""
        if self.point_columns is not None:
            lat_key, lon_key = self.point_columns
            lat, lon = row.values.get(lat_key, "").strip(), row.values.get(lon_key, "").strip()
            if lat or lon:
                return read_point((lat, lat_key), (lon, lon_key))
        key = self.columns.get(POINT.name)
        text = self.value(row, POINT.name)
        if not text or key is None:
            return None
        parts = text.split()
        if len(parts) < 2:
            shape = "'latitude longitude altitude precision', such as '5.6919 -76.6583 0 5'"
            raise CellError(NOT_A_POINT.format(shape=shape), value=text, column=key)
        try:
            return read_point((parts[0], key), (parts[1], key))
        except CellError as exc:  # the answer as written, not one of its parts
            raise CellError(exc.message, value=text, column=key) from exc

    def value(self, row: TextRow, name: str) -> str:
        key = self.columns.get(name)
        return row.values.get(key, "").strip() if key else ""

    def parse(self, row: TextRow) -> dict[str, Any]:
        """One submission as AffectedSede values (and `assessed_on`); CellError if not."""
        found: dict[str, Any] = {}
        for q in QUESTIONS:
            if q.kind == Kind.GEOPOINT:
                continue  # read by `point`: a bad point does not keep the sede out
            text = self.value(row, q.name)
            if is_blank(text):
                if q.required:
                    raise CellError("is required: answer it in the form", column=q.name)
                continue
            found[q.name] = self._answer(q, text)
        event = found.get("evento")
        if event is not None and event != self.territory.event:
            raise CellError(
                OTHER_EVENT.format(found=event, event=self.territory.event),
                value=event,
                column="evento",
            )
        code: str = found["codigo_dane"]
        department = self.places.matcher.match_department(
            code=found["departamento"] if found["departamento"].isdigit() else None,
            name=None if found["departamento"].isdigit() else found["departamento"],
        )
        if department.code is None:
            raise CellError(
                f"no department of this code or name in DIVIPOLA ({department.message})",
                value=found["departamento"],
                column="departamento",
            )
        if code[1:3] != department.code:
            raise CellError(
                f"digits 2-3 of the sede code are department {code[1:3]}, the submission "
                f"says {department.code}: correct the code or the department",
                value=code,
                column="codigo_dane",
            )
        answer = found["municipio"]
        municipality = self.places.matcher.match_municipality(
            code=answer if answer.isdigit() else None,
            name=None if answer.isdigit() else answer,
            department=department.code,
        )
        if municipality.code is None or municipality.code[:2] != department.code:
            raise CellError(
                f"no municipality of this code or name in department {department.code}",
                value=answer,
                column="municipio",
            )
        record: dict[str, Any] = {
            q.target: found.get(q.name) for q in QUESTIONS if q.target is not None
        }
        record.update(department_code=department.code, municipality_code=municipality.code)
        record["severity"] = int(found["severidad"]) if "severidad" in found else None
        if "docentes_afectados_mujeres" in found or "docentes_afectados_hombres" in found:
            record["teachers_affected"] = found.get("docentes_afectados_mujeres", 0) + found.get(
                "docentes_afectados_hombres", 0
            )
        record["assessed_on"] = found["fecha_evaluacion"]
        try:
            point = self.point(row)
        except CellError as exc:
            point, record["point_problem"] = None, exc
        record["latitude"], record["longitude"] = point or (None, None)
        return record

    def _answer(self, q: Question, text: str) -> Any:
        if q.kind == Kind.COUNT:
            return parse_integer(text, column=q.name, minimum=0)
        if q.kind == Kind.DATE:
            day = parse_date(text, column=q.name)
            if day > dt.datetime.now(tz=COLOMBIA).date():
                raise CellError("is in the future: the date the sede was assessed", value=text,
                                column=q.name)  # fmt: skip
            return day
        if q.kind == Kind.YES_NO:
            return _choice(q, text) == "si"
        if q.kind in (Kind.DAMAGE, Kind.SEVERITY):
            return _choice(q, text)
        if q.kind == Kind.SEDE_CODE and not (text.isdigit() and len(text) == 12):
            raise CellError("must be the 12-digit DANE code of the sede", value=text, column=q.name)
        if q.kind == Kind.EVENT:
            return text.strip("'")
        return text


def read(
    path: Path, warehouse: Warehouse, *, territory: Territory, dry_run: bool = False
) -> Assessments:
    """Read and check a submissions export for the event `territory.event`."""
    report = ImportReport(SOURCE, dry_run=dry_run)
    try:
        export = read_form_export(path)  # a form without repeats: the submissions alone
        table = export.main
        report.add(export.notices)
        keys = [normalise_header(h) for h in table.headers]
        shown = dict(zip(keys, table.headers, strict=True))
        columns = match_headers(keys)
        missing = [q for q in REQUIRED if q.name not in columns]
        if missing:
            names = ", ".join(f"{q.name} ({q.label_es})" for q in missing)
            raise FileProblem(
                str(path),
                f"missing columns: {names}. Export the submissions of the damage assessment "
                "form with XML values and headers (or labels)",
            )
        reader = _Reader(
            load_places(warehouse, str(path)), territory, columns, match_point_columns(keys)
        )
        rows = list(table.rows)
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return Assessments(report)
    time_key = next((k for k in SUBMISSION_TIMES if k in keys), None)
    parsed: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        report.rows_read += 1
        try:
            record = reader.parse(row)
        except CellError as exc:
            report.rows_rejected += 1
            header = shown.get(columns.get(exc.column, ""), exc.column)
            report.problems.append(exc.at(row.line, header))
            continue
        outside = territory.outside(record)
        if outside:
            report.rows_rejected += 1
            in_department = record["department_code"] in territory.departments
            name, value = (
                ("municipio", record["municipality_code"])
                if in_department
                else ("departamento", record["department_code"])
            )
            header = shown.get(columns[name], name)
            report.problems.append(Problem(row.line, header, value, outside))
            continue
        record["submitted"] = row.values.get(time_key, "") if time_key else ""
        parsed.append((row.line, record))
    # The latest submission of each sede wins (ties: the later row).
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, record in sorted(parsed, key=lambda p: (p[1]["submitted"], p[0])):
        earlier = latest.get(record["sede_code"])
        if earlier is not None:
            report.rows_rejected += 1
            report.problems.append(
                Problem(earlier[0], shown.get(columns["codigo_dane"], "codigo_dane"),
                        record["sede_code"], TWICE.format(line=line))
            )  # fmt: skip
        latest[record["sede_code"]] = (line, record)
    kept = sorted(latest.values(), key=lambda p: p[0])
    known = known_sede_codes(warehouse, {r["department_code"] for _, r in kept})
    records = []
    for line, record in kept:
        bad_point: CellError | None = record.pop("point_problem", None)
        if bad_point is not None:
            header = shown.get(bad_point.column, bad_point.column)
            report.problems.append(bad_point.at(line, header, severity="warning"))
        department_codes = known.get(record["department_code"])
        if department_codes and record["sede_code"] not in department_codes:
            report.problems.append(
                Problem(line, shown.get(columns["codigo_dane"], "codigo_dane"),
                        record["sede_code"], UNKNOWN_SEDE, severity="warning")
            )  # fmt: skip
        records.append({**record, "line": line})
        report.rows_imported += 1
    report.problems.sort(key=lambda p: p.row)
    vintage = max((r["assessed_on"] for r in records), default=None)
    return Assessments(
        report,
        records,
        {r["sede_code"]: reader.places.etc_of.get(r["municipality_code"]) for r in records},
        vintage.isoformat() if vintage else "",
        sha256_of(path),
        shown.get(columns["codigo_dane"], "codigo_dane"),
    )
