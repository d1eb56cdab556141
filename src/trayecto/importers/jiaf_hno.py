"""`jiaf-hno`: OCHA's education people in need (PiN) and severity by municipality (JIAF, HNO).

OCHA's global JIAF workbook gives, per municipality, a PiN per sector (`..._pin_by_
municipality.csv`) and a severity phase per sector (`..._severity_by_municipality.csv`,
the sibling file in the same folder). This loader reads both and publishes one warehouse
table, `jiaf_hno`: one row per municipality with OCHA's population, the education PiN and
the education severity, for the plan year of the HNO cycle (read from OCHA's file name).
The indicators `pin_education` and `severidad_educacion` and the 5W progress against PiN
read this table; nothing else parses OCHA's files.

A row without a valid municipality P-code is rejected; a municipality without an education
PiN or severity (two "áreas no municipalizadas" in the 2025 file) is imported with the value
missing and a warning, so the counts reconcile and the gap shows where it is.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.vintages import file_sha256
from trayecto.warehouse import Warehouse
from trayecto.warehouse.parts import publish_parts

SOURCE = "jiaf-hno"
TABLE = "jiaf_hno"
# OCHA names the JIAF tables after the HNO cycle: jiaf_global_2025_colombia_pin_by_municipality.csv
CYCLE = re.compile(r"jiaf_global_(\d{4})")
PIN_FILE = "pin_by_municipality"
SEVERITY_FILE = "severity_by_municipality"
PIN_COLUMNS = ("admin_2_pcode", "admin_2", "population", "pin_education")
SEVERITY_COLUMNS = ("admin_2_pcode", "sev_education")
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("plan_year", pa.int16()),
        ("municipality_code", pa.string()),
        ("municipality_name", pa.string()),
        ("population", pa.float64()),
        ("pin_education", pa.float64()),
        ("severity_education", pa.float64()),
        ("file_row", pa.int32()),
    ]
)
SEVERITY_RANGE = (1.0, 5.0)


@dataclass(frozen=True)
class Needs:
    """One municipality's official education needs, as OCHA publishes them."""

    municipality_code: str
    municipality_name: str
    population: float | None
    pin_education: float | None
    severity_education: float | None
    file_row: int


def severity_path(pin_path: Path) -> Path:
    """The severity table beside the PiN table (OCHA publishes the two together)."""
    return pin_path.with_name(pin_path.name.replace(PIN_FILE, SEVERITY_FILE))


def plan_year_of(path: Path) -> int | None:
    match = CYCLE.search(path.name)
    return int(match.group(1)) if match else None


