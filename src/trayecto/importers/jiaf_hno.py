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

import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells
from trayecto.importers.finish import Parts, finish
from trayecto.importers.tabular import OFFICIAL, TextRow, read_table
from trayecto.warehouse import Warehouse

SOURCE = "jiaf-hno"
TABLE = "jiaf_hno"
# OCHA names the JIAF tables after the HNO cycle: jiaf_global_2025_colombia_pin_by_municipality.csv
CYCLE = re.compile(r"jiaf_global_(\d{4})")
PIN_FILE = "pin_by_municipality"
SEVERITY_FILE = "severity_by_municipality"
PIN_COLUMNS = ("admin_2_pcode", "admin_2", "population", "pin_education")
SEVERITY_COLUMNS = ("admin_2_pcode", "sev_education")
PIN_WHAT = (
    "OCHA's JIAF education PiN by municipality (jiaf_global_AAAA_colombia_pin_by_municipality.csv)"
)
SEV_WHAT = "OCHA's JIAF severity by municipality (…_severity_by_municipality.csv)"
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


def number(row: TextRow, column: str) -> float | None:
    """The cell as a number (`cells.parse_decimal`), None when empty; else CellError."""
    text = row.values[column]
    if cells.is_blank(text):
        return None
    return cells.parse_decimal(text, column=column, language="es")


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
    if not sev_path.is_file():
        report.refuse(Problem(0, "", sev_path.name, "no existe el archivo de severidad al lado"))
        return []
    try:
        pin_rows = read_table(path, what=PIN_WHAT, required=PIN_COLUMNS, policy=OFFICIAL).rows
        sev_rows = read_table(sev_path, what=SEV_WHAT, required=SEVERITY_COLUMNS, policy=OFFICIAL)
    except FileProblem as exc:
        report.refuse(exc.problem)
        return []
    severity: dict[str, tuple[int, str]] = {}
    for row in sev_rows.rows:
        pcode = row.values["admin_2_pcode"]
        if pcode in severity:  # the first row decides, as in the PiN table
            first = severity[pcode][0]
            message = f"el municipio ya tiene severidad en la fila {first}: fila ignorada"
            report.add([Problem(row.line, "admin_2_pcode", pcode, message, "warning")])
            continue
        severity[pcode] = (row.line, row.values["sev_education"])
    found: list[Needs] = []
    seen: dict[str, int] = {}
    for row in pin_rows:
        report.rows_read += 1
        line, pcode = row.line, row.values["admin_2_pcode"]
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
            population = number(row, "population")
            pin = number(row, "pin_education")
        except cells.CellError as exc:
            report.rows_rejected += 1
            report.add([Problem(line, exc.column, exc.value, f"{exc}: fila rechazada")])
            continue
        sev_line, sev_text = severity.pop(pcode, (0, ""))
        try:
            sev = None if cells.is_blank(sev_text) else cells.parse_decimal(sev_text)
        except cells.CellError:
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
        found.append(Needs(code, row.values["admin_2"], population, pin, sev, line))
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
    # Both files make the part: a corrected severity table is published again.
    return finish(
        report,
        warehouse,
        Parts(
            {TABLE: (table, ("source", "vintage"))},
            part=f"{SOURCE}|{vintage}",
            path=path,
            also=(severity_path(path),),
        ),
        dry_run=dry_run,
    )
