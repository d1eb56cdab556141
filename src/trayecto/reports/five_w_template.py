"""The monthly 5W workbook a partner fills in: instructions (es/en), data sheet, dropdowns.

Dropdown sources live on a hidden "Listas" sheet, because Excel limits inline lists to 255
characters and there are 1,121 municipalities. The HXL hashtags sit in a hidden row under the
headers so the same file is also a valid HXL dataset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import xlsxwriter

from trayecto.domain.catalogue import EIE_ACTIVITIES, Activity
from trayecto.domain.five_w import POPULATION_GROUP_LABELS, BeneficiaryType, PopulationGroup
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS
from trayecto.domain.five_w_layout import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    HXL_ROW,
    TEMPLATE_COLUMNS,
)
from trayecto.domain.geography import Municipality

DATA_ROWS = 2000  # rows that carry validations; partners rarely report more in a month

INSTRUCTIONS = (
    ("Plantilla 5W del Clúster de Educación / Education Cluster 5W template", ""),
    ("Una fila por actividad, municipio, sede, grupo poblacional y mes.",
     "One row per activity, municipality, school, population group and month."),
    ("Elija departamento, municipio, actividad y grupo de las listas desplegables.",
     "Pick department, municipality, activity and group from the dropdown lists."),
    ("Código de sede: el código DANE de 12 dígitos, como texto (conserve los ceros).",
     "School code: the 12-digit DANE code, as text (keep leading zeros)."),
    ("Nuevos: primera vez que la persona recibe este servicio de su organización; "
     "recurrentes: ya reportados en un mes anterior.",
     "New: first time the person receives this service from your organisation; "
     "recurrent: already reported in an earlier month."),
    ("Las celdas de sexo y edad deben sumar los beneficiarios del mes; déjelas en cero si no "
     "tiene la desagregación.",
     "Sex and age cells must add up to the month's beneficiaries; leave them at zero if you "
     "do not have the breakdown."),
    ("'De los cuales' (discapacidad, etnia, LGBTI) se cuentan dentro del total, no se suman.",
     "'Of which' counts (disability, ethnicity, LGBTI) are within the total, never added."),
    ("Hogares es una medida aparte; no la sume a personas.",
     "Households are a separate measure; never add them to people."),
    ("Apoyo al ETPV: «Sí» si la actividad apoya a estudiantes venezolanos en la ruta del ETPV, "
     "con el tipo de apoyo de la lista; «No» o vacío si no. Convenio: el nombre o número del "
     "proyecto financiado, si lo hay.",
     "ETPV support: 'Sí' when the activity supports Venezuelan students on the ETPV route, "
     "with the type of support from the list; 'No' or blank otherwise. Agreement: the name or "
     "number of the funded project, if any."),
    ("No escriba fórmulas: el sistema no las calcula.",
     "Do not type formulas: the system does not compute them."),
)  # fmt: skip


class DropdownLabels:
    """Pre-filled values written as the dropdowns write them ("81001 - Arauca (Arauca)",
    "81 - Arauca", "EDU-04 - … (personas)"), the department filled from the municipality,
    so that a pre-filled line looks like one picked by hand."""

    def __init__(self, municipalities: Sequence[Municipality], activities: Sequence[Activity]):
        self.municipalities = {m.code: m for m in municipalities}
        self.departments = {m.department_code: f"{m.department_code} - {m.department_name}"
                            for m in municipalities}  # fmt: skip
        self.activities = {a.code: f"{a.label} ({a.unit.value})" for a in activities}

    def apply(self, line: Mapping[str, str | int]) -> dict[str, str | int]:
        filled = dict(line)
        municipality = self.municipalities.get(str(filled.get("municipality", "")))
        if municipality is not None:
            filled["municipality"] = municipality.label
            filled.setdefault("department", municipality.department_code)
        department = str(filled.get("department", ""))
        filled.update({"department": self.departments[department]}
                      if department in self.departments else {})  # fmt: skip
        activity = str(filled.get("activity", ""))
        if activity in self.activities:
            filled["activity"] = self.activities[activity]
        return filled


def write_five_w_template(
    out: Path | IO[bytes],
    *,
    period: str,
    org_code: str,
    municipalities: Sequence[Municipality],
    activities: Sequence[Activity] = EIE_ACTIVITIES,
    prefill: Sequence[Mapping[str, str | int]] = (),
) -> Path | IO[bytes]:
    """Write the template for one organisation and month to `out` (a path or a binary
    stream) and return it."""
    departments = sorted({(m.department_code, m.department_name) for m in municipalities})
    lists = {
        "departamentos": [f"{code} - {name}" for code, name in departments],
        "municipios": [m.label for m in sorted(municipalities, key=lambda m: m.code)],
        "actividades": [f"{a.label} ({a.unit.value})" for a in activities],
        "grupos": [POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup],
        "tipos": [t.value.capitalize() for t in BeneficiaryType],
        "si_no": ["Sí", "No"],
        "apoyos_etpv": [es for es, _en in ETPV_SUPPORT_LABELS.values()],
    }
    target = str(out) if isinstance(out, Path) else out
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "in_memory": True})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    header = workbook.add_format(
        {"bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"}
    )
    text = workbook.add_format({"num_format": "@"})

    instructions = workbook.add_worksheet("Instrucciones")
    instructions.set_column(0, 1, 70)
    instructions.write_row(0, 0, ["Español", "English"], bold)
    instructions.write_row(1, 0, [f"Organización: {org_code}", f"Organisation: {org_code}"])
    instructions.write_row(2, 0, [f"Mes: {period}", f"Month: {period}"])
    for i, (es, en) in enumerate(INSTRUCTIONS, start=4):
        instructions.write_row(i, 0, [es, en], bold if i == 4 else None)
    row = len(INSTRUCTIONS) + 6
    instructions.write_row(row, 0, ["Columna", "Column"], bold)
    for i, column in enumerate(TEMPLATE_COLUMNS, start=row + 1):
        required = " (obligatoria)" if column.required else ""
        instructions.write_row(i, 0, [column.header_es + required, column.header_en])

    sheet = workbook.add_worksheet(DATA_SHEET)
    list_sheet = workbook.add_worksheet("Listas")
    ranges: dict[str, str] = {}
    for col, (name, values) in enumerate(lists.items()):
        list_sheet.write(0, col, name, bold)
        list_sheet.write_column(1, col, values)
        letter = xlsxwriter.utility.xl_col_to_name(col)
        ranges[name] = f"=Listas!${letter}$2:${letter}${len(values) + 1}"
    list_sheet.hide()

    first, last = FIRST_DATA_ROW - 1, FIRST_DATA_ROW - 2 + DATA_ROWS  # zero-based rows
    dropdowns = {
        "department": "departamentos",
        "municipality": "municipios",
        "activity": "actividades",
        "population_group": "grupos",
        "beneficiary_type": "tipos",
        "etpv_support": "si_no",
        "etpv_support_type": "apoyos_etpv",
    }
    for col, column in enumerate(TEMPLATE_COLUMNS):
        sheet.write(0, col, column.header_es, header)
        sheet.write(HXL_ROW - 1, col, column.hxl)
        sheet.set_column(col, col, column.width, text if column.field == "sede" else None)
        if column.field in dropdowns:
            sheet.data_validation(
                first, col, last, col,
                {"validate": "list", "source": ranges[dropdowns[column.field]],
                 "error_title": "Valor no válido",
                 "error_message": "Elija un valor de la lista / pick a value from the list"},
            )  # fmt: skip
        elif column.field == "sede":
            sheet.data_validation(
                first, col, last, col,
                {"validate": "length", "criteria": "==", "value": 12,
                 "error_message": "El código DANE de la sede tiene 12 dígitos"},
            )  # fmt: skip
        elif column.field not in {"org", "month", "place_name", "comments", "funded_project"}:
            sheet.data_validation(
                first, col, last, col,
                {"validate": "integer", "criteria": ">=", "value": 0,
                 "error_message": "Escriba un número entero mayor o igual a cero"},
            )  # fmt: skip
    sheet.set_row(0, 45)
    sheet.set_row(HXL_ROW - 1, None, None, {"hidden": True})
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 0)
    # Pre-filled lines (e.g. last month's, all recurrent), else one line showing where the
    # organisation and month go.
    labels = DropdownLabels(municipalities, activities)
    for r, line in enumerate(prefill or [{}], start=first):
        filled = labels.apply({"org": org_code, "month": period, **line})
        for col, column in enumerate(TEMPLATE_COLUMNS):
            value = filled.get(column.field)
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif value is not None:
                sheet.write_number(r, col, value)
    sheet.activate()
    workbook.close()
    return out