def number(text: str | None) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def read(path: Path, report: ImportReport) -> list[Needs]:
    """Every municipality of the PiN table with its severity; problems go to `report`
    (a file that cannot be used is refused there, never raised)."""
    if plan_year_of(path) is None or PIN_FILE not in path.name:
        report.refuse(
            Problem(
                0,
                "",
                path.name,
                "el nombre del archivo no dice el ciclo HNO: use el nombre de OCHA "
                "(jiaf_global_AAAA_colombia_pin_by_municipality.csv, con el archivo "
                "…_severity_by_municipality.csv al lado)",
            )
        )
        return []
    sev_path = severity_path(path)
    try:
        pin_rows = read_csv(path, PIN_COLUMNS)
        sev_rows = read_csv(sev_path, SEVERITY_COLUMNS)
    except FileNotFoundError as exc:
        report.refuse(Problem(0, "", str(Path(exc.filename or "").name), "no existe el archivo"))
        return []
    except ValueError as exc:
        report.refuse(Problem(1, str(exc), path.name, "faltan columnas del archivo JIAF de OCHA"))
        return []
    severity: dict[str, tuple[int, str]] = {}
    for line, row in sev_rows:
        severity[(row["admin_2_pcode"] or "").strip()] = (line, row["sev_education"] or "")
    found: list[Needs] = []
    seen: dict[str, int] = {}
    for line, row in pin_rows:
        report.rows_read += 1
        pcode = (row["admin_2_pcode"] or "").strip()
        code = pcode.removeprefix("CO")
        problem = None
        if len(code) != 5 or not code.isdigit() or not pcode.startswith("CO"):
            problem = "no es un P-code de municipio (CO + 5 dígitos DIVIPOLA): fila rechazada"
        elif code in seen:
            problem = f"el municipio ya está en la fila {seen[code]}: fila rechazada"
        if problem is not None:
            report.rows_rejected += 1
            report.add([Problem(line, "admin_2_pcode", pcode, problem)])
            continue
        seen[code] = line
        try:
            population = number(row["population"])
            pin = number(row["pin_education"])
        except ValueError:
            report.rows_rejected += 1
            report.add(
                [
                    Problem(
                        line,
                        "pin_education",
                        f"{row['population']} / {row['pin_education']}",
                        "población o PiN no es un número: fila rechazada",
                    )
                ]
            )
            continue
        sev_line, sev_text = severity.pop(pcode, (0, ""))
        try:
            sev = number(sev_text)
        except ValueError:
            sev = None
            report.add(
                [
                    Problem(
                        sev_line,
                        "sev_education",
                        sev_text,
                        "la severidad no es un número: importado sin severidad",
                        "warning",
                    )
                ]
            )
        if sev is not None and not SEVERITY_RANGE[0] <= sev <= SEVERITY_RANGE[1]:
            report.add(
                [
                    Problem(
                        sev_line,
                        "sev_education",
                        sev_text,
                        "la severidad va de 1 a 5: se deja vacía",
                        "warning",
                    )
                ]
            )
            sev = None
        if pin is None:
            report.add(
                [
                    Problem(
                        line,
                        "pin_education",
                        "",
                        f"OCHA no da PiN de educación para {code}: importado sin PiN",
                        "warning",
                    )
                ]
            )
        if sev_line == 0:
            report.add(
                [
                    Problem(
                        line,
                        "sev_education",
                        pcode,
                        "el municipio no está en la tabla de severidad: importado sin severidad",
                        "warning",
                    )
                ]
            )
        report.rows_imported += 1
        found.append(Needs(code, (row["admin_2"] or "").strip(), population, pin, sev, line))
    for pcode, (sev_line, _) in sorted(severity.items()):
        report.add(
            [
                Problem(
                    sev_line,
                    "admin_2_pcode",
                    pcode,
                    "municipio de la tabla de severidad que no está en la de PiN: ignorado",
                    "warning",
                )
            ]
        )
    return found


def read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(", ".join(missing))
        return [(line, row) for line, row in enumerate(reader, start=2) if any(row.values())]


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """Publish the `jiaf_hno` rows of the file's HNO cycle (replacing that cycle only)."""
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    rows = read(path, report)
    if report.refused:
        return report
    plan_year = plan_year_of(path)
    assert plan_year is not None  # read() refuses a file name without a cycle
    vintage = f"HNO {plan_year}"
    table = pa.table(
        {
            "source": [SOURCE] * len(rows),
            "vintage": [vintage] * len(rows),
            "plan_year": [plan_year] * len(rows),
            "municipality_code": [r.municipality_code for r in rows],
            "municipality_name": [r.municipality_name for r in rows],
            "population": [r.population for r in rows],
            "pin_education": [r.pin_education for r in rows],
            "severity_education": [r.severity_education for r in rows],
            "file_row": [r.file_row for r in rows],
        },
        schema=SCHEMA,
    )
    report.details.update(plan_year=plan_year, vintage=vintage, facts=table.num_rows)
    report.refuse_if_empty(str(path))
    if dry_run or report.refused:
        return report
    # Both files make the part: a corrected severity table is published again.
    fingerprint = hashlib.sha256(
        (file_sha256(path) + file_sha256(severity_path(path))).encode()
    ).hexdigest()
    version = publish_parts(
        warehouse,
        {TABLE: (table, ("source", "vintage"))},
        part=f"{SOURCE}|{vintage}",
        sha256=fingerprint,
        meta={"source": SOURCE, "file": path.name},
    )
    return report.published(version, current_version=warehouse.manifest().version)
