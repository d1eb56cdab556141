"""The synthetic students' years (SINTÉTICO), simulated student by student: the first year is
the enrolment cells' pupils, later years follow them with the flows of
docs/methodology/trajectory.md ("Synthetic students"): promotion, repetition, dropout (higher
for over-age, Venezuelan and rural students), moves within and between municipalities,
returns after a year away, new transición cohorts and new arrivals from Venezuela with an NES
number, and NES numbers replaced by a PPT number.

Vectorised with numpy: one array per attribute of all students of a year, so a national
year (about 9 million students) is generated in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from trayecto.importers.synthetic_students_files import simat_table
from trayecto.importers.synthetic_students_people import (
    DocumentNumbers,
    People,
    made_up_people,
)
from trayecto.importers.synthetic_students_sedes import Moves, Sedes

# Flows per student and year (docs/methodology/trajectory.md, "Synthetic students"); the
# mid-year transfers and duplicate rows of the files are in synthetic_students_files.py.
DROPOUT = 0.03  # base chance of not coming back, for a student who finished the year
DROPOUT_AFTER_WITHDRAWAL = 0.7  # a RETIRADO student who is not found next year
DROPOUT_FACTOR = {"VEN": 1.8, "rural": 1.3, "per_year_over_age": 0.6, "failed": 1.8}
FAIL = 0.045
WITHDRAW = 0.025
MOVE_WITHIN_MUNICIPALITY = 0.05
MOVE_TO_OTHER_MUNICIPALITY = 0.015
RETURN_AFTER_A_YEAR = 0.25
NES_TO_PPT = 0.35  # share of NES students whose PPT number replaces the NES the next year
NEW_ARRIVALS_VEN = 0.012  # of the year's students, arriving from Venezuela with an NES


@dataclass
class Cells:
    """First-year enrolment cells: one entry per (sede, grade, sex, age, nationality)."""

    sede_code: np.ndarray
    grade: np.ndarray
    sex: np.ndarray  # "f" | "m"
    age: np.ndarray
    nationality: np.ndarray  # COL | VEN | OTH
    enrolled: np.ndarray
    withdrawn: np.ndarray
    failed: np.ndarray


@dataclass
class Year:
    """The students of one year: person index, sede index, grade and the year's outcome."""

    year: int
    person: np.ndarray
    sede: np.ndarray
    grade: np.ndarray
    withdrawn: np.ndarray
    failed: np.ndarray
    # the documents as they were that year (an NES replaced later still shows here)
    document_type: np.ndarray = field(default_factory=lambda: np.array([], dtype="<U4"))
    document_number: np.ndarray = field(default_factory=lambda: np.array([], dtype="<U14"))


