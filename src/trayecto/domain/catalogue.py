"""The education-sector catalogue of 5W activities and indicators, each with its unit.

GIFMM/RMRP education indicators 20–26 are copied from the GIFMM reference catalogue
(`indicadorgifmm.csv`, sector 6 = Educación; a test checks the copy against the file).
The EiE activities are the usual cluster activities, each linked to the GIFMM indicator it
reports to. The cluster admin edits the catalogue in the web app (versioned by period);
this module is the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trayecto.domain.five_w import normalise


class Unit(StrEnum):
    PEOPLE = "personas"
    SCHOOLS = "sedes"
    TEACHERS = "docentes"
    KITS = "kits"

    @property
    def counts_people(self) -> bool:
        """Only lines in people (children, adolescents, adults reached) enter reach."""
        return self in {Unit.PEOPLE, Unit.TEACHERS}


@dataclass(frozen=True)
class GifmmIndicator:
    id: int
    name: str
    disabled_from: str = ""  # ISO date; "" while active


GIFMM_EDUCATION_SECTOR_ID = 6
GIFMM_EDUCATION_INDICATORS = (
    GifmmIndicator(
        20, "# de docentes que reciben material educativo en espacios de educación formales"
    ),
    GifmmIndicator(
        21,
        "# de instituciones educativas apoyadas con suministros, construidas, establecidas o "
        "rehabilitadas",
    ),
    GifmmIndicator(
        22,
        "# de niños en edad escolar (niñas y niños) de Venezuela inscritos en instituciones "
        "educativas apoyadas y escuelas nacionales",
    ),
    GifmmIndicator(
        23,
        "# de refugiados y migrantes de Venezuela que acceden a servicios de educación de "
        "emergencia no formales y formales",
    ),
    GifmmIndicator(
        24,
        "# de refugiados y migrantes de Venezuela que reciben asistencia para el reconocimiento "
        "de títulos académicos, títulos, etc.",
    ),
    GifmmIndicator(
        25,
        "# de instituciones educativas apoyadas con suministros (Educación: materiales "
        "pedagógicos, didácticos; higiene y lavado de manos WASH; Alimentación escolar: "
        "alimentos y suplementos saludables), construidas, establecidas o rehabilitadas.",
    ),
    GifmmIndicator(
        26,
        "# NIÑOS REFUGIADOS Y MIGRANTES DE VENEZUELA QUE SE INCORPORAN A LOS MECANISMOS DE "
        "EDUCACIÓN A DISTANCIA A TRAVÉS DE DIFERENTES MÉTODOS DE CAPACITACIÓN (RADIO, TV, GUÍAS "
        "Y MATERIAL IMPRESO)",
        disabled_from="2022-01-01",
    ),
)


@dataclass(frozen=True)
class Activity:
    code: str
    name_es: str
    name_en: str
    unit: Unit
    gifmm_indicator: int | None

    @property
    def label(self) -> str:
        """How the activity appears in the template's dropdown: code and Spanish name."""
        return f"{self.code} - {self.name_es}"


EIE_ACTIVITIES = (
    Activity("EDU-01", "Espacios temporales de aprendizaje", "Temporary learning spaces",
             Unit.PEOPLE, 23),
    Activity("EDU-02", "Entrega de kits escolares y pedagógicos", "School and teaching kits",
             Unit.KITS, 25),
    Activity("EDU-03", "Formación y acompañamiento docente", "Teacher training and support",
             Unit.TEACHERS, 20),
    Activity("EDU-04", "Alimentación escolar", "School feeding", Unit.PEOPLE, 25),
    Activity("EDU-05", "Agua, saneamiento e higiene (WASH) en sedes educativas",
             "WASH in schools", Unit.SCHOOLS, 25),
    Activity("EDU-06", "Transferencias monetarias para educación", "Cash for education",
             Unit.PEOPLE, 23),
    Activity("EDU-07", "Modelos educativos flexibles y educación no formal",
             "Flexible and non-formal education", Unit.PEOPLE, 23),
    Activity("EDU-08", "Apoyo al acceso y la matrícula de niñez refugiada y migrante",
             "Enrolment support for refugee and migrant children", Unit.PEOPLE, 22),
    Activity("EDU-09", "Apoyo psicosocial y socioemocional", "Psychosocial support",
             Unit.PEOPLE, 23),
    Activity("EDU-10", "Rehabilitación y dotación de sedes educativas",
             "School rehabilitation and equipment", Unit.SCHOOLS, 21),
    Activity("EDU-11", "Convalidación de títulos y certificación de estudios",
             "Recognition of diplomas and studies", Unit.PEOPLE, 24),
)  # fmt: skip


def activity_index(activities: tuple[Activity, ...] = EIE_ACTIVITIES) -> dict[str, Activity]:
    """Every way a partner may name an activity (code, name, "code - name"), normalised."""
    index: dict[str, Activity] = {}
    for activity in activities:
        for key in (activity.code, activity.name_es, activity.name_en, activity.label):
            index[normalise(key)] = activity
    return index
