"""5W lines out as XLSX and HXL-tagged CSV, safe to open in Excel.

Text that starts with = + - @ (or a tab / carriage return) would run as a formula when the
file is opened (CSV/formula injection, OWASP); such cells get a leading apostrophe
(spreadsheet_cells.neutralise, shared by every export).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from trayecto.reports.spreadsheet_cells import neutralise

# (field, Spanish header, HXL hashtag)
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("org", "Organización", "#org+code"),
    ("month", "Mes", "#date+month"),
    ("department", "Departamento (código DANE)", "#adm1+code"),
    ("municipality", "Municipio (código DIVIPOLA)", "#adm2+code"),
    ("sede", "Sede (código DANE)", "#loc+code"),
    ("place_name", "Sede o lugar", "#loc+name"),
    ("activity", "Actividad", "#activity+code"),
    ("population_group", "Grupo poblacional", "#population+type"),
    ("beneficiary_type", "Nuevos o recurrentes", "#reached+type"),
    ("beneficiaries", "Beneficiarios del mes", "#reached+total"),
    ("new_beneficiaries", "Beneficiarios nuevos", "#reached+new"),
    ("quantity", "Cantidad", "#output+num"),
    ("households", "Hogares", "#reached+hh"),
    ("status", "Estado del reporte", "#status"),
    ("comments", "Comentarios", "#description+notes"),
)


def _rows(lines: Iterable[Mapping[str, Any]]) -> Iterable[list[Any]]:
    for line in lines:
        yield [neutralise(line.get(name)) for name, _, _ in EXPORT_COLUMNS]


def write_lines_xlsx(out: Path | IO[bytes], lines: Iterable[Mapping[str, Any]]) -> Path | IO[bytes]:
    workbook = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    sheet = workbook.add_worksheet("5W")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [header for _, header, _ in EXPORT_COLUMNS], bold)
    sheet.write_row(1, 0, [tag for _, _, tag in EXPORT_COLUMNS])
    for i, row in enumerate(_rows(lines), start=2):
        sheet.write_row(i, 0, row)
    sheet.freeze_panes(2, 0)
    workbook.close()
    return out


def lines_hxl_csv(lines: Iterable[Mapping[str, Any]]) -> str:
    """CSV text: Spanish headers, the HXL hashtag row, then the lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([header for _, header, _ in EXPORT_COLUMNS])
    writer.writerow([tag for _, _, tag in EXPORT_COLUMNS])
    writer.writerows(_rows(lines))
    return buffer.getvalue()


def write_pivot_xlsx(
    out: Path | IO[bytes],
    *,
    title: str,
    corner: str,
    column_labels: list[str],
    rows: Iterable[tuple[str, list[int]]],
) -> Path | IO[bytes]:
    """A pivot of people reached: a title row, then the column labels and one row per key."""
    workbook = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    sheet = workbook.add_worksheet("Alcance")
    bold = workbook.add_format({"bold": True})
    sheet.write(0, 0, title, bold)
    sheet.write_row(2, 0, [corner, *(neutralise(c) for c in column_labels)], bold)
    for i, (label, values) in enumerate(rows, start=3):
        sheet.write(i, 0, neutralise(label))
        sheet.write_row(i, 1, values)
    sheet.set_column(0, 0, 34)
    sheet.freeze_panes(3, 1)
    workbook.close()
    return out
