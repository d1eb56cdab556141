"""The action plan workbook read through the importer kit: its sizes checked before any cell
is read (a hostile workbook is refused, never loaded), and its figures under the one number
rule of `cells`: a count is a whole number (`1.234` = `1,234` = 1234, `12,0` = 12, any
other fraction refused); an indicator in percent (`Unidad` %) takes decimals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.hostile_files import SheetSpec, table_rows
from tests.support.hostile_files import write_workbook as write_hostile
from trayecto.domain.action_plan_layout import COLUMNS, SHEET
from trayecto.domain.problems import FileProblem
from trayecto.importers import workbooks
from trayecto.importers.action_plan import read_action_plan

HEADER = [header for _, header, _ in COLUMNS]


def action(code: str, unit: str, baseline: Any, target: Any, progress: Any) -> list[Any]:
    return [code, "Acción", "", "nrc", "", "54", "", "", "2026-02-01", "2026-03-31", "",
            "Indicador", unit, baseline, target, progress,
            "2026-03-15" if progress is not None else None]  # fmt: skip


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_count_reads_thousands_separators_and_a_zero_fraction_as_whole_numbers(
    tmp_path: Path,
) -> None:
    rows, problems, read = read_action_plan(
        workbook(
            tmp_path / "plan.xlsx",
            [
                action("A1", "estudiantes", "1.234", "1,234", "12,0"),
                action("A2", "estudiantes", 0, 1200.0, None),  # Excel's numbers
                action("A3", "%", "35", "45,5", "1.234"),  # a percentage takes decimals
                action("A4", "%", 35.5, "80 %", None),
            ],
        )
    )
    assert (read, problems) == (4, [])
    figures = {r.code: (r.baseline, r.target, r.progress) for r in rows}
    assert figures == {
        "A1": (1234, 1234, 12),
        "A2": (0, 1200, None),
        "A3": (35, 45.5, 1.234),
        "A4": (35.5, 80, None),
    }


def test_a_count_with_decimals_is_refused_never_rounded(tmp_path: Path) -> None:
    rows, problems, read = read_action_plan(
        workbook(
            tmp_path / "plan.xlsx",
            [
                action("A1", "estudiantes", "12,5", 1200, None),
                action("A2", "sedes", 0, 7.5, None),
                action("A3", "estudiantes", 0, "1.2345", None),
                action("A4", "estudiantes", 0, 100, "mucho"),
            ],
        )
    )
    assert (rows, read) == ([], 4)
    found = {(p.row, p.column, p.value) for p in problems}
    assert found == {
        (2, "Línea de base", "12,5"),
        (3, "Meta", "7.5"),
        (4, "Meta", "1.2345"),
        (5, "Avance", "mucho"),
    }
    by_row = {p.row: p.message for p in problems}
    assert by_row[2].startswith("tiene decimales")
    assert "escriba % en «Unidad»" in by_row[2]  # what to do when it is a percentage
    assert by_row[5].startswith("no es un número")


def test_a_hostile_workbook_is_refused_before_any_cell_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1.6 kB naming cells A1 and XFD1048576: a dense reader asks for 17 billion cells."""

    class NoReader:
        @staticmethod
        def from_path(path: str) -> None:
            raise AssertionError("a cell was read before the sizes were checked")

    monkeypatch.setattr(workbooks, "CalamineWorkbook", NoReader)
    rows = [*table_rows(HEADER, []), (1_048_576, [("XFD", 1)])]
    path = write_hostile(
        tmp_path / "plan.xlsx", [SheetSpec(SHEET, rows, dimension="A1:XFD1048576")]
    )
    with pytest.raises(FileProblem) as refused:
        read_action_plan(path)
    message = refused.value.problem.message
    assert "la hoja 'Acciones' declara celdas hasta XFD1048576 (1,048,576 filas" in message
    assert "Borre las filas y columnas vacías" in message  # what to do


def test_a_file_that_is_no_workbook_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("Código;Acción\nA1;algo\n", encoding="utf-8")
    with pytest.raises(FileProblem) as refused:
        read_action_plan(path)
    assert "guárdelo como 'Libro de Excel (.xlsx)'" in refused.value.problem.message
