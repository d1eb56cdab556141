"""Read an action plan workbook (docs/formats/action-plan.md) into checked rows and problems.

Organisation codes are checked by the caller (they live in the operational database); this
module checks everything the file alone can tell: headers, required cells, codes, dates,
numbers, statuses. Every data row is either returned or reported. The workbook is read as
every importer reads one (`workbooks`: its sizes checked before any cell is read) and its
cells as every importer reads them (`cells`): an indicator counted in units (students,
sedes…) has whole numbers, `1.234` = 1234; one in percent (`Unidad` %) may have decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from trayecto.domain.action_plan_layout import COLUMNS, HEADER_ROW, HEADERS, SHEET
from trayecto.domain.action_plans import (
    STATUS_IN_FILE,
    ActionStatus,
    is_percentage,
    status_from_file,
)
from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers import workbooks
from trayecto.importers.cells import (
    CellError,
    cell_text,
    parse_code,
    parse_date,
    parse_decimal,
    parse_integer,
)

DEPARTMENT = re.compile(r"\d{2}")
MUNICIPALITY = re.compile(r"\d{5}")
ETC = re.compile(r"\d{1,10}")
CODE = re.compile(r"[\w.\-]{1,20}")
STATUSES_WRITTEN = ", ".join(STATUS_IN_FILE.values())
DATE_FORMAT = "escriba la fecha como AAAA-MM-DD (por ejemplo 2026-03-31)"
# The layout's dates are Excel dates or ISO text: the file round-trips through Trayecto's
# export, which writes them so (the kit's reader also takes DD/MM/AAAA; this format does not).
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PERCENT_HINT = "; si el indicador es un porcentaje, escriba % en «Unidad» y use decimales (45,5)"


@dataclass(frozen=True)
class ActionRow:
    row: int
    code: str
    title: str
    description: str
    lead: str
    supporting: tuple[str, ...]
    department: str
    etc_code: str
    municipality: str
    start_date: date
    due_date: date
    status: ActionStatus
    indicator: str
    unit: str
    baseline: float
    target: float | None
    progress: float | None
    progress_date: date | None


def _normal(header: Any) -> str:
    return " ".join(cell_text(header).lower().split())


def _date(value: Any) -> date | None:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return parse_date(value, language="es")
    except CellError:
        return None


def _number(value: Any, *, percent: bool) -> float:
    """A figure of the indicator: a whole number for a count (`1.234` and `1,234` are 1234,
    `12,0` is 12, any other fraction refused), a decimal for a percentage (`45,5`, `45 %`).
    Raises CellError with the reason in Spanish."""
    if percent:
        return parse_decimal(value, percent=True, language="es")
    return float(parse_integer(value, language="es"))


def _code(value: Any, *, digits: int) -> str:
    """DANE codes typed as numbers lose their leading zero (8 for 08): put it back; the
    text as written when it is no code (reported by the caller)."""
    try:
        return parse_code(value, digits)
    except CellError:
        return cell_text(value)


def read_action_plan(path: Path) -> tuple[list[ActionRow], list[Problem], int]:
    """(rows, problems, rows read). A row with an error is reported, not returned."""
    book = workbooks.open_workbook(path, language="es")
    sheet = next((s for s in book.sheets if s.name == SHEET), None)
    if sheet is None:
        raise FileProblem(
            path.name, f"falta la hoja «{SHEET}»; descargue la plantilla del plan y úsela"
        )
    header: list[str] | None = None
    positions: dict[str, int] = {}
    found: list[ActionRow] = []
    problems: list[Problem] = []
    read = 0
    for number, values in book.rows(sheet):  # refused here, before a cell is read
        if number < HEADER_ROW:
            continue
        if number == HEADER_ROW:
            header = [_normal(h) for h in values]
            positions = _positions(path, header)
            continue
        if header is None:
            positions = _positions(path, [])  # no header row: refused, naming the columns
        cells = {f: values[i] if i < len(values) else None for f, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue  # a blank row is not a row
        read += 1
        row, row_problems = _check(number, cells)
        problems.extend(row_problems)
        if row is not None:
            found.append(row)
    if header is None:
        raise FileProblem(path.name, f"la hoja «{SHEET}» está vacía")
    return found, problems, read


def _positions(path: Path, header: list[str]) -> dict[str, int]:
    """Where each column of the layout is; the file is refused when a required one is not."""
    positions: dict[str, int] = {}
    for field, title, _ in COLUMNS:
        if _normal(title) in header:
            positions[field] = header.index(_normal(title))
    missing = [title for field, title, required in COLUMNS if required and field not in positions]
    if missing:
        raise FileProblem(
            path.name,
            "faltan las columnas " + ", ".join(f"«{m}»" for m in missing)
            + f" en la fila {HEADER_ROW} de la hoja «{SHEET}»",
            row=HEADER_ROW,
        )  # fmt: skip
    return positions


def _check(number: int, cells: dict[str, Any]) -> tuple[ActionRow | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(number, HEADERS[field], cell_text(cells.get(field)), message))

    for field, title, required in COLUMNS:
        if required and cell_text(cells.get(field)) == "":
            bad(field, f"«{title}» es obligatoria")
    code = cell_text(cells.get("code"))
    if code and not CODE.fullmatch(code):
        bad("code", "el código tiene hasta 20 letras, cifras, puntos o guiones (por ejemplo A1)")
    department = _code(cells.get("department"), digits=2)
    municipality = _code(cells.get("municipality"), digits=5)
    etc_code = cell_text(cells.get("etc_code"))
    if department and not DEPARTMENT.fullmatch(department):
        bad("department", "el departamento es su código DANE de dos cifras (por ejemplo 81)")
    if municipality and not MUNICIPALITY.fullmatch(municipality):
        bad("municipality", "el municipio es su código DANE de cinco cifras (por ejemplo 81001)")
    elif municipality and department and not municipality.startswith(department):
        bad("municipality", f"el municipio no queda en el departamento {department}")
    if etc_code and not ETC.fullmatch(etc_code):
        bad("etc_code", "la ETC es su código del MEN, solo cifras (por ejemplo 3802)")
    start, due = _date(cells.get("start_date")), _date(cells.get("due_date"))
    for field, value in (("start_date", start), ("due_date", due)):
        if cell_text(cells.get(field)) and value is None:
            bad(field, DATE_FORMAT)
    if start and due and due < start:
        bad("due_date", "la fecha de fin es anterior a la de inicio")
    status_text = cell_text(cells.get("status"))
    status = status_from_file(status_text) if status_text else ActionStatus.NOT_STARTED
    if status is None:
        bad("status", f"el estado es uno de: {STATUSES_WRITTEN}")
    percent = is_percentage(cell_text(cells.get("unit")))
    numbers: dict[str, float | None] = {}
    for field in ("baseline", "target", "progress"):
        numbers[field] = None
        if cell_text(cells.get(field)):
            try:
                numbers[field] = _number(cells.get(field), percent=percent)
            except CellError as error:
                bad(field, error.message + (PERCENT_HINT if not percent else ""))
    progress_date = _date(cells.get("progress_date"))
    if cell_text(cells.get("progress_date")) and progress_date is None:
        bad("progress_date", DATE_FORMAT)
    if numbers["progress"] is not None and not cell_text(cells.get("progress_date")):
        bad("progress_date", "un avance necesita su fecha")
    if progress_date is not None and not cell_text(cells.get("progress")):
        bad("progress", "la fecha del avance necesita el valor del avance")
    if problems or start is None or due is None or status is None:
        return None, problems
    supporting = re.split("[;,]", cell_text(cells.get("supporting")))
    return (
        ActionRow(
            row=number, code=code, title=cell_text(cells.get("title")),
            description=cell_text(cells.get("description")), lead=cell_text(cells.get("lead")),
            supporting=tuple(s.strip() for s in supporting if s.strip()),
            department=department or municipality[:2], etc_code=etc_code,
            municipality=municipality, start_date=start, due_date=due, status=status,
            indicator=cell_text(cells.get("indicator")), unit=cell_text(cells.get("unit")),
            baseline=numbers["baseline"] or 0.0, target=numbers["target"],
            progress=numbers["progress"], progress_date=progress_date,
        ),
        [],
    )  # fmt: skip
