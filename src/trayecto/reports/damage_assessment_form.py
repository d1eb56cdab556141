"""The XLSForm of a sede's rapid damage assessment, for one event: KoboToolbox and ODK load
it as it is (sheets `survey`, `choices`, `settings`; labels in Spanish and English).

Written from `domain/damage_assessment.QUESTIONS`, the list the submissions importer reads,
so a question cannot be asked that the importer does not know (docs/formats/
damage-assessment.md). The municipality list is the event's, filtered by the department
chosen (`choice_filter`); the event's id rides along as a calculate, so a submission of
another event's form is refused at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from trayecto.domain.damage_assessment import (
    FIXED_CHOICES,
    LIST_NAMES,
    QUESTIONS,
    SEDE_CODE_PATTERN,
    Kind,
    Question,
)
from trayecto.reports.xlsform import COUNT_CONSTRAINT, EN, ES, write_xlsform

SURVEY_COLUMNS = (
    "type", "name", f"label::{ES}", f"label::{EN}", f"hint::{ES}", f"hint::{EN}", "required",
    "constraint", f"constraint_message::{ES}", f"constraint_message::{EN}", "relevant",
    "choice_filter", "calculation", "appearance",
)  # fmt: skip
FORM_ID = "trayecto_evaluacion_danos_{event}"


def _type(question: Question) -> str:
    if question.kind in LIST_NAMES:
        return f"select_one {LIST_NAMES[question.kind]}"
    return {
        Kind.EVENT: "calculate",
        Kind.DATE: "date",
        Kind.SEDE_CODE: "text",
        Kind.TEXT: "text",
        Kind.COUNT: "integer",
        Kind.GEOPOINT: "geopoint",
    }[question.kind]


def _constraint(question: Question) -> tuple[str, str, str]:
    if question.kind == Kind.COUNT:
        return COUNT_CONSTRAINT
    if question.kind == Kind.DATE:
        return (". <= today()", "La fecha no puede ser futura", "The date cannot be in the future")
    if question.kind == Kind.SEDE_CODE:
        # Digits 2-3 of a sede code are its department (DESIGN.md: digits 2-6 are not
        # always its municipality, so that one is asked by name).
        return (
            f"regex(., '{SEDE_CODE_PATTERN}') and substr(., 1, 3) = ${{departamento}}",
            "12 dígitos; los dígitos 2 y 3 son el departamento elegido",
            "12 digits; digits 2 and 3 are the department chosen",
        )
    return ("", "", "")


def survey_rows(event_id: int) -> list[dict[str, str]]:
    """The `survey` sheet, one dict per question (tests read it back from the workbook)."""
    rows = []
    for q in QUESTIONS:
        constraint, message_es, message_en = _constraint(q)
        rows.append(
            {
                "type": _type(q),
                "name": q.name,
                f"label::{ES}": q.label_es,
                f"label::{EN}": q.label_en,
                f"hint::{ES}": q.hint_es,
                f"hint::{EN}": q.hint_en,
                "required": "yes" if q.required else "",
                "constraint": constraint,
                f"constraint_message::{ES}": message_es,
                f"constraint_message::{EN}": message_en,
                "relevant": q.relevant,
                "choice_filter": "departamento=${departamento}"
                if q.kind == Kind.MUNICIPALITY
                else "",
                "calculation": f"'{event_id}'" if q.kind == Kind.EVENT else "",
                "appearance": "minimal" if q.kind == Kind.MUNICIPALITY else "",
            }
        )
    return rows


def choice_rows(
    departments: Sequence[tuple[str, str]], municipalities: Sequence[tuple[str, str]]
) -> list[dict[str, str]]:
    """The `choices` sheet: departments and municipalities by DANE code (names as labels),
    then the fixed lists."""
    rows = [
        {"list_name": "departamento", "name": code, f"label::{ES}": name, f"label::{EN}": name}
        for code, name in departments
    ]
    rows += [
        {"list_name": "municipio", "name": code, f"label::{ES}": name, f"label::{EN}": name,
         "departamento": code[:2]}
        for code, name in municipalities
    ]  # fmt: skip
    for kind, choices in FIXED_CHOICES.items():
        rows += [
            {"list_name": LIST_NAMES[kind], "name": c.name, f"label::{ES}": c.label_es,
             f"label::{EN}": c.label_en}
            for c in choices
        ]  # fmt: skip
    return rows


def write_damage_assessment_form(
    target: Path | IO[bytes],
    *,
    event_id: int,
    title: str,
    departments: Sequence[tuple[str, str]],
    municipalities: Sequence[tuple[str, str]],
    version: str,
) -> None:
    """Write the XLSForm: `departments` and `municipalities` are (DANE code, name) pairs of
    the event's territory; `version` changes when the territory does (Kobo wants it)."""
    write_xlsform(
        target,
        survey_columns=SURVEY_COLUMNS,
        survey=survey_rows(event_id),
        choices=choice_rows(departments, municipalities),
        title=f"Evaluación rápida de daños en sedes: {title}",
        form_id=FORM_ID.format(event=event_id),
        version=version,
    )
