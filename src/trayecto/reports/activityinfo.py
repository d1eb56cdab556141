"""The published 5W of a month in the GIFMM 5W v2 layout, for R4V's ActivityInfo: a workbook
(sheet `5W`, the 49 columns; sheet `Nota`, what the export changes and the reach it states)
or the same table as CSV, the file ActivityInfo imports.

The layout knows new beneficiaries only under 18 / 18 and over, by three sexes, and no site,
so the reach the note states is counted by the configured rule over the rows as written
(`gifmm_v2.coarse_reach`); beside it, the platform's own figure at its bands, so the
difference is shown, not hidden (docs/formats/activityinfo.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import ConsolidationRule, ReachLine, reach_by_area
from trayecto.domain.places import PlaceMatcher
from trayecto.reports.spreadsheet_cells import neutralise

NOTE_ES = (
    "GIFMM 5W v2 registra los beneficiarios nuevos solo como menores de 18 y de 18 o más, sin "
    "sede ni lugar. Trayecto cuenta el alcance sin doble conteo tomando el mayor servicio de "
    "cada celda de sexo y edad antes de sumar; con celdas más gruesas ese máximo cambia. Por "
    "eso este archivo declara el alcance «en las bandas del GIFMM»: la misma regla contada "
    "sobre estas filas. Al volver a importar este archivo se obtienen exactamente esas cifras. "
    "La cifra de Trayecto en sus propias bandas va al lado, para comparar."
)
NOTE_EN = (
    "GIFMM 5W v2 records new beneficiaries only as under 18 and 18 or over, with no school or "
    "place. Trayecto counts reach without double counting by taking the largest service of "
    "each sex × age cell before adding up; coarser cells change that maximum. This file "
    "therefore states reach 'at GIFMM's bands': the same rule counted over these rows. "
    "Importing this file again gives exactly those figures. Trayecto's figure at its own "
    "bands is shown beside it, for comparison."
)


@dataclass(frozen=True)
class Export:
    """What the file says about itself: month, rule, warehouse version and both reaches."""

    month: str
    rule: ConsolidationRule
    rows: Sequence[gifmm_v2.Row]
    reach_gifmm: int  # at GIFMM's bands, the figure a re-import gives
    reach_platform: int  # the platform's, at its own bands (the lines before collapsing)
    manifest_version: int | None = None


def build(
    month: str,
    rows: Sequence[gifmm_v2.Row],
    fine_lines: Sequence[ReachLine],
    rule: ConsolidationRule,
    manifest_version: int | None = None,
) -> Export:
    return Export(
        month=month,
        rule=rule,
        rows=rows,
        reach_gifmm=sum(gifmm_v2.coarse_reach(rows, rule).values()),
        reach_platform=sum(reach_by_area(fine_lines, rule).values()),
        manifest_version=manifest_version,
    )


def table(
    export: Export,
    places: PlaceMatcher,
    activities: Mapping[str, tuple[str, int | None]],  # code -> (name, GIFMM indicator id)
) -> list[list[Any]]:
    """The rows under the 49 headers (places by their DIVIPOLA names)."""
    found: list[list[Any]] = []
    for row in export.rows:
        name, indicator = activities.get(row.activity, ("", None))
        cells: dict[str, Any] = {
            "Id Actividad": row.line,
            "Socio Principal": row.org,
            "Departamento": places.departments[row.department].name,
            "Municipio": places.municipalities[row.municipality].name,
            "Mes": row.month,
            "Sector GIFMM": gifmm_v2.SECTOR,
            "Código del indicador": indicator,
            "Actividad de marco lógico": row.activity,
            "Nombre de la actividad": name,
            "Total beneficiarios alcanzados en el mes": row.total,
            "Beneficiarios nuevos en el mes": row.new,
        }
        if row.group in gifmm_v2.GROUP_COLUMNS:
            cells[gifmm_v2.GROUP_COLUMNS[row.group]] = row.total
        for cell, column in gifmm_v2.NEW_CELL_COLUMNS.items():
            cells[column] = row.cells.get(cell, 0)
        found.append([cells.get(column) for column in gifmm_v2.COLUMNS])
    return found


def to_csv(body: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 with the header row, as ActivityInfo imports and exports a form's records."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(gifmm_v2.COLUMNS)
    for line in body:
        writer.writerow(["" if v is None else neutralise(v) for v in line])
    return buffer.getvalue().encode("utf-8")


def note_lines(export: Export) -> list[tuple[str, str]]:
    return [
        ("mes / month", export.month),
        ("regla / rule", export.rule.value),
        ("versión del almacén / warehouse version", str(export.manifest_version or "")),
        ("filas / rows", str(len(export.rows))),
        ("alcance en las bandas del GIFMM / reach at GIFMM's bands", str(export.reach_gifmm)),
        ("alcance de Trayecto en sus bandas / Trayecto's reach at its bands",
         str(export.reach_platform)),
        ("nota", NOTE_ES),
        ("note", NOTE_EN),
    ]  # fmt: skip


def write_xlsx(path: Path, export: Export, body: Sequence[Sequence[Any]]) -> Path:
    """Sheet `5W` (the layout) and sheet `Nota` (the bands and both reach figures)."""
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F0", "text_wrap": True})
    sheet = book.add_worksheet("5W")
    sheet.write_row(0, 0, gifmm_v2.COLUMNS, bold)
    for r, line in enumerate(body, start=1):
        for c, value in enumerate(line):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, neutralise(str(value)))
    sheet.freeze_panes(1, 0)
    note = book.add_worksheet("Nota")
    note.set_column(0, 0, 45)
    note.set_column(1, 1, 100)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, (label, text) in enumerate(note_lines(export)):
        note.write_string(r, 0, label, bold)
        note.write_string(r, 1, text, wrap)
    book.close()
    return path
