"""Where a 5W line happened: the municipality list and a matcher with the geography interface.

Colombian places are matched by trayecto.domain.places.PlaceMatcher (codes, names, aliases);
the 5W importer needs only its `match_municipality` method (the `Matcher` protocol).
`CodeTableMatcher` is the small exact matcher for another country's P-code table (the
Venezuelan format tests), where no alias table exists.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trayecto.domain.five_w import normalise
from trayecto.domain.geography import Municipality


@dataclass(frozen=True)
class PlaceMatch:
    code: str | None
    method: str  # "code", "name", "none", "ambiguous"
    candidates: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""


class MatchResult(Protocol):
    @property
    def code(self) -> str | None: ...
    @property
    def message(self) -> str: ...


class Matcher(Protocol):
    """What the 5W importer needs of a place matcher (trayecto.domain.places.PlaceMatcher)."""

    def match_municipality(
        self, code: object = None, name: object = None, department: object = None
    ) -> MatchResult: ...


def _title(text: str) -> str:
    return text.strip().title().replace(" De ", " de ").replace(" Del ", " del ")


def municipalities_from_divipola(path: Path) -> list[Municipality]:
    """DANE's DIVIPOLA export (COD_DPTO, NOM_DPTO, COD_MPIO, NOM_MPIO): codes lose zeros there."""
    with path.open(encoding="utf-8-sig") as fh:
        return [
            Municipality(
                code=row["COD_MPIO"].strip().zfill(5),
                name=_title(row["NOM_MPIO"]),
                department_code=row["COD_DPTO"].strip().zfill(2),
                department_name=_title(row["NOM_DPTO"]),
            )
            for row in csv.DictReader(fh)
        ]


class CodeTableMatcher:
    """Exact code (leading zeros restored), else exact normalised name within the department."""

    def __init__(self, municipalities: list[Municipality], code_width: int = 5) -> None:
        self.code_width = code_width
        self.by_code = {m.code: m for m in municipalities}
        self.departments: dict[str, str] = {}
        self.by_name: dict[str, list[Municipality]] = defaultdict(list)
        for m in municipalities:
            self.by_name[normalise(m.name)].append(m)
            self.departments[normalise(m.department_name)] = m.department_code
            self.departments[normalise(m.department_code)] = m.department_code

    def department_code(self, text: object) -> str | None:
        key = normalise(text)
        if not key:
            return None
        head = key.split(" - ")[0].strip()
        if head.isdigit():
            head = head.zfill(2)
        return self.departments.get(head) or self.departments.get(key)

    def match_municipality(
        self, code: object = None, name: object = None, department: object = None
    ) -> PlaceMatch:
        raw = str(code or "").strip()
        head = raw.split(" - ")[0].strip()
        if head.endswith(".0"):  # a code typed as a number in Excel
            head = head[:-2]
        if head:
            key = head.zfill(self.code_width) if head.isdigit() else head.upper()
            if key in self.by_code:
                return PlaceMatch(key, "code")
        candidates = self.by_name.get(normalise(name), [])
        dept = self.department_code(department)
        if dept:
            candidates = [m for m in candidates if m.department_code == dept]
        if len(candidates) == 1:
            return PlaceMatch(candidates[0].code, "name")
        if len(candidates) > 1:
            return PlaceMatch(
                None,
                "ambiguous",
                tuple(m.code for m in candidates),
                "hay varios municipios con ese nombre: escriba el código DIVIPOLA",
            )
        return PlaceMatch(
            None,
            "none",
            message=(
                "municipio no encontrado: use el código de la lista"
                " (DIVIPOLA de 5 dígitos en Colombia)"
            ),
        )
