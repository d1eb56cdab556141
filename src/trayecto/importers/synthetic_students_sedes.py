"""The sedes synthetic students attend and how they move between them: within their
municipality, to a sede of another one, or because their sede does not teach their grade."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Sedes:
    """The sedes students may attend: code, zone, sector and the highest grade taught."""

    code: np.ndarray
    zone: np.ndarray
    sector: np.ndarray
    top_grade: np.ndarray
    municipality: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.municipality = np.array([c[1:6] for c in self.code]) if len(self.code) else self.code


class Moves:
    """Chooses a student's new sede at random (with the generator's `rng`), among the sedes
    that teach the student's grade."""

    def __init__(self, sedes: Sedes, rng: np.random.Generator) -> None:
        self.sedes = sedes
        self.rng = rng
        self.by_municipality: dict[str, np.ndarray] = {}
        self.teaching = [np.nonzero(sedes.top_grade >= g)[0] for g in range(12)]
        order = np.argsort(sedes.municipality, kind="stable")
        municipalities, starts = np.unique(sedes.municipality[order], return_index=True)
        for m, part in zip(municipalities, np.split(order, starts[1:]), strict=True):
            self.by_municipality[str(m)] = part

    def move(
        self, sede: np.ndarray, grade: np.ndarray, within: np.ndarray, between: np.ndarray
    ) -> np.ndarray:
        """Each student `within` to another sede of the municipality, each `between` to any
        sede; one with nowhere to go stays."""
        rng = self.rng
        sede = sede.copy()
        for i in np.nonzero(within | between)[0]:
            if between[i]:
                candidates = self.teaching[min(int(grade[i]), 11)]
            else:
                m = str(self.sedes.municipality[sede[i]])
                local = self.by_municipality[m]
                candidates = local[self.sedes.top_grade[local] >= grade[i]]
                candidates = candidates[candidates != sede[i]]
            if len(candidates):
                sede[i] = candidates[rng.integers(0, len(candidates))]
        return sede

    def fit(self, sede: np.ndarray, grade: np.ndarray) -> np.ndarray:
        """The same sede when it teaches the grade, else another of its municipality."""
        return self.move(sede, grade, grade > self.sedes.top_grade[sede], np.zeros(len(sede), bool))

    def other_sede(self, sede: int, grade: int) -> int:
        """Another sede of the municipality teaching `grade`, or -1 when there is none."""
        local = self.by_municipality[str(self.sedes.municipality[sede])]
        candidates = local[(local != sede) & (self.sedes.top_grade[local] >= grade)]
        if not len(candidates):
            return -1
        return int(candidates[self.rng.integers(0, len(candidates))])
