"""Read the GIFMM 5W v2 layout: ActivityInfo's CSV export of the sub-group's form, or the
workbook `reports/activityinfo.py` writes (sheet `5W`), into `gifmm_v2.Row`s.

Every row read is a Row or a Problem (row, column, value, message); places are matched by
name with the place matcher (GIFMM spells them its own way: `Norte_De_Santander`), months in
ActivityInfo's `2026-03` or GIFMM's `03_Marzo` (with `year`). A row's new beneficiaries are
its six "*Nuevos…" columns; its population group the one group column filled (several:
split as `five_w.new_beneficiary_group_cells` splits a partner's line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import Sex, new_beneficiary_group_cells
from trayecto.domain.places import PlaceMatcher
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.cells import CellError, is_blank, parse_integer, parse_month
from trayecto.importers.files import row_error
from trayecto.importers.tabular import OFFICIAL, read_table
from trayecto.importers.workbooks import open_workbook

SOURCE = "activityinfo"
REQUIRED = (
    "Socio Principal", "Departamento", "Municipio", "Mes", "Actividad de marco lógico",
    "Total beneficiarios alcanzados en el mes", "Beneficiarios nuevos en el mes",
    *gifmm_v2.NEW_CELL_COLUMNS.values(),
)  # fmt: skip
WHAT = "a GIFMM 5W v2 table (ActivityInfo export)"
GROUP_OF_COLUMN = {column: group for group, column in gifmm_v2.GROUP_COLUMNS.items()}


def read(
    path: Path, places: PlaceMatcher, *, year: int | None = None
) -> tuple[list[gifmm_v2.Row], ImportReport]:
    """The rows of a CSV or XLSX file in the v2 layout, and the report of what was read."""
    report = ImportReport(source=SOURCE)
    try:
        records = _records(path)
    except FileProblem as exc:
        return [], report.refuse(exc.problem)
    found: list[gifmm_v2.Row] = []
    for number, record in records:
        report.rows_read += 1
        try:
            found.extend(_row(number, record, places, year))
        except _Rejected as exc:
            report.rows_rejected += 1
            report.add([exc.problem])
            continue
        report.rows_imported += 1
    report.refuse_if_empty(str(path))
    return found, report


class _Rejected(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".xlsx":
        return _xlsx_records(path)
    table = read_table(path, what=WHAT, required=REQUIRED, policy=OFFICIAL)
    return [(row.line, dict(row.values)) for row in table.rows]


def _xlsx_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Sheet `5W` (else the first), through the safe reader: sizes checked first."""
    book = open_workbook(path)
    sheet = next((s for s in book.sheets if s.name == "5W"), book.sheets[0])
    rows = book.rows(sheet)
    first = next(rows, None)
    header = [str(h).strip() for h in first[1]] if first else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileProblem(
            str(path), f"missing columns {', '.join(missing)}; expected {WHAT}", row=1
        )
    return [
        (number, dict(zip(header, values, strict=False)))
        for number, values in rows
        if any(not is_blank(v) for v in values)
    ]


def _count(number: int, record: dict[str, Any], column: str) -> int:
    value = record.get(column)
    if is_blank(value):
        return 0
    try:
        return parse_integer(value, column=column, minimum=0)
    except CellError as exc:
        raise _Rejected(exc.at(number)) from None


def _required(number: int, record: dict[str, Any], column: str) -> str:
    value = record.get(column)
    if is_blank(value):
        raise _Rejected(row_error(number, column, value, f"«{column}» is required"))
    return str(value).strip()


def _row(
    number: int, record: dict[str, Any], places: PlaceMatcher, year: int | None
) -> list[gifmm_v2.Row]:
    org = _required(number, record, "Socio Principal")
    activity = _required(number, record, "Actividad de marco lógico")
    try:
        month = parse_month(record.get("Mes"), default_year=year, column="Mes")
    except CellError as exc:
        raise _Rejected(exc.at(number)) from None
    department = places.match_department(name=_required(number, record, "Departamento"))
    if not department.matched:
        raise _Rejected(row_error(number, "Departamento", record.get("Departamento"),
                                  department.message))  # fmt: skip
    municipality = places.match_municipality(
        name=_required(number, record, "Municipio"), department=department.code
    )
    if not municipality.matched:
        raise _Rejected(row_error(number, "Municipio", record.get("Municipio"),
                                  municipality.message))  # fmt: skip
    cells = {
        (Sex(cell[0]), cell[1]): _count(number, record, column)
        for cell, column in gifmm_v2.NEW_CELL_COLUMNS.items()
    }
    new_column = "Beneficiarios nuevos en el mes"
    new = _count(number, record, new_column)
    if new != sum(cells.values()):
        message = (
            f"the six «*Nuevos…» columns add up to {sum(cells.values())}, not {new}: "
            "correct one or the other"
        )
        raise _Rejected(row_error(number, new_column, record.get(new_column), message))
    total = _count(number, record, "Total beneficiarios alcanzados en el mes")
    groups = {group: _count(number, record, column) for column, group in GROUP_OF_COLUMN.items()}
    named = [g for g, n in groups.items() if n]
    group = named[0] if len(named) == 1 else gifmm_v2.NO_GROUP
    joint = new_beneficiary_group_cells(group, groups, cells)
    line = str(record.get("Id Actividad") or f"fila-{number}").strip()
    rows = gifmm_v2.rows_of_line(
        line, org=org, activity=activity, department=str(department.code),
        municipality=str(municipality.code), month=month, beneficiaries=total,
        group_cells={f"{g}:{s}:{a}": n for (g, s, a), n in joint.items()}, group=group,
    )  # fmt: skip
    if len(rows) == 1:  # the file's own identifier, as written
        rows = [gifmm_v2.Row(**{**rows[0].__dict__, "line": line})]
    return rows