class Generator:
    """Three (or more) years of students for a set of sedes, reproducible from a seed."""

    def __init__(self, sedes: Sedes, *, seed: int, first_number: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.sedes = sedes
        self.people = People.nobody()
        self.numbers = DocumentNumbers(first_number)
        self.moves = Moves(sedes, self.rng)
        self.by_code = {str(c): i for i, c in enumerate(sedes.code)}

    def first_year(self, year: int, cells: Cells) -> Year:
        """One student per counted pupil of the cells (grades 0–11)."""
        n = cells.enrolled.astype(np.int64)
        keep = np.array([str(c) in self.by_code for c in cells.sede_code]) & (n > 0)
        cell = np.repeat(np.nonzero(keep)[0], n[keep])
        person = self._add_people(year, cells.sex[cell], cells.age[cell], cells.nationality[cell])
        # within a cell the first `withdrawn` pupils withdrew, the next `failed` failed
        rank = np.arange(len(cell)) - np.repeat(np.cumsum(n[keep]) - n[keep], n[keep])
        withdrawn = rank < cells.withdrawn[cell]
        failed = ~withdrawn & (rank < cells.withdrawn[cell] + cells.failed[cell])
        sede = np.array([self.by_code[str(c)] for c in cells.sede_code[cell]], dtype=np.int64)
        return self._documented(
            Year(year, person, sede, cells.grade[cell].astype(np.int64), withdrawn, failed)
        )

    def next_year(self, previous: Year, before: Year | None) -> Year:
        """The year after `previous`: who stays (promoted or not, some moved to another sede),
        who comes back after a year away (`before`), the new transición cohort and arrivals."""
        rng = self.rng
        p = previous
        graduated = (p.grade == 11) & ~p.withdrawn & ~p.failed
        stays = ~graduated & (rng.random(len(p.person)) >= self._dropout_risk(p))
        person = p.person[stays]
        grade = np.where(p.withdrawn | p.failed, p.grade, p.grade + 1)[stays]
        sede = p.sede[stays].copy()
        # moves: within the municipality, to another one, or because the sede ends there
        draw = rng.random(len(person))
        forced = grade > self.sedes.top_grade[sede]
        within = forced | (draw < MOVE_WITHIN_MUNICIPALITY)
        between = draw > 1 - MOVE_TO_OTHER_MUNICIPALITY
        sede = self.moves.move(sede, grade, within & ~between, between)
        parts = [(person, grade, sede)]
        if before is not None:
            parts.append(self._returning(p, before))
        parts.append(self._newcomers(p))
        person, grade, sede = (np.concatenate(column) for column in zip(*parts, strict=True))
        self._nes_to_ppt(person)
        return self._with_outcomes(p.year + 1, person, sede, grade)

    def table(self, y: Year, *, date_style: str = "iso") -> pa.Table:
        """The year as SIMAT exports it (synthetic_students_files.simat_table)."""
        return simat_table(self, y, date_style=date_style)

    def _add_people(
        self, year: int, sex: np.ndarray, age: np.ndarray, nationality: np.ndarray
    ) -> np.ndarray:
        """New people (made up) `age` years old in `year`: their person indices."""
        start = len(self.people.sex)
        self.people.extend(made_up_people(self.rng, self.numbers, year, sex, age, nationality))
        return np.arange(start, start + len(sex))

    def _documented(self, y: Year) -> Year:
        y.document_type = self.people.document_type[y.person].copy()
        y.document_number = self.people.document_number[y.person].copy()
        return y

    def _dropout_risk(self, p: Year) -> np.ndarray:
        """Each student's chance of not being enrolled the next year (graduates aside)."""
        people = self.people
        expected = 5 + p.grade
        age = (np.datetime64(f"{p.year}-03-31") - people.birth[p.person]).astype(int) // 365
        over = np.maximum(0, age - expected - 1)
        rural = self.sedes.zone[p.sede] == "RURAL"
        risk = DROPOUT * (
            np.where(people.nationality[p.person] == "VEN", DROPOUT_FACTOR["VEN"], 1.0)
            * np.where(rural, DROPOUT_FACTOR["rural"], 1.0)
            * (1 + DROPOUT_FACTOR["per_year_over_age"] * over)
            * np.where(p.failed, DROPOUT_FACTOR["failed"], 1.0)
        )
        chance: np.ndarray = np.where(p.withdrawn, DROPOUT_AFTER_WITHDRAWAL, np.minimum(risk, 0.9))
        return chance

    def _returning(self, p: Year, before: Year) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Those away in `p` (not graduated the year `before`) who come back, at the grade
        they left: person, grade and sede."""
        graduated = before.person[(before.grade == 11) & ~before.withdrawn & ~before.failed]
        away = np.setdiff1d(before.person, p.person)
        away = np.setdiff1d(away, graduated)
        back = away[self.rng.random(len(away)) < RETURN_AFTER_A_YEAR]
        where = np.searchsorted(before.person, back, sorter=np.argsort(before.person))
        order = np.argsort(before.person)[where]
        return back, before.grade[order], self.moves.fit(before.sede[order], before.grade[order])

    def _newcomers(self, p: Year) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A new transición cohort (about the size of the one that moved up) and new arrivals
        from Venezuela: person, grade and sede."""
        rng = self.rng
        entrants = p.sede[p.grade == 0]
        arrivals = int(NEW_ARRIVALS_VEN * len(p.person))
        urban = np.nonzero(self.sedes.zone == "URBANA")[0]
        pool = urban if len(urban) else np.arange(len(self.sedes.code))
        arrival_sede = pool[rng.integers(0, len(pool), arrivals)]
        arrival_grade = rng.integers(0, 10, arrivals)
        arrival_grade = np.minimum(arrival_grade, self.sedes.top_grade[arrival_sede])
        new_sede = np.concatenate([entrants, arrival_sede])
        new_grade = np.concatenate([np.zeros(len(entrants), dtype=np.int64), arrival_grade])
        n_new = len(new_sede)
        sex = np.where(rng.random(n_new) < 0.49, "f", "m")
        nat = np.where(
            np.arange(n_new) >= len(entrants),
            "VEN",
            np.where(
                rng.random(n_new) < 0.06, "VEN", np.where(rng.random(n_new) < 0.003, "OTH", "COL")
            ),
        )
        new_age = 5 + new_grade + rng.choice([0, 1, 2, 3], n_new, p=[0.55, 0.3, 0.1, 0.05])
        return self._add_people(p.year + 1, sex, new_age, nat), new_grade, new_sede

    def _nes_to_ppt(self, person: np.ndarray) -> None:
        """Some NES numbers are replaced by a PPT number (a new number: the record breaks)."""
        nes = person[self.people.document_type[person] == "NES"]
        change = nes[self.rng.random(len(nes)) < NES_TO_PPT]
        self.people.document_type[change] = "PPT"
        self.people.document_number[change] = self.numbers.take(len(change), 8, 10_000_000)

    def _with_outcomes(
        self, year: int, person: np.ndarray, sede: np.ndarray, grade: np.ndarray
    ) -> Year:
        """The year's students with whether each withdrew or failed (over-age fail more)."""
        rng = self.rng
        people = self.people
        n = len(person)
        withdrawn = rng.random(n) < np.where(
            people.nationality[person] == "VEN", 2 * WITHDRAW, WITHDRAW
        )
        age_next = (np.datetime64(f"{year}-03-31") - people.birth[person]).astype(int) // 365
        fail_p = FAIL * (1 + 0.5 * np.maximum(0, age_next - 5 - grade - 1))
        failed = ~withdrawn & (rng.random(n) < np.where(grade == 0, 0.005, fail_p))
        return self._documented(Year(year, person, sede, grade, withdrawn, failed))


def generate_years(
    sedes: Sedes, cells: Cells, years: tuple[int, ...], *, seed: int, first_number: int = 0
) -> tuple[Generator, list[Year]]:
    """The students of each year (the first from the cells, the others simulated)."""
    generator = Generator(sedes, seed=seed, first_number=first_number)
    result = [generator.first_year(years[0], cells)]
    for _ in years[1:]:
        before = result[-2] if len(result) >= 2 else None
        result.append(generator.next_year(result[-1], before))
    return generator, result
