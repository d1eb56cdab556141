"""`pcodes`: OCHA P-codes (admin 1-2) -> `pcode`, checked against DIVIPOLA.

Reads the official file, checks every row, and publishes the table whole in one manifest
swap (or refuses the file and publishes nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import files
from trayecto.importers.files import row_error, row_warning
from trayecto.importers.finish import Replace, finish
from trayecto.importers.tabular import OFFICIAL, read_table
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

PCODE_SCHEMA = pa.schema(
    [
        ("pcode", pa.string()),
        ("admin_level", pa.int32()),
        ("name", pa.string()),
        ("parent_pcode", pa.string()),
        ("dane_code", pa.string()),
    ]
)


PCODE_COLUMNS = ("Admin Level", "P-Code", "Name", "Parent P-Code")
PCODE_WHAT = "OCHA global P-codes (admin 1-2) CSV with Colombia's rows"


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """OCHA P-codes -> `pcode`, checked against `municipality` (differences as warnings)."""
    report = ImportReport(source="pcodes", dry_run=dry_run)
    try:
        table = read_table(path, policy=OFFICIAL, required=PCODE_COLUMNS, what=PCODE_WHAT)
        rows = [(row.line, row.values) for row in table.rows]
    except FileProblem as exc:
        return report.refuse(exc.problem)
    has_location = "Location" in [h.strip() for h in table.headers]
    records: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    vintages: set[str] = set()
    for line, row in rows:
        if has_location and row["Location"].strip() not in ("COL", ""):
            continue  # the global list: other countries are not rows of this import
        report.rows_read += 1
        pcode = row["P-Code"].strip().upper()
        level = row["Admin Level"].strip()
        problem = None
        if not geo.PCODE.match(pcode):
            problem = row_error(
                line,
                "P-Code",
                pcode,
                "expected CO + a 2-digit (admin 1) or 5-digit (admin 2) DANE code",
            )
        elif level not in ("1", "2") or len(pcode) != (4 if level == "1" else 7):
            problem = row_error(
                line,
                "Admin Level",
                level,
                f"expected 1 for a 2-digit P-code or 2 for a 5-digit one ({pcode})",
            )
        elif pcode in records:
            problem = row_error(
                line, "P-Code", pcode, f"duplicate P-code (first on line {first_line[pcode]})"
            )
        elif level == "2" and row["Parent P-Code"].strip() != pcode[:4]:
            problem = row_error(
                line,
                "Parent P-Code",
                row["Parent P-Code"],
                f"expected {pcode[:4]}, the department of {pcode}",
            )
        if problem is not None:
            report.add([problem])
            report.rows_rejected += 1
            continue
        first_line[pcode] = line
        vintages.add(row.get("Valid from date", "").strip())
        records[pcode] = {
            "pcode": pcode,
            "admin_level": int(level),
            "name": row["Name"].strip(),
            "parent_pcode": row["Parent P-Code"].strip(),
            "dane_code": pcode[2:],
        }
        report.rows_imported += 1
    if report.rows_read == 0 and not report.problems:
        report.add([row_error(0, "Location", "", "no Colombian rows (Location = COL) in the file")])
    report.add(_pcode_consistency(list(records.values()), warehouse))
    table = pa.Table.from_pylist([records[p] for p in sorted(records)], schema=PCODE_SCHEMA)
    return finish(
        report,
        warehouse,
        Replace(
            {"pcode": table},
            vintage=", ".join(sorted(v for v in vintages if v)) or "unknown",
            sha256=files.sha256_of(path),
        ),
        dry_run=dry_run,
    )


def _pcode_consistency(records: list[dict[str, Any]], warehouse: Warehouse) -> list[Problem]:
    """P-codes vs DIVIPOLA: each difference is a warning that says whether it is known."""
    if not warehouse.has("municipality"):
        return [
            row_warning(
                0,
                "P-Code",
                "",
                "no `municipality` table yet: import divipola "
                "first to check the P-codes against DIVIPOLA",
            )
        ]
    con = warehouse.connect()
    known = {r["code"]: r for r in query_rows(con, "select code, name, status from municipality")}
    con.close()
    admin2 = {r["dane_code"]: r for r in records if r["admin_level"] == 2}
    warnings: list[Problem] = []
    for code in sorted(admin2.keys() - known.keys()):
        warnings.append(
            row_warning(
                0,
                "P-Code",
                admin2[code]["pcode"],
                f"P-code of {admin2[code]['name']} has no DIVIPOLA municipality {code}",
            )
        )
    for code in sorted(known.keys() - admin2.keys()):
        unit = known[code]
        reason = " (a new municipality, known)" if unit["status"] == "new" else ""
        warnings.append(
            row_warning(
                0,
                "P-Code",
                geo.pcode_for(code),
                f"DIVIPOLA municipality {code} {unit['name']} has no P-code{reason}",
            )
        )
    for code in sorted(admin2.keys() & known.keys()):
        unit = known[code]
        if unit["status"] == "historical":
            warnings.append(
                row_warning(
                    0,
                    "P-Code",
                    admin2[code]["pcode"],
                    f"{code} {unit['name']} is historical in DIVIPOLA (known change); "
                    "the P-code list still has it",
                )
            )
        elif geo.compact_name(unit["name"]) != geo.compact_name(admin2[code]["name"]):
            warnings.append(
                row_warning(
                    0,
                    "Name",
                    admin2[code]["name"],
                    f"P-code name differs from DIVIPOLA {code} {unit['name']!r}",
                )
            )
    return warnings
