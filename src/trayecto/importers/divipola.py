"""`divipola`: DANE DIVIPOLA -> `department` and `municipality` (with the known changes).

Reads the official file, checks every row, and publishes both tables whole in one manifest
swap (or refuses the file and publishes nothing).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells, files
from trayecto.importers.fetch import fetched_on
from trayecto.importers.files import row_error
from trayecto.importers.finish import Replace, finish
from trayecto.importers.tabular import OFFICIAL, read_table
from trayecto.warehouse import Warehouse

DEPARTMENT_SCHEMA = pa.schema(
    [("code", pa.string()), ("name", pa.string()), ("pcode", pa.string())]
)
MUNICIPALITY_SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("name", pa.string()),
        ("department_code", pa.string()),
        ("department_name", pa.string()),
        ("type", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("pcode", pa.string()),
        ("status", pa.string()),
        ("parent_code", pa.string()),
        ("note", pa.string()),
    ]
)

# Colombia's bounding box with a margin (San Andrés lies far to the north-west).
LATITUDE_RANGE = (-4.5, 16.5)
LONGITUDE_RANGE = (-82.0, -66.5)


DIVIPOLA_COLUMNS = ("COD_DPTO", "NOM_DPTO", "COD_MPIO", "NOM_MPIO", "TIPO", "LATITUD", "LONGITUD")
DIVIPOLA_WHAT = "DANE DIVIPOLA 'Códigos municipios geolocalizados' as CSV (datos.gov.co gdxc-w37w)"


def _coordinate(value: str, bounds: tuple[float, float]) -> float | None:
    try:
        number = cells.parse_decimal(value)
    except cells.CellError:
        return None
    return number if bounds[0] <= number <= bounds[1] else None


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """DIVIPOLA -> `department` and `municipality` (with the known changes added)."""
    report = ImportReport(source="divipola", dry_run=dry_run)
    try:
        table = read_table(path, policy=OFFICIAL, required=DIVIPOLA_COLUMNS, what=DIVIPOLA_WHAT)
        rows = [(row.line, row.values) for row in table.rows]
    except FileProblem as exc:
        return report.refuse(exc.problem)
    report.rows_read = len(rows)

    departments: dict[str, str] = {}
    municipalities: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        problems = _divipola_row_problems(line, row)
        if problems:
            report.add(problems)
            report.rows_rejected += 1
            continue
        dept = geo.department_code(row["COD_DPTO"])
        code = geo.municipality_code(row["COD_MPIO"])
        assert dept is not None
        assert code is not None
        dept_name = geo.proper_case(row["NOM_DPTO"])
        if departments.setdefault(dept, dept_name) != dept_name:
            report.add(
                [
                    row_error(
                        line,
                        "NOM_DPTO",
                        row["NOM_DPTO"],
                        f"department {dept} is named {departments[dept]!r} on earlier lines; "
                        "one code, one name",
                    )
                ]
            )
            report.rows_rejected += 1
            continue
        if code in municipalities:
            report.add(
                [
                    row_error(
                        line,
                        "COD_MPIO",
                        row["COD_MPIO"],
                        f"duplicate municipality code {code} (first on line {first_line[code]}); "
                        "each code must appear once",
                    )
                ]
            )
            report.rows_rejected += 1
            continue
        first_line[code] = line
        change = geo.known_change(code)
        municipalities[code] = {
            "code": code,
            "name": geo.proper_case(row["NOM_MPIO"]),
            "department_code": dept,
            "department_name": dept_name,
            "type": row["TIPO"].strip(),
            "latitude": float(row["LATITUD"]),
            "longitude": float(row["LONGITUD"]),
            "pcode": geo.pcode_for(code),
            "status": "current",
            "parent_code": None,
            "note": change.note if change else None,
        }
        report.rows_imported += 1

    # Units other sources still use (or already use): known, never rejected.
    for change in geo.KNOWN_CHANGES:
        if change.code in municipalities or change.department_code not in departments:
            continue
        municipalities[change.code] = {
            "code": change.code,
            "name": change.name,
            "department_code": change.department_code,
            "department_name": departments[change.department_code],
            "type": change.type,
            "latitude": None,
            "longitude": None,
            "pcode": geo.pcode_for(change.code),
            "status": change.status,
            "parent_code": change.parent_code,
            "note": change.note + " Fuentes: " + "; ".join(change.sources),
        }
    department_table = pa.Table.from_pylist(
        [{"code": c, "name": n, "pcode": geo.pcode_for(c)} for c, n in sorted(departments.items())],
        schema=DEPARTMENT_SCHEMA,
    )
    municipality_table = pa.Table.from_pylist(
        [municipalities[c] for c in sorted(municipalities)], schema=MUNICIPALITY_SCHEMA
    )
    report.details["known_changes_added"] = sorted(
        c.code
        for c in geo.KNOWN_CHANGES
        if municipalities.get(c.code, {}).get("status") != "current"
    )
    return finish(
        report,
        warehouse,
        Replace(
            {"department": department_table, "municipality": municipality_table},
            vintage=divipola_vintage(path),
            sha256=files.sha256_of(path),
        ),
        dry_run=dry_run,
    )


def divipola_vintage(path: Path) -> str:
    """The export date: the day `sources fetch` downloaded it, else the date in the file
    name that datos.gov.co gives its exports (…_20250217.csv), else 'unknown'."""
    downloaded = fetched_on(path)
    if downloaded:
        return downloaded
    match = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else "unknown"


def _divipola_row_problems(line: int, row: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    dept = geo.department_code(row["COD_DPTO"])
    code = geo.municipality_code(row["COD_MPIO"])
    if dept is None:
        problems.append(
            row_error(
                line,
                "COD_DPTO",
                row["COD_DPTO"],
                "expected a department code of 1-2 digits (5 or 05 for Antioquia)",
            )
        )
    if code is None or len(row["COD_MPIO"].strip()) > 5:
        problems.append(
            row_error(
                line,
                "COD_MPIO",
                row["COD_MPIO"],
                "expected a municipality code of 4-5 digits (5001 or 05001 for Medellín)",
            )
        )
    elif dept is not None and geo.department_of(code) != dept:
        problems.append(
            row_error(
                line,
                "COD_MPIO",
                row["COD_MPIO"],
                f"municipality code {code} does not start with its department code {dept}",
            )
        )
    for column in ("NOM_DPTO", "NOM_MPIO"):
        if not row[column].strip():
            problems.append(row_error(line, column, "", "expected a name; the cell is empty"))
    if row["TIPO"].strip() not in geo.MUNICIPALITY_TYPES:
        problems.append(
            row_error(
                line, "TIPO", row["TIPO"], f"expected one of {', '.join(geo.MUNICIPALITY_TYPES)}"
            )
        )
    for column, bounds in (("LATITUD", LATITUDE_RANGE), ("LONGITUD", LONGITUDE_RANGE)):
        if _coordinate(row[column], bounds) is None:
            problems.append(
                row_error(
                    line,
                    column,
                    row[column],
                    f"expected decimal degrees between {bounds[0]} and {bounds[1]} "
                    "(WGS84, point of the head town)",
                )
            )
    point = row.get("Geo Municipio")
    if point is not None and not problems and not _same_point(point, row):
        problems.append(
            row_error(
                line,
                "Geo Municipio",
                point,
                f"expected POINT ({row['LONGITUD']} {row['LATITUD']}), the same point as "
                "LONGITUD and LATITUD; a cut or edited line?",
            )
        )
    return problems


POINT = re.compile(r"^POINT \(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$")


def _same_point(point: str, row: dict[str, str]) -> bool:
    """DIVIPOLA repeats the head-town point as WKT; both must agree."""
    match = POINT.match(point.strip())
    if match is None:
        return False
    return (
        abs(float(match[1]) - float(row["LONGITUD"])) < 1e-6
        and abs(float(match[2]) - float(row["LATITUD"])) < 1e-6
    )
