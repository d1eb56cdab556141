"""`sede-matricula`: enrolment by sede × grade × sex × age × nationality, as SIMAT exports it.

Format: docs/formats/sede-matricula.md. Counts only: a file with a column that looks like a
name or a document number is refused whole, before any row is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.bounds import SEDE_ROW_COUNT
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.school_places import Places, load_places
from trayecto.importers.school_tables import (
    KEYS,
    SEDE_ENROLMENT_SCHEMA,
    SEDE_SCHEMA,
    file_vintage,
    finish_import,
)
from trayecto.importers.tabular import TextRow, normalise_header, read_table
from trayecto.warehouse import Warehouse

SOURCE = "sede-matricula"

# Column -> accepted headers (normalised: lower case, no accents, `_` between words).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ano", "anio", "anno", "anno_inf", "vigencia", "year"),
    "sede_code": ("codigo_dane_sede", "cod_dane_sede", "codigo_sede", "sede_code"),
    "sede_name": ("nombre_sede", "sede_name"),
    "establishment_code": (
        "codigo_dane_establecimiento",
        "cod_dane_establecimiento",
        "codigo_establecimiento",
        "establishment_code",
    ),
    "municipality_code": ("codigo_municipio", "cod_mpio", "municipality_code"),
    "zone": ("zona", "zone"),
    "sector": ("sector",),
    "teachers": ("docentes", "teachers"),
    "grade": ("grado", "cod_grado", "grade"),
    "sex": ("sexo", "sex"),
    "age": ("edad", "age"),
    "nationality": ("nacionalidad", "nationality"),
    "enrolled": ("matriculados", "enrolled"),
    "withdrawn": ("retirados", "withdrawn"),
    "passed": ("aprobados", "passed"),
    "failed": ("reprobados", "failed"),
    "repeating": ("repitentes", "repeating"),
}
REQUIRED = ("year", "sede_code", "grade", "sex", "age", "nationality", "enrolled")
SEDE_ATTRIBUTES = (
    "sede_name",
    "establishment_code",
    "municipality_code",
    "zone",
    "sector",
    "teachers",
)

# Names of places and institutions, not of people: ignored (with a warning), never refused.
NOT_PERSONAL = {
    "nombre_establecimiento",
    "nombre_municipio",
    "nombre_departamento",
    "nombre_etc",
    "nombre_secretaria",
}
# Headers that would carry personal data (names, document numbers, contacts, birth dates).
PERSONAL = re.compile(
    r"(apellido|nombre|documento|identificacion|cedula|nuip|tarjeta|nacimiento|direccion"
    r"|telefono|celular|correo|email|estudiante|alumno|acudiente|^doc(_|$)|_doc(_|$)|^id$"
    r"|_id$|^name$|first_name|last_name|surname|document|birth)"
)


@dataclass
class SedeAccumulator:
    """What the rows of one sede-year say about the sede; the first row sets it."""

    line: int
    attributes: dict[str, Any]
    enrolment: int = 0


@dataclass
class Parsed:
    enrolment: list[dict[str, Any]] = field(default_factory=list)
    sedes: dict[tuple[int, str], SedeAccumulator] = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnMap:
    keys: dict[str, str]  # column -> normalised header in the rows
    shown: dict[str, str]  # column -> header as the user wrote it, for messages

    def header(self, column: str) -> str:
        return self.shown.get(column, column)


def map_columns(path: Path, headers: list[str]) -> tuple[ColumnMap, list[Problem]]:
    """Normalised header of each known column; refuses personal data and missing columns."""
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, str] = {}
    shown: dict[str, str] = {}
    warnings: list[Problem] = []
    for header in headers:
        key = normalise_header(header)
        if key in known:
            mapping[known[key]] = key
            shown[known[key]] = header
        elif PERSONAL.search(key) and key not in NOT_PERSONAL:
            raise FileProblem(
                str(path),
                f"column {header!r} looks like personal data (names, document numbers, "
                "contacts). This format takes counts only: delete the column and export again.",
                column=header,
            )
        elif key:
            warnings.append(Problem(0, header, "", "unknown column, ignored", severity="warning"))
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        expected = ", ".join(COLUMNS[c][0] for c in missing)
        raise FileProblem(str(path), f"missing required columns: {expected}")
    return ColumnMap(mapping, shown), warnings


def parse_count(text: str) -> int | None:
    """A non-negative integer count; `12.0` from Excel is fine, `1.5` or `-1` are not."""
    cleaned = text.replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        raise ValueError("must be a whole number ≥ 0")
    if implausible := SEDE_ROW_COUNT.refusal(int(cleaned)):
        raise ValueError(implausible)
    return int(cleaned)


def parse_code(text: str, digits: int) -> str:
    cleaned = text.strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if cleaned.isdigit() and len(cleaned) < digits and digits == 5:
        cleaned = cleaned.zfill(digits)  # Excel drops the leading zero of 05001
    if not (cleaned.isdigit() and len(cleaned) == digits):
        raise ValueError(f"must be a {digits}-digit DANE code")
    return cleaned


class RowError(ValueError):
    def __init__(self, column: str, value: str, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def parse_row(row: TextRow, columns: ColumnMap, places: Places) -> dict[str, Any]:
    """One validated row, or RowError naming the first column that is wrong."""
    v = {column: row.values.get(key, "") for column, key in columns.keys.items()}

    def fail(column: str, message: str) -> RowError:
        return RowError(columns.header(column), v.get(column, ""), message)

    out: dict[str, Any] = {}
    try:
        out["year"] = int(v["year"].replace(",", "").removesuffix(".0"))
        if not 2000 <= out["year"] <= 2100:
            raise ValueError
    except ValueError:
        raise fail("year", "year must be a four-digit year, e.g. 2025") from None
    try:
        out["sede_code"] = parse_code(v["sede_code"], 12)
    except ValueError:
        raise fail("sede_code", "must be the 12-digit DANE code of the sede") from None
    prefix = schools.sede_municipality_prefix(out["sede_code"])
    if prefix not in places.names:
        raise fail(
            "sede_code",
            f"digits 2–6 ({prefix}) are not a known municipality code: check the sede code",
        )
    municipality = prefix
    if v.get("municipality_code"):
        try:
            municipality = parse_code(v["municipality_code"], 5)
        except ValueError:
            raise fail("municipality_code", "must be a 5-digit DIVIPOLA code") from None
        if municipality not in places.names:
            raise fail("municipality_code", "not a known municipality code")
    out["municipality_code"] = municipality
    try:
        out["grade"] = int(v["grade"].removesuffix(".0"))
    except ValueError:
        out["grade"] = None
    if out["grade"] not in schools.GRADES:
        known = ", ".join(str(g) for g in schools.GRADES)
        raise fail("grade", f"not a MEN grade code; use one of {known}")
    sex = schools.SEX_ALIASES.get(v["sex"].lower())
    if sex is None:
        raise fail("sex", "sex must be F or M")
    out["sex"] = sex
    try:
        out["age"] = int(v["age"].removesuffix(".0"))
        if not 0 <= out["age"] <= schools.MAX_AGE:
            raise ValueError
    except ValueError:
        raise fail("age", "age must be a whole number of years from 0 to 99") from None
    nationality = schools.NATIONALITY_ALIASES.get(v["nationality"].lower())
    if nationality is None:
        raise fail("nationality", "nationality must be COL, VEN or OTH")
    out["nationality"] = nationality
    for status in schools.STATUSES:
        text = v.get(status, "")
        if status != "enrolled" and not text:
            out[status] = None  # column absent or blank: not reported, not zero
            continue
        try:
            out[status] = parse_count(text)
        except ValueError as exc:
            raise fail(status, str(exc)) from None
    outcomes = sum(out[s] or 0 for s in ("withdrawn", "passed", "failed"))
    if outcomes > out["enrolled"]:
        raise fail(
            "enrolled",
            f"withdrawn + passed + failed = {outcomes} is more than the {out['enrolled']} "
            "enrolled on this row",
        )
    if (out["repeating"] or 0) > out["enrolled"]:
        raise fail("repeating", "more repeating students than enrolled on this row")
    zone = v.get("zone", "")
    out["zone"] = schools.ZONES.get(zone.lower()) if zone else None
    if zone and out["zone"] is None:
        raise fail("zone", "zone must be URBANA or RURAL")
    sector = v.get("sector", "")
    out["sector"] = schools.SECTORS.get(sector.lower().replace("_", " ")) if sector else None
    if sector and out["sector"] is None:
        raise fail("sector", "sector must be OFICIAL or NO OFICIAL")
    if v.get("teachers"):
        try:
            out["teachers"] = parse_count(v["teachers"])
        except ValueError as exc:
            raise fail("teachers", str(exc)) from None
    else:
        out["teachers"] = None
    if v.get("establishment_code"):
        try:
            out["establishment_code"] = parse_code(v["establishment_code"], 12)
        except ValueError:
            raise fail("establishment_code", "must be a 12-digit DANE code") from None
    else:
        out["establishment_code"] = None
    out["sede_name"] = v.get("sede_name") or None
    return out


def parse(
    rows: Iterator[TextRow], columns: ColumnMap, places: Places, report: ImportReport
) -> Parsed:
    parsed = Parsed()
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        report.rows_read += 1
        try:
            record = parse_row(row, columns, places)
        except RowError as exc:
            report.rows_rejected += 1
            report.problems.append(Problem(row.line, exc.column, exc.value, exc.message))
            continue
        key = tuple(record[k] for k in ("year", "sede_code", "grade", "sex", "age", "nationality"))
        if key in seen:
            report.rows_rejected += 1
            report.problems.append(
                Problem(
                    row.line,
                    "",
                    "",
                    f"same sede, year, grade, sex, age and nationality as line "
                    f"{seen[key]}: merge the two rows into one",
                )
            )
            continue
        sede_key = (record["year"], record["sede_code"])
        attributes = {a: record[a] for a in SEDE_ATTRIBUTES}
        sede = parsed.sedes.get(sede_key)
        if sede is not None and sede.attributes != attributes:
            differing = next(a for a in SEDE_ATTRIBUTES if sede.attributes[a] != attributes[a])
            report.rows_rejected += 1
            report.problems.append(
                Problem(
                    row.line,
                    columns.header(differing),
                    str(attributes[differing] or ""),
                    f"line {sede.line} gives {sede.attributes[differing]!r} for this sede "
                    "and year: one sede has one value",
                )
            )
            continue
        if sede is None:
            sede = parsed.sedes[sede_key] = SedeAccumulator(row.line, attributes)
        seen[key] = row.line
        sede.enrolment += record["enrolled"]
        parsed.enrolment.append(record)
        report.rows_imported += 1
    return parsed


def to_tables(
    parsed: Parsed, places: Places, *, source: str, vintage: str, is_synthetic: bool = False
) -> tuple[pa.Table, pa.Table]:
    sede_rows = [
        {
            "year": year,
            "sede_code": code,
            **acc.attributes,
            "etc_code": places.etc_of.get(acc.attributes["municipality_code"]),
            "enrolment": acc.enrolment,
            "source": source,
            "vintage": vintage,
            "is_synthetic": is_synthetic,
        }
        for (year, code), acc in parsed.sedes.items()
    ]
    enrolment_rows = [
        {
            **{c: r[c] for c in SEDE_ENROLMENT_SCHEMA.names if c in r},
            "source": source,
            "vintage": vintage,
            "is_synthetic": is_synthetic,
        }
        for r in parsed.enrolment
    ]
    return (
        pa.Table.from_pylist(sede_rows, schema=SEDE_SCHEMA),
        pa.Table.from_pylist(enrolment_rows, schema=SEDE_ENROLMENT_SCHEMA),
    )


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """Validate every row; publish `sede` and `sede_enrolment` only if no row is rejected."""
    report = ImportReport(SOURCE, dry_run=dry_run)
    try:
        table = read_table(path)  # safe reading; encoding and unread sheets in notices
        headers, rows = table.headers, table.rows
        report.add(table.notices)
        columns, warnings = map_columns(path, headers)
        places = load_places(warehouse, str(path))
    except FileProblem as exc:
        report.refused = True
        report.problems.append(exc.problem)
        return report
    report.add(warnings)
    parsed = parse(rows, columns, places, report)
    if report.rows_rejected or not report.rows_read:
        # All or nothing: a Secretaría fixes the listed rows and sends the file again.
        report.refused = True
        message = (
            f"{report.rows_rejected} rows have errors: nothing was imported; fix them and "
            "import the file again"
            if report.rows_read
            else "the file has no data rows"
        )
        report.problems.insert(0, Problem(0, "", path.name, message))
        report.rows_rejected += report.rows_imported
        report.rows_imported = 0
        return report
    vintage = file_vintage(path)
    sede, enrolment = to_tables(parsed, places, source=SOURCE, vintage=vintage)
    report.details = {"sedes": sede.num_rows, "years": sorted({y for y, _ in parsed.sedes})}
    return finish_import(
        report,
        warehouse,
        {"sede": (sede, KEYS), "sede_enrolment": (enrolment, KEYS)},
        {"source": SOURCE, "vintage": vintage, "file": path.name},
        dry_run=dry_run,
    )
