"""The 5W as an XLSForm (KoboToolbox/ODK) for partners without Excel: one report header
(organisation, month) and a repeat group of activity lines, each line the template's row.

The questions are the template's columns (`five_w_layout.TEMPLATE_COLUMNS`) under names an
XLSForm accepts (letters, digits and `_`; no `-`, which ODK Central uses to join a group to
its question), so the form writer (reports/five_w_form.py) and the submissions reader
(importers/five_w_form.py) share one list and a column added to the template is asked and
read back. docs/formats/five-w-form.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trayecto.domain.catalogue import EIE_ACTIVITIES, Activity
from trayecto.domain.five_w import (
    POPULATION_GROUP_LABELS,
    BeneficiaryType,
    OfWhich,
    PopulationGroup,
)
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS, Column

FORM_ID = "trayecto_5w"
REPEAT = "lineas"  # the repeat group: one instance per activity line
HEADER_FIELDS = ("org", "month")  # asked once per submission, outside the repeat
MONTH_PATTERN = "^20[0-9]{2}-(0[1-9]|1[0-2])$"
SEDE_PATTERN = "^[0-9]{12}$"

NAMES = {
    "org": "organizacion",
    "month": "mes",
    "department": "departamento",
    "municipality": "municipio",
    "sede": "sede",
    "place_name": "lugar",
    "activity": "actividad",
    "population_group": "grupo_poblacional",
    "beneficiary_type": "tipo_beneficiarios",
    "beneficiaries": "beneficiarios",
    "quantity": "cantidad",
    "households": "hogares",
    "funded_project": "convenio",
    "etpv_support": "apoyo_etpv",
    "etpv_support_type": "tipo_apoyo_etpv",
    "comments": "comentarios",
    **{f"of:{a.value}": f"de_ellos_{a.value}" for a in OfWhich},
}
SEX_WORDS = {"f": "mujeres", "m": "hombres", "o": "otros"}
# The choice list each select question takes its answers from.
LISTS = {
    "org": "organizaciones",
    "department": "departamentos",
    "municipality": "municipios",
    "activity": "actividades",
    "population_group": "grupos",
    "beneficiary_type": "tipos",
    "etpv_support": "si_no",
    "etpv_support_type": "apoyos_etpv",
}
TEXTS = {"org", "month", "sede", "place_name", "funded_project", "comments"}


def form_name(field: str) -> str:
    """The XLSForm name of a template field: `cell:f:0-5` -> `mujeres_0_5`, `60+` -> `60mas`."""
    if field in NAMES:
        return NAMES[field]
    kind, sex, band = field.split(":")
    assert kind == "cell", field  # every other field is named above
    return f"{SEX_WORDS[sex]}_{band.replace('-', '_').replace('+', 'mas')}"


@dataclass(frozen=True)
class FormQuestion:
    column: Column
    name: str
    in_repeat: bool

    @property
    def field(self) -> str:
        return self.column.field


QUESTIONS: tuple[FormQuestion, ...] = tuple(
    FormQuestion(c, form_name(c.field), c.field not in HEADER_FIELDS) for c in TEMPLATE_COLUMNS
)
BY_NAME = {q.name: q for q in QUESTIONS}


@dataclass(frozen=True)
class Choice:
    name: str
    label_es: str
    label_en: str


def fixed_choices(activities: Sequence[Activity] = EIE_ACTIVITIES) -> dict[str, list[Choice]]:
    """The lists that do not depend on the warehouse, from the catalogues the Excel template
    reads (its dropdowns show the same Spanish labels); list name -> choices."""
    return {
        "actividades": [
            Choice(
                a.code, f"{a.label} ({a.unit.value})", f"{a.code} - {a.name_en} ({a.unit.value})"
            )
            for a in activities
        ],
        "grupos": [Choice(g.value, *POPULATION_GROUP_LABELS[g]) for g in PopulationGroup],
        "tipos": [
            Choice(t.value, t.value.capitalize(), en)
            for t, en in zip(BeneficiaryType, ("New", "Recurrent"), strict=True)
        ],
        "si_no": [Choice("si", "Sí", "Yes"), Choice("no", "No", "No")],
        "apoyos_etpv": [Choice(s.value, es, en) for s, (es, en) in ETPV_SUPPORT_LABELS.items()],
    }
