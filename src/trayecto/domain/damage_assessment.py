"""The rapid damage assessment of a sede: one field list, read by the XLSForm writer
(reports/damage_assessment_form.py) and by the submissions importer
(importers/damage_assessment.py), so the form and the reader cannot drift apart.

A question's `name` is the XLSForm name, which KoboToolbox and ODK use as the column header
of the submissions export ("XML values and headers"); the importer also accepts the
Spanish and English labels as headers and values ("Labels" exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a question asks for; the XLSForm type and the importer's parser follow from it."""

    EVENT = "event"  # a calculate holding the event's id: a form of another event is refused
    DATE = "date"
    DEPARTMENT = "department"
    MUNICIPALITY = "municipality"
    SEDE_CODE = "sede_code"
    TEXT = "text"
    DAMAGE = "damage"
    SEVERITY = "severity"
    YES_NO = "yes_no"
    COUNT = "count"
    GEOPOINT = "geopoint"  # exported as "lat lon alt precision" and as _<name>_latitude etc.


@dataclass(frozen=True)
class Choice:
    name: str  # the value an "XML values" export gives
    label_es: str
    label_en: str


@dataclass(frozen=True)
class Question:
    name: str
    kind: Kind
    label_es: str
    label_en: str
    target: str | None  # the AffectedSede field it fills (None: checked, not stored)
    required: bool = False
    hint_es: str = ""
    hint_en: str = ""
    relevant: str = ""  # XLSForm `relevant`: when the question is asked


# List names of the form's `choices` sheet, by kind.
LIST_NAMES = {
    Kind.DEPARTMENT: "departamento",
    Kind.MUNICIPALITY: "municipio",
    Kind.DAMAGE: "dano",
    Kind.SEVERITY: "severidad",
    Kind.YES_NO: "si_no",
}
YES_NO_CHOICES = (Choice("si", "Sí", "Yes"), Choice("no", "No", "No"))
DAMAGE_CHOICES = (
    Choice("none", "Ninguno", "None"),
    Choice("partial", "Parcial", "Partial"),
    Choice("destroyed", "Destruida", "Destroyed"),
)
SEVERITY_CHOICES = (
    Choice("1", "1 bajo", "1 low"),
    Choice("2", "2 moderado", "2 moderate"),
    Choice("3", "3 crítico", "3 critical"),
)
FIXED_CHOICES = {Kind.YES_NO: YES_NO_CHOICES, Kind.DAMAGE: DAMAGE_CHOICES,
                 Kind.SEVERITY: SEVERITY_CHOICES}  # fmt: skip

SEDE_CODE_PATTERN = "^[0-9]{12}$"

# A sede's point must fall in Colombia's bounding box, islands included (San Andrés lies at
# 81.7° W, Providencia at 13.4° N, the Amazon border at 4.2° S, Guainía at 66.85° W): a point
# outside is a swapped or mistyped coordinate, or a device that had no fix.
LATITUDE_RANGE = (-4.3, 13.6)
LONGITUDE_RANGE = (-82.0, -66.8)

QUESTIONS: tuple[Question, ...] = (
    Question("evento", Kind.EVENT, "Emergencia", "Emergency", None),
    Question("fecha_evaluacion", Kind.DATE, "Fecha de la evaluación", "Assessment date", None,
             required=True),
    Question("departamento", Kind.DEPARTMENT, "Departamento", "Department", "department_code",
             required=True),
    Question("municipio", Kind.MUNICIPALITY, "Municipio", "Municipality", "municipality_code",
             required=True),
    Question("codigo_dane", Kind.SEDE_CODE, "Código DANE de la sede", "School DANE code",
             "sede_code", required=True, hint_es="12 dígitos", hint_en="12 digits"),
    Question("sede", Kind.TEXT, "Nombre de la sede", "School name", "sede_name", required=True),
    # Optional: stored as AffectedSede.latitude/longitude (a point outside Colombia is reported).
    Question("ubicacion", Kind.GEOPOINT, "Ubicación de la sede", "Location of the school", None,
             hint_es="Tómela frente a la sede", hint_en="Take it in front of the school"),
    Question("dano", Kind.DAMAGE, "Daño a la infraestructura", "Damage to the building",
             "damage", required=True),
    Question("aulas_afectadas", Kind.COUNT, "Aulas afectadas", "Classrooms damaged",
             "classrooms_damaged", relevant="${dano} != 'none'"),
    Question("severidad", Kind.SEVERITY, "Severidad", "Severity", "severity",
             hint_es="1 bajo, 2 moderado, 3 crítico", hint_en="1 low, 2 moderate, 3 critical"),
    Question("albergue", Kind.YES_NO, "¿Usada como albergue?", "Used as a shelter?",
             "used_as_shelter"),
    Question("ocupada", Kind.YES_NO, "¿Ocupada por actores armados o fuerza pública?",
             "Occupied by armed actors or security forces?", "occupied"),
    Question("materiales_perdidos", Kind.YES_NO, "¿Se perdieron materiales de aprendizaje?",
             "Were learning materials lost?", "learning_materials_lost"),
    Question("reabierta", Kind.YES_NO, "¿Volvió a dar clases?", "Has it reopened?", "reopened"),
    Question("dias_de_clase_perdidos", Kind.COUNT, "Días de clase perdidos",
             "Days of class lost", "days_lost"),
    Question("estudiantes_afectados_mujeres", Kind.COUNT, "Estudiantes afectadas (mujeres)",
             "Students affected (female)", "students_affected_female"),
    Question("estudiantes_afectados_hombres", Kind.COUNT, "Estudiantes afectados (hombres)",
             "Students affected (male)", "students_affected_male"),
    Question("docentes_afectados_mujeres", Kind.COUNT, "Docentes afectadas (mujeres)",
             "Teachers affected (female)", "teachers_affected_female"),
    Question("docentes_afectados_hombres", Kind.COUNT, "Docentes afectados (hombres)",
             "Teachers affected (male)", "teachers_affected_male"),
)  # fmt: skip
REQUIRED = tuple(q for q in QUESTIONS if q.required)
