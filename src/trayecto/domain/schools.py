"""School-level (sede) vocabulary: DANE sede codes, MEN grades and their ages, statuses.

Plain rules with no I/O, shared by the sede importers, the synthetic generator and the
school-level indicators (docs/formats/sede-matricula.md, docs/methodology/school-level.md).
"""

from __future__ import annotations

from dataclasses import dataclass

# Nuevo Belén de Bajirá (created after the February 2025 DIVIPOLA) is 27493 in MEN 2025;
# its sedes still carry 27615 (Riosucio) in digits 2–6 of their code.
NUEVO_BELEN_DE_BAJIRA = "27493"


def sede_municipality_prefix(sede_code: str) -> str:
    """Digits 2–6 of a 12-digit sede code: the municipality when the code was issued.

    Not necessarily the municipality today (municipalities split; see the emergency file).
    """
    return sede_code[1:6]


@dataclass(frozen=True)
class Grade:
    code: int
    name_es: str
    name_en: str
    level: str  # preescolar | transicion | primaria | secundaria | media | normal | adultos | ...
    expected_age: int | None  # MEN theoretical (lowest expected) age; None = no age norm


def _grades() -> dict[int, Grade]:
    grades = [
        Grade(-2, "Prejardín", "Pre-kindergarten", "preescolar", 3),
        Grade(-1, "Jardín", "Kindergarten", "preescolar", 4),
        Grade(0, "Transición", "Transition (grade 0)", "transicion", 5),
    ]
    for g in range(1, 12):
        level = "primaria" if g <= 5 else "secundaria" if g <= 9 else "media"
        grades.append(Grade(g, f"Grado {g}", f"Grade {g}", level, 5 + g))
    grades += [
        Grade(12, "Ciclo complementario normal 1", "Teacher-training cycle 1", "normal", None),
        Grade(13, "Ciclo complementario normal 2", "Teacher-training cycle 2", "normal", None),
    ]
    grades += [
        Grade(20 + c, f"CLEI {c} (adultos)", f"Adult cycle {c} (CLEI)", "adultos", None)
        for c in range(1, 7)
    ]
    grades += [
        Grade(99, "Aceleración del aprendizaje", "Accelerated learning", "aceleracion", None),
    ]
    return {g.code: g for g in grades}


GRADES: dict[int, Grade] = _grades()
# The regular sequence transición → grado 11 on which flow rates and over-age are defined.
REGULAR_GRADES = tuple(range(0, 12))
LEVEL_GRADES: dict[str, tuple[int, ...]] = {
    "transicion": (0,),
    "primaria": tuple(range(1, 6)),
    "secundaria": tuple(range(6, 10)),
    "media": (10, 11),
}

SEXES = ("f", "m")
NATIONALITIES = ("COL", "VEN", "OTH")
# One count column per status: the five counts describe the same students of one row.
STATUSES = ("enrolled", "withdrawn", "passed", "failed", "repeating")
MAX_AGE = 99

NATIONALITY_ALIASES = {
    "col": "COL",
    "colombia": "COL",
    "colombiana": "COL",
    "co": "COL",
    "ven": "VEN",
    "venezuela": "VEN",
    "venezolana": "VEN",
    "ve": "VEN",
    "oth": "OTH",
    "otra": "OTH",
    "otro": "OTH",
    "otras": "OTH",
}

SEX_ALIASES = {"f": "f", "femenino": "f", "mujer": "f", "m": "m", "masculino": "m", "hombre": "m"}

ZONES = {"urbana": "urbana", "urbano": "urbana", "rural": "rural"}
SECTORS = {
    "oficial": "oficial",
    "no oficial": "no_oficial",
    "no_oficial": "no_oficial",
    "privado": "no_oficial",
}


def adjusted_gpi(gpi: float) -> float:
    """UNESCO adjusted gender parity index: symmetric around 1 (UIS, SDG 4.5.1)."""
    return gpi if gpi <= 1 else 2 - 1 / gpi
