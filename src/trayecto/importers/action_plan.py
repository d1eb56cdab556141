"""Read an action plan workbook (docs/formats/action-plan.md) into checked rows and problems.

Organisation codes are checked by the caller (they live in the operational database); this
module checks everything the file alone can tell: headers, required cells, codes, dates,
numbers, statuses. Every data row is either returned or reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from trayecto.domain.action_plan_layout import COLUMNS, HEADER_ROW, HEADERS, SHEET
from trayecto.domain.action_plans import STATUS_IN_FILE, ActionStatus, status_from_file
from trayecto.domain.problems import FileProblem, Problem

DEPARTMENT = re.compile(r"\d{2}")
MUNICIPALITY = re.compile(r"\d{5}")
ETC = re.compile(r"\d{1,10}")
CODE = re.compile(r"[\w.\-]{1,20}")
STATUSES_WRITTEN = ", ".join(STATUS_IN_FILE.values())


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normal(header: Any) -> str:
    return " ".join(_text(header).lower().split())


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _text(value).replace(" ", "")
    # Spanish writing: 1.234,5 -> 1234.5; a lone comma is the decimal mark
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _code(value: Any, *, digits: int) -> str:
    """DANE codes typed as numbers lose their leading zero (8 for 08): put it back."""
    text = _text(value)
    return text.zfill(digits) if text.isdigit() and len(text) < digits else text


def read_action_plan(path: Path) -> tuple[list[ActionRow], list[Problem], int]:
    """(rows, problems, rows read). A row with an error is reported, not returned."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file it cannot open
        raise FileProblem(str(path.name), f"no es un libro de Excel legible ({error})") from None
    if SHEET not in workbook.sheetnames:
        raise FileProblem(
            path.name, f"falta la hoja «{SHEET}»; descargue la plantilla del plan y úsela"
        )
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    if len(rows) < HEADER_ROW:
        raise FileProblem(path.name, f"la hoja «{SHEET}» está vacía")
    header = [_normal(h) for h in rows[HEADER_ROW - 1]]
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
    found: list[ActionRow] = []
    problems: list[Problem] = []
    read = 0
    for number, values in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        cells = {f: values[i] if i < len(values) else None for f, i in positions.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue  # a blank row is not a row
        read += 1
        row, row_problems = _check(number, cells)
        problems.extend(row_problems)
        if row is not None:
            found.append(row)
    return found, problems, read


def _check(number: int, cells: dict[str, Any]) -> tuple[ActionRow | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(number, HEADERS[field], _text(cells.get(field)), message))

    for field, title, required in COLUMNS:
        if required and _text(cells.get(field)) == "":
            bad(field, f"«{title}» es obligatoria")
    code = _text(cells.get("code"))
    if code and not CODE.fullmatch(code):
        bad("code", "el código tiene hasta 20 letras, cifras, puntos o guiones (por ejemplo A1)")
    department = _code(cells.get("department"), digits=2)
    municipality = _code(cells.get("municipality"), digits=5)
    etc_code = _text(cells.get("etc_code"))
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
        if _text(cells.get(field)) and value is None:
            bad(field, "escriba la fecha como AAAA-MM-DD (por ejemplo 2026-03-31)")
    if start and due and due < start:
        bad("due_date", "la fecha de fin es anterior a la de inicio")
    status_text = _text(cells.get("status"))
    status = status_from_file(status_text) if status_text else ActionStatus.NOT_STARTED
    if status is None:
        bad("status", f"el estado es uno de: {STATUSES_WRITTEN}")
    numbers: dict[str, float | None] = {}
    for field in ("baseline", "target", "progress"):
        text = _text(cells.get(field))
        numbers[field] = _number(cells.get(field)) if text else None
        if text and numbers[field] is None:
            bad(field, "escriba un número (por ejemplo 120 o 45,5)")
    progress_date = _date(cells.get("progress_date"))
    if _text(cells.get("progress_date")) and progress_date is None:
        bad("progress_date", "escriba la fecha como AAAA-MM-DD (por ejemplo 2026-03-31)")
    if numbers["progress"] is not None and not _text(cells.get("progress_date")):
        bad("progress_date", "un avance necesita su fecha")
    if progress_date is not None and not _text(cells.get("progress")):
        bad("progress", "la fecha del avance necesita el valor del avance")
    if problems or start is None or due is None or status is None:
        return None, problems
    supporting = re.split("[;,]", _text(cells.get("supporting")))
    return (
        ActionRow(
            row=number, code=code, title=_text(cells.get("title")),
            description=_text(cells.get("description")), lead=_text(cells.get("lead")),
            supporting=tuple(s.strip() for s in supporting if s.strip()),
            department=department or municipality[:2], etc_code=etc_code,
            municipality=municipality, start_date=start, due_date=due, status=status,
            indicator=_text(cells.get("indicator")), unit=_text(cells.get("unit")),
            baseline=numbers["baseline"] or 0.0, target=numbers["target"],
            progress=numbers["progress"], progress_date=progress_date,
        ),
        [],
    )  # fmt: skip
