"""School places as ETCs project them, in plain Python (the reference for supply_sql/).

Per sede and grade (transición 0 to grade 11): groups = the groups the grade's enrolment
fills, ceil(enrolled / students per group); capacity = groups × students per group; the
grade must also take the grade below when it is promoted, so places = max(capacity,
enrolment of the grade below), and what the promoted cohort lacks is short:
max(0, enrolment of the grade below − capacity). Spare = capacity − enrolled. Students per
group are parameters by zone, defaulting to the ratios of Decreto 3020 de 2002, art. 11
(32 students per teacher in urban areas, 22 in rural ones), which ETCs use to plan groups.
docs/methodology/supply.md says what this can and cannot tell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

GRADES = tuple(range(12))  # transición (0) to grade 11
ZONES = ("urbana", "rural")


class SupplyParameterError(ValueError):
    """A group size out of range; the message says what is allowed."""


@dataclass(frozen=True)
class SupplyParameters:
    students_per_group_urban: int = 32
    students_per_group_rural: int = 22
    year: int = 2025

    def checked(self) -> SupplyParameters:
        for name in ("students_per_group_urban", "students_per_group_rural"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 60:
                raise SupplyParameterError(f"{name}: a whole number of students from 1 to 60")
        return self

    def group_size(self, zone: str | None) -> int:
        return self.students_per_group_rural if zone == "rural" else self.students_per_group_urban


@dataclass(frozen=True)
class GradePlaces:
    grade: int
    enrolled: int
    below: int  # enrolment of the grade below (0 for transición)
    groups: int
    capacity: int
    places: int
    short: int
    spare: int


def grade_places(enrolled: Mapping[int, int], group_size: int) -> list[GradePlaces]:
    """Places of one sede, grade by grade, from its enrolment by grade."""
    found = []
    for grade in GRADES:
        now = enrolled.get(grade, 0)
        below = enrolled.get(grade - 1, 0) if grade > 0 else 0
        if now == 0 and below == 0:
            continue
        groups = math.ceil(now / group_size)
        capacity = groups * group_size
        found.append(
            GradePlaces(
                grade=grade,
                enrolled=now,
                below=below,
                groups=groups,
                capacity=capacity,
                places=max(capacity, below),
                short=max(0, below - capacity),
                spare=capacity - now,
            )
        )
    return found
