"""The 5W XLSForm (sheets `survey`, `choices`, `settings`; labels in Spanish and English):
the report header (organisation, month) and a repeat group `lineas` with one instance per
activity line, each asking what a row of the Excel template holds.

Written from `domain/five_w_form.QUESTIONS` (the template's columns) and from the catalogues
the template's dropdowns read (activities, population groups, ETPV support, the warehouse's
municipalities), so the form and the workbook cannot ask different things. The lines go
through the 5W importer's rules when the export comes back (importers/five_w_form.py); the
form's own constraints only catch typing slips early.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from trayecto.domain.catalogue import EIE_ACTIVITIES, Activity
from trayecto.domain.five_w_form import (
    FORM_ID,
    LISTS,
    MONTH_PATTERN,
    QUESTIONS,
    REPEAT,
    SEDE_PATTERN,
    TEXTS,
    FormQuestion,
    fixed_choices,
)
from trayecto.domain.geography import Municipality
from trayecto.reports.xlsform import COUNT_CONSTRAINT, EN, ES, write_xlsform

SURVEY_COLUMNS = (
    "type", "name", f"label::{ES}", f"label::{EN}", "required", "constraint",
    f"constraint_message::{ES}", f"constraint_message::{EN}", "relevant", "choice_filter",
    "default", "appearance",
)  # fmt: skip
TITLE = "Reporte 5W del Clúster de Educación / Education Cluster 5W report"


def _type(question: FormQuestion, with_organizations: bool) -> str:
    if question.field in LISTS and (question.field != "org" or with_organizations):
        return f"select_one {LISTS[question.field]}"
    return "text" if question.field in TEXTS else "integer"


def _constraint(question: FormQuestion, kind: str) -> tuple[str, str, str]:
    if kind == "integer":
        return COUNT_CONSTRAINT
    if question.field == "month":
        return (f"regex(., '{MONTH_PATTERN}')", "El mes como AAAA-MM (2026-03)",
                "The month as YYYY-MM (2026-03)")  # fmt: skip
    if question.field == "sede":
        return (f"regex(., '{SEDE_PATTERN}')", "El código DANE de la sede: 12 dígitos",
                "The school's DANE code: 12 digits")  # fmt: skip
    return ("", "", "")


def survey_rows(
    *, period: str = "", org_code: str = "", with_organizations: bool = True
) -> list[dict[str, str]]:
    """The `survey` sheet: the header questions, then the repeat group of lines."""
    rows: list[dict[str, str]] = []
    started = False
    for q in QUESTIONS:
        if q.in_repeat and not started:
            started = True
            rows.append({"type": "begin_repeat", "name": REPEAT,
                         f"label::{ES}": "Líneas de actividad (una por actividad, municipio, "
                         "sede, grupo poblacional y tipo)",
                         f"label::{EN}": "Activity lines (one per activity, municipality, "
                         "school, population group and type)"})  # fmt: skip
        kind = _type(q, with_organizations)
        constraint, message_es, message_en = _constraint(q, kind)
        default = {"org": org_code, "month": period}.get(q.field, "")
        rows.append(
            {
                "type": kind,
                "name": q.name,
                f"label::{ES}": q.column.header_es,
                f"label::{EN}": q.column.header_en,
                "required": "yes" if q.column.required else "",
                "constraint": constraint,
                f"constraint_message::{ES}": message_es,
                f"constraint_message::{EN}": message_en,
                "relevant": "${apoyo_etpv} = 'si'" if q.field == "etpv_support_type" else "",
                "choice_filter": "departamento=${departamento}"
                if q.field == "municipality"
                else "",
                "default": default,
                "appearance": "minimal" if q.field in {"municipality", "activity"} else "",
            }
        )
    rows.append({"type": "end_repeat"})
    return rows


def choice_rows(
    municipalities: Sequence[Municipality],
    organizations: Sequence[tuple[str, str]],
    activities: Sequence[Activity] = EIE_ACTIVITIES,
) -> list[dict[str, str]]:
    """The `choices` sheet: organisations (code, name), departments and municipalities by DANE
    code with the template's labels ("81001 - Arauca (Arauca)"), then the fixed lists."""
    rows = [
        {"list_name": "organizaciones", "name": code, f"label::{ES}": name, f"label::{EN}": name}
        for code, name in organizations
    ]
    departments = sorted({(m.department_code, m.department_name) for m in municipalities})
    rows += [
        {"list_name": "departamentos", "name": code, f"label::{ES}": f"{code} - {name}",
         f"label::{EN}": f"{code} - {name}"}
        for code, name in departments
    ]  # fmt: skip
    rows += [
        {"list_name": "municipios", "name": m.code, f"label::{ES}": m.label,
         f"label::{EN}": m.label, "departamento": m.department_code}
        for m in sorted(municipalities, key=lambda m: m.code)
    ]  # fmt: skip
    for list_name, choices in fixed_choices(activities).items():
        rows += [
            {"list_name": list_name, "name": c.name, f"label::{ES}": c.label_es,
             f"label::{EN}": c.label_en}
            for c in choices
        ]  # fmt: skip
    return rows


def write_five_w_form(
    target: Path | IO[bytes],
    *,
    municipalities: Sequence[Municipality],
    organizations: Sequence[tuple[str, str]],
    version: str = "",
    period: str = "",
    org_code: str = "",
    activities: Sequence[Activity] = EIE_ACTIVITIES,
) -> None:
    """Write the XLSForm. `organizations` are (code, name) pairs to choose from (none: the
    organisation is typed); `period` and `org_code` are the answers' defaults. `version`
    (default: a digest of the questions and lists) changes when they do: Kobo and ODK
    Central ask for a new one on each redeploy."""
    survey = survey_rows(period=period, org_code=org_code, with_organizations=bool(organizations))
    choices = choice_rows(municipalities, organizations, activities)
    version = version or hashlib.sha256(repr((survey, choices)).encode()).hexdigest()[:12]
    write_xlsform(
        target,
        survey_columns=SURVEY_COLUMNS,
        survey=survey,
        choices=choices,
        title=TITLE,
        form_id=FORM_ID,
        version=version,
    )
