"""An event's affected sedes as XLSX and as HXL-tagged CSV (the HDX convention: a header row,
then a row of hashtags)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import xlsxwriter

# (key, header, HXL hashtag)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("sede_code", "Código DANE sede", "#loc+school+code"),
    ("sede_name", "Sede", "#loc+school+name"),
    ("department_code", "Código departamento", "#adm1+code"),
    ("municipality_code", "Código municipio", "#adm2+code"),
    ("municipality_name", "Municipio", "#adm2+name"),
    ("severity", "Severidad (1-3)", "#severity"),
    ("damage", "Daño", "#status+damage"),
    ("used_as_shelter", "Albergue", "#status+shelter"),
    ("occupied", "Ocupada", "#status+occupied"),
    ("reopened", "Reabierta", "#status+reopened"),
    ("learning_materials_lost", "Materiales perdidos", "#status+materials_lost"),
    ("days_lost", "Días de clase perdidos", "#value+days_lost"),
    ("students_affected", "Estudiantes afectados", "#affected+students"),
    ("teachers", "Docentes", "#affected+teachers"),
    ("reached_month", "Primera respuesta (mes)", "#date+reached"),
    ("reached_by", "Respuesta por", "#meta+reached_by"),
    ("organisations", "Organizaciones", "#org+name"),
)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return "" if value is None else value


def write_sedes_xlsx(out: Path | IO[bytes], rows: Iterable[Mapping[str, Any]], title: str) -> None:
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Sedes afectadas")
    sheet.write_string(0, 0, title, bold)
    for col, (_, header, _tag) in enumerate(COLUMNS):
        sheet.write_string(2, col, header, bold)
    for row, item in enumerate(rows, start=3):
        for col, (key, _, _tag) in enumerate(COLUMNS):
            value = _cell(item.get(key))
            if isinstance(value, int | float):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))
    sheet.freeze_panes(3, 2)
    book.close()


def sedes_hxl_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _, header, _ in COLUMNS])
    writer.writerow([tag for _, _, tag in COLUMNS])
    for item in rows:
        writer.writerow([_cell(item.get(key)) for key, _, _ in COLUMNS])
    return buffer.getvalue()
