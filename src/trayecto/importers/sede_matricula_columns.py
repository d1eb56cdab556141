"""`sede-matricula`'s columns: which headers name which column, and the headers refused.

A SIMAT export names its columns in several ways (`AÑO`, `anio`, `vigencia`…): `map_columns`
finds each column by its normalised header, keeps the header as the user wrote it for the
messages, and refuses a file with a column that looks like personal data before any row
is read (docs/formats/sede-matricula.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers.tabular import normalise_header

# Column -> accepted headers (normalised: lower case, no accents, `_` between words).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ano", "anio", "anno", "anno_inf", "vigencia", "year"),
    "sede_code": ("codigo_dane_sede", "cod_dane_sede", "codigo_sede", "sede_code"),
    "sede_name": ("nombre_sede", "sede_name"),
    "establishment_code": (
        "codigo_dane_establecimiento",
        "cod_dane_establecimiento",
        "codigo_establecimiento",
        "establishment_code",
    ),
    "municipality_code": ("codigo_municipio", "cod_mpio", "municipality_code"),
    "zone": ("zona", "zone"),
    "sector": ("sector",),
    "teachers": ("docentes", "teachers"),
    "grade": ("grado", "cod_grado", "grade"),
    "sex": ("sexo", "sex"),
    "age": ("edad", "age"),
    "nationality": ("nacionalidad", "nationality"),
    "enrolled": ("matriculados", "enrolled"),
    "withdrawn": ("retirados", "withdrawn"),
    "passed": ("aprobados", "passed"),
    "failed": ("reprobados", "failed"),
    "repeating": ("repitentes", "repeating"),
}
REQUIRED = ("year", "sede_code", "grade", "sex", "age", "nationality", "enrolled")
SEDE_ATTRIBUTES = (
    "sede_name",
    "establishment_code",
    "municipality_code",
    "zone",
    "sector",
    "teachers",
)

# Names of places and institutions, not of people: ignored (with a warning), never refused.
NOT_PERSONAL = {
    "nombre_establecimiento",
    "nombre_municipio",
    "nombre_departamento",
    "nombre_etc",
    "nombre_secretaria",
}
# Headers that would carry personal data (names, document numbers, contacts, birth dates).
PERSONAL = re.compile(
    r"(apellido|nombre|documento|identificacion|cedula|nuip|tarjeta|nacimiento|direccion"
    r"|telefono|celular|correo|email|estudiante|alumno|acudiente|^doc(_|$)|_doc(_|$)|^id$"
    r"|_id$|^name$|first_name|last_name|surname|document|birth)"
)


@dataclass(frozen=True)
class ColumnMap:
    keys: dict[str, str]  # column -> normalised header in the rows
    shown: dict[str, str]  # column -> header as the user wrote it, for messages
    positions: dict[str, int]  # column -> its position in the header

    def header(self, column: str) -> str:
        return self.shown.get(column, column)


def map_columns(path: Path, headers: list[str]) -> tuple[ColumnMap, list[Problem]]:
    """Normalised header of each known column; refuses personal data and missing columns."""
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, str] = {}
    shown: dict[str, str] = {}
    positions: dict[str, int] = {}
    warnings: list[Problem] = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in known:
            mapping[known[key]] = key
            shown[known[key]] = header
            positions[known[key]] = position
        elif PERSONAL.search(key) and key not in NOT_PERSONAL:
            raise FileProblem(
                str(path),
                f"column {header!r} looks like personal data (names, document numbers, "
                "contacts). This format takes counts only: delete the column and export again.",
                column=header,
            )
        elif key:
            warnings.append(Problem(0, header, "", "unknown column, ignored", severity="warning"))
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        expected = ", ".join(COLUMNS[c][0] for c in missing)
        raise FileProblem(str(path), f"missing required columns: {expected}")
    return ColumnMap(mapping, shown, positions), warnings
