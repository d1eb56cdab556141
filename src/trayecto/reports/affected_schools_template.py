"""Our workbook for a list of affected sedes: the layout of the response's lists (the Chocó
2026 list) plus the rapid-assessment columns, with dropdowns; read by
`importers/affected_schools.py` (docs/formats/affected-schools.md).

The data sheet comes first (the importer reads the first visible sheet); the dropdown
sources sit on a hidden "Listas" sheet, the instructions on the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

import xlsxwriter

DATA_SHEET = "Sedes"
DATA_ROWS = 7000  # rows that carry validations: a national list had 6,028 sedes
YES_NO = ("Sí", "No")
# (header, dropdown values or None, width, help shown when the cell is selected)
COLUMNS: tuple[tuple[str, tuple[str, ...] | None, int, str], ...] = (
    ("Código DANE", None, 15, "12 dígitos, como texto / 12 digits, as text"),
    ("Sede", None, 34, "Nombre de la sede / school name"),
    ("Municipio", ("municipalities",), 22, "Elija de la lista / pick from the list"),
    ("Severidad", ("1", "2", "3"), 10, "1 bajo, 2 moderado, 3 crítico"),
    ("Estado físico", ("Bajo", "Moderado", "Crítico"), 13, "Igual a Severidad / as Severity"),
    ("Daño", ("Ninguno", "Parcial", "Destruida"), 11, "Daño a la infraestructura"),
    ("Aulas afectadas", None, 10, "Número / number"),
    ("Albergue", YES_NO, 9, "¿Usada como albergue? / used as shelter?"),
    ("Ocupada", YES_NO, 9, "¿Ocupada por actores armados o fuerza pública? / occupied?"),
    ("Reabierta", YES_NO, 9, "¿Volvió a dar clases? / reopened?"),
    ("Días de clase perdidos", None, 10, "Número / number"),
    ("Matrícula total", None, 10, "= suma de los niveles / sum of the levels"),
    ("Primera infancia", None, 10, ""),
    ("Primaria", None, 10, ""),
    ("Secundaria", None, 10, ""),
    ("Media", None, 10, ""),
    ("Adultos", None, 10, ""),
    ("Estudiantes afectados mujeres", None, 11, "Si se contaron / if counted"),
    ("Estudiantes afectados hombres", None, 11, "Si se contaron / if counted"),
    ("Docentes", None, 10, ""),
    ("Directivos docentes", None, 10, ""),
    ("Docentes afectados", None, 10, ""),
    ("Sector", ("OFICIAL", "NO OFICIAL"), 12, ""),
    ("Zona", ("URBANA", "RURAL"), 10, ""),
    ("Secretaría", None, 16, "ETC"),
    ("Organizaciones aliadas", None, 30, "Varias separadas por ' | ' / several joined by ' | '"),
)
INSTRUCTIONS = (
    ("Sedes afectadas por una emergencia / Schools affected by an emergency", ""),
    ("Una fila por sede; el código DANE de 12 dígitos identifica la sede.",
     "One row per school; the 12-digit DANE code identifies it."),
    ("El municipio se toma del nombre (lista), nunca de los dígitos del código.",
     "The municipality is taken from its name (list), never from the code's digits."),
    ("Sedes fuera del territorio de la emergencia se reportan y no se importan.",
     "Schools outside the emergency's area are reported, not imported."),
    ("Importar de nuevo la lista corregida (mismo nombre de archivo) reemplaza sus filas.",
     "Importing the corrected list again (same file name) replaces its rows."),
)  # fmt: skip


def write_affected_schools_template(
    target: Path | IO[bytes], *, municipalities: Sequence[str], title: str = ""
) -> None:
    """Write the workbook; `municipalities` are the names the Municipio dropdown offers."""
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    header = book.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDEBF7"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(DATA_SHEET)
    lists = book.add_worksheet("Listas")
    notes = book.add_worksheet("Instrucciones")
    for row, name in enumerate(sorted(set(municipalities))):
        lists.write_string(row, 0, name)
    lists.hide()
    last_row = DATA_ROWS
    for col, (name, choices, width, help_text) in enumerate(COLUMNS):
        sheet.write_string(0, col, name, header)
        sheet.set_column(col, col, width, text if name == "Código DANE" else None)
        if choices == ("municipalities",):
            if municipalities:
                source = f"=Listas!$A$1:$A${len(set(municipalities))}"
                sheet.data_validation(1, col, last_row, col, {"validate": "list", "source": source})
        elif choices:
            sheet.data_validation(
                1, col, last_row, col, {"validate": "list", "source": list(choices)}
            )
        else:
            if name not in {"Código DANE", "Sede", "Secretaría", "Organizaciones aliadas"}:
                sheet.data_validation(
                    1, col, last_row, col,
                    {"validate": "integer", "criteria": ">=", "value": 0,
                     "error_message": "Un número entero ≥ 0 / a whole number ≥ 0"},
                )  # fmt: skip
        if help_text:
            sheet.write_comment(0, col, help_text)
    sheet.freeze_panes(1, 2)
    notes.set_column(0, 1, 70)
    if title:
        notes.write_string(0, 2, title)
    for row, (es, en) in enumerate(INSTRUCTIONS):
        notes.write_string(row, 0, es)
        notes.write_string(row, 1, en)
    book.close()
