"""Who the synthetic students are (made up, SINTÉTICO): sex, nationality, birth date, names
and documents. Colombians keep one number for life, shown as RC, TI or CC by age; newcomers
from Venezuela mostly hold an NES number, which a PPT number may later replace."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trayecto.importers.synthetic_students_names import drawn_names


@dataclass
class People:
    """Who the students are (made up): grows as new students arrive."""

    sex: np.ndarray
    nationality: np.ndarray
    birth: np.ndarray  # datetime64[D]
    names: np.ndarray  # (n, 4) indices: first, second, surname 1, surname 2
    document_type: np.ndarray
    document_number: np.ndarray

    @classmethod
    def nobody(cls) -> People:
        return cls(
            np.array([], dtype="<U1"),
            np.array([], dtype="<U3"),
            np.array([], dtype="datetime64[D]"),
            np.zeros((0, 4), dtype=np.int32),
            np.array([], dtype="<U4"),
            np.array([], dtype="<U14"),
        )

    def extend(self, other: People) -> None:
        for name in ("sex", "nationality", "birth", "document_type", "document_number"):
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)]))
        self.names = np.concatenate([self.names, other.names])


class DocumentNumbers:
    """New document numbers, unique across the whole run (a shuffled counter). Generators run
    side by side start their counters apart: no shared document number."""

    def __init__(self, first_number: int = 0) -> None:
        self.next_number = first_number

    def take(self, n: int, width: int, base: int) -> np.ndarray:
        start = self.next_number
        self.next_number += n
        serial = (np.arange(start, start + n, dtype=np.int64) * 7919) % 10**8
        return np.char.zfill((base + serial).astype(str), width)


def made_up_people(
    rng: np.random.Generator,
    numbers: DocumentNumbers,
    year: int,
    sex: np.ndarray,
    age: np.ndarray,
    nationality: np.ndarray,
) -> People:
    """New people `age` years old on 31 March of `year` (the age SIMAT counts), born any day
    of a year, with names and a document of their nationality."""
    n = len(sex)
    day = rng.integers(0, 365, n)
    birth = (np.array([f"{year}-03-31"], dtype="datetime64[D]") - age * 365) - day
    names = drawn_names(rng, sex)
    # Colombians keep one number (NUIP) for life; Venezuelan newcomers get an NES, some
    # already hold a PPT or PEP; others a foreign passport or CE.
    draw = rng.random(n)
    doc_type = np.where(
        nationality == "COL",
        "NUIP",
        np.where(
            nationality == "VEN",
            np.where(draw < 0.55, "NES", np.where(draw < 0.9, "PPT", "PEP")),
            np.where(draw < 0.5, "PA", "CE"),
        ),
    ).astype("<U4")
    number = numbers.take(n, 10, 1_000_000_000)
    return People(sex, nationality, birth, names, doc_type, number)


def shown_type(year: int, document_type: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """The document type shown in `year`: a NUIP is shown as RC, TI or CC by age (same
    number)."""
    age = (np.datetime64(f"{year}-03-31") - birth).astype(int) // 365
    col = np.where(age < 7, "RC", np.where(age < 18, "TI", "CC"))
    shown: np.ndarray = np.where(document_type == "NUIP", col, document_type)
    return shown
