"""The alias table of place names: iMMAP's `etiqueta` sheet (divipolita.xlsx) -> `place_alias`.

iMMAP built it to attach DIVIPOLA codes to GIFMM 5W rows by name. It is useful (two names for
one place: 'cucuta' / 'san jose de cucuta') but not trusted blindly: an alias whose text names
another municipality of the same department better than its own target is marked 'conflict'
and the matcher never applies it ('buga' -> 76113 Bugalagrande, while Buga is 76111).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain import geography as geo
from trayecto.domain.places import name_score
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import files, workbooks
from trayecto.importers.files import row_error, row_warning
from trayecto.importers.finish import Replace, finish
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

SHEET = "etiqueta"
COLUMNS = ("dpto", "mpio", "Departamento", "Municipio")
WHAT = "iMMAP divipolita.xlsx with the sheet 'etiqueta' (dpto, mpio, Departamento, Municipio)"
SOURCE_LABEL = "immap-etiqueta"

PLACE_ALIAS_SCHEMA = pa.schema(
    [
        ("alias_normalised", pa.string()),
        ("department_code", pa.string()),
        ("municipality_code", pa.string()),
        ("source", pa.string()),
        ("status", pa.string()),
        ("note", pa.string()),
    ]
)


def read_sheet(
    path: Path, sheet: str, columns: tuple[str, ...]
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of one sheet with their spreadsheet row numbers, through the safe reader
    (`workbooks`: sizes checked before any cell is read)."""
    files.read_bytes(path, WHAT)  # a clear message when the file is missing
    try:
        book = workbooks.open_workbook(path)
        numbered = book.rows(book.choose(sheet))
    except FileProblem as exc:
        raise FileProblem(str(path), f"{exc.problem.message}; expected {WHAT}") from None
    header_row = next(numbered, None)
    if header_row is None:
        raise FileProblem(str(path), f"sheet {sheet!r} is empty; expected {WHAT}")
    header = [str(h).strip() for h in header_row[1]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise FileProblem(
            str(path),
            f"sheet {sheet!r}: missing columns {', '.join(missing)}; expected {WHAT}",
            row=header_row[0],
        )
    out = []
    for number, cells in numbered:
        if all(c in ("", None) for c in cells):
            continue
        out.append((number, dict(zip(header, cells, strict=False))))
    return out


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    """iMMAP `etiqueta` -> `place_alias`, each alias checked against DIVIPOLA names."""
    report = ImportReport(source="place-aliases", dry_run=dry_run)
    try:
        if not warehouse.has("municipality"):
            raise FileProblem(
                str(path),
                "no `municipality` table yet: import divipola first; "
                "aliases are checked against DIVIPOLA names",
            )
        sheet_rows = read_sheet(path, SHEET, COLUMNS)
    except FileProblem as exc:
        return report.refuse(exc.problem)
    con = warehouse.connect()
    municipalities = query_rows(con, "select code, name, department_code from municipality")
    con.close()
    names = {m["code"]: m["name"] for m in municipalities}
    by_department: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in municipalities:
        by_department[m["department_code"]].append(m)

    report.rows_read = len(sheet_rows)
    aliases: dict[tuple[str, str, str], dict[str, Any]] = {}
    first_row: dict[tuple[str, str, str], int] = {}
    for number, row in sheet_rows:
        code = geo.municipality_code(row["mpio"])
        dept = geo.department_code(row["dpto"])
        alias = geo.normalise_name(row["Municipio"])
        problem: Problem | None = None
        if str(row["mpio"]).strip() in ("0", "0.0"):
            problem = files.row_skipped(
                number,
                "mpio",
                row["mpio"],
                "code 0 ('nacional') is not a municipality; row left out, nothing to fix",
            )
        elif code is None or code not in names:
            problem = row_error(
                number,
                "mpio",
                row["mpio"],
                "expected a DIVIPOLA municipality code (or a known change)",
            )
        elif dept is None or geo.department_of(code) != dept:
            problem = row_error(
                number,
                "dpto",
                row["dpto"],
                f"expected the department of {code}, {geo.department_of(code)}",
            )
        elif not alias:
            problem = row_error(number, "Municipio", row["Municipio"], "expected a name")
        if problem is not None:
            report.add([problem])
            report.rows_rejected += 1
            continue
        assert code is not None
        assert dept is not None
        key = (alias, dept, code)
        report.rows_imported += 1
        if key in aliases:
            report.add(
                [
                    row_warning(
                        number,
                        "Municipio",
                        row["Municipio"],
                        f"same alias as row {first_row[key]}; kept once",
                    )
                ]
            )
            continue
        first_row[key] = number
        status, note = alias_status(alias, code, names[code], by_department[dept])
        aliases[key] = {
            "alias_normalised": alias,
            "department_code": dept,
            "municipality_code": code,
            "source": SOURCE_LABEL,
            "status": status,
            "note": note,
        }
        if status == "conflict":
            report.add([row_warning(number, "Municipio", row["Municipio"], note or "")])

    _mark_split_aliases(aliases, report)
    table = pa.Table.from_pylist([aliases[k] for k in sorted(aliases)], schema=PLACE_ALIAS_SCHEMA)
    report.details["conflicts"] = sum(1 for a in aliases.values() if a["status"] == "conflict")
    return finish(
        report,
        warehouse,
        Replace(
            {"place_alias": table},
            vintage="iMMAP divipolita.xlsx (2022-05-24)",
            sha256=files.sha256_of(path),
        ),
        dry_run=dry_run,
    )


def alias_status(
    alias: str, code: str, own_name: str, same_department: list[dict[str, Any]]
) -> tuple[str, str | None]:
    """'conflict' when another municipality of the department fits the alias better.

    The alias is scored against every official name of its department (exact 1.0, same
    words or a short form 0.9, otherwise a fuzzy share below 0.85); if the best one is not
    its target, the alias would silently mis-code rows.
    """
    own = name_score(alias, geo.normalise_name(own_name))
    if own == 1.0:  # nothing can name it better than its own official name
        return "ok", None
    best = max(
        (
            (name_score(alias, geo.normalise_name(m["name"])), m)
            for m in same_department
            if m["code"] != code
        ),
        key=lambda sm: sm[0],
        default=(0.0, None),
    )
    if best[1] is not None and best[0] > own:
        other = best[1]
        return "conflict", (
            f"El alias {alias!r} apunta a {code} {own_name} (puntaje {own:.2f}) pero nombra mejor "
            f"a {other['code']} {other['name']} (puntaje {best[0]:.2f}) del mismo departamento: "
            "no se aplica; use el código DANE."
        )
    return "ok", None


def _mark_split_aliases(
    aliases: dict[tuple[str, str, str], dict[str, Any]], report: ImportReport
) -> None:
    """One alias text pointing to two municipalities of a department cannot be applied."""
    targets: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (alias, dept, _), entry in aliases.items():
        targets[(alias, dept)].append(entry)
    for (alias, _), entries in targets.items():
        if len(entries) < 2:
            continue
        codes = ", ".join(sorted(e["municipality_code"] for e in entries))
        for entry in entries:
            entry["status"] = "conflict"
            entry["note"] = (
                f"El alias {alias!r} apunta a varios municipios ({codes}): no se aplica."
            )
        report.add(
            [row_warning(0, "Municipio", alias, f"alias points to several municipalities: {codes}")]
        )
