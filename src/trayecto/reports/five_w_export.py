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
    ("status", "Estado del reporte (código)", "#status+code"),
    ("status_name", "Estado del reporte", "#status+name"),
    ("comments", "Comentarios", "#description+notes"),
    # names beside the codes, and what the GIFMM layouts carry besides the totals
    ("org_name", "Organización (nombre)", "#org+name"),
    ("department_name", "Departamento", "#adm1+name"),
    ("municipality_name", "Municipio", "#adm2+name"),
    ("activity_name", "Actividad (nombre)", "#activity+name"),
    ("population_group_name", "Grupo poblacional (nombre)", "#population+type+name"),
    ("of:discapacidad", "De los cuales: con discapacidad", "#reached+disabled"),
    ("of:indigena", "De los cuales: indígenas", "#reached+indigenous"),
    ("of:afrocolombiano", "De los cuales: afrocolombianos", "#reached+afrodescendant"),
    ("of:otra_etnia", "De los cuales: otra etnia", "#reached+ethnic+other"),
    ("of:lgbti", "De los cuales: LGBTI", "#reached+lgbti"),
    # what links a line to its donor and to the ETPV plan (docs/formats/five-w.md)
    ("funded_project", "Convenio o proyecto financiado", "#activity+project"),
    ("etpv_support_label", "Actividad en apoyo al ETPV", "#activity+etpv"),
    ("etpv_support_type_label", "Tipo de apoyo al ETPV", "#activity+etpv+type"),
)
SEX_NAMES = {"f": ("mujeres", "f"), "m": ("hombres", "m"), "o": ("otro sexo", "other"),
             "u": ("sin desagregar", "unknown")}  # fmt: skip


def cell_columns(lines: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """One column per sex × age cell of new beneficiaries found in the lines ("f:6-11")."""
    keys = sorted({key for line in lines for key in (line.get("cells") or {})})
    columns = []
    for key in keys:
        sex, _, age = key.partition(":")
        name, tag = SEX_NAMES.get(sex, (sex, sex))
        band = "sin edad" if age == "u" else age
        hxl_age = "" if age == "u" else "+age" + age.replace("-", "_").replace("+", "_plus")
        columns.append((f"cell:{key}", f"Nuevos {name} {band}", f"#reached+new+{tag}{hxl_age}"))
    return columns


def _columns(lines: list[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    return [*EXPORT_COLUMNS, *cell_columns(lines)]


def _value(line: Mapping[str, Any], name: str) -> Any:
    if name.startswith("cell:"):
        return (line.get("cells") or {}).get(name[5:])
    if name.startswith("of:"):
        return (line.get("of_which") or {}).get(name[3:])
    return line.get(name)


def _rows(
    lines: Iterable[Mapping[str, Any]], columns: list[tuple[str, str, str]]
) -> Iterable[list[Any]]:
    for line in lines:
        yield [neutralise(_value(line, name)) for name, _, _ in columns]


def write_lines_xlsx(out: Path | IO[bytes], lines: Iterable[Mapping[str, Any]]) -> Path | IO[bytes]:
    workbook = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out,
        {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True},
    )
    sheet = workbook.add_worksheet("5W")
    bold = workbook.add_format({"bold": True})
    lines = list(lines)
    columns = _columns(lines)
    sheet.write_row(0, 0, [header for _, header, _ in columns], bold)
    sheet.write_row(1, 0, [tag for _, _, tag in columns])
    for i, row in enumerate(_rows(lines, columns), start=2):
        sheet.write_row(i, 0, row)
    sheet.freeze_panes(2, 0)
    workbook.close()
    return out


def lines_hxl_csv(lines: Iterable[Mapping[str, Any]]) -> str:
    """CSV text: Spanish headers, the HXL hashtag row, then the lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    lines = list(lines)
    columns = _columns(lines)
    writer.writerow([header for _, header, _ in columns])
    writer.writerow([tag for _, _, tag in columns])
    writer.writerows(_rows(lines, columns))
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
