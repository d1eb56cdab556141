"""`simat-estudiantes`' columns: which headers name which column, which identify a student,
and the values the rows SQL reads (countries, statuses, results)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers.tabular import normalise_header

# Column -> accepted headers (normalised: lower case, no accents, `_` between words).
COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("ano", "anio", "anno", "vigencia", "year"),
    "document_type": ("tipo_documento", "tipo_doc", "tipodoc", "document_type"),
    "document_number": ("numero_documento", "nro_documento", "num_documento", "documento"),
    "first_name": ("primer_nombre", "nombre1", "first_name"),
    "second_name": ("segundo_nombre", "nombre2", "second_name"),
    "first_surname": ("primer_apellido", "apellido1", "first_surname"),
    "second_surname": ("segundo_apellido", "apellido2", "second_surname"),
    "birth_date": ("fecha_nacimiento", "fecha_nac", "birth_date"),
    "sex": ("genero", "sexo", "sex"),
    "country": ("pais_origen", "pais", "nacionalidad", "country"),
    "sede_code": ("codigo_dane_sede", "cod_dane_sede", "codigo_sede", "sede_code"),
    "grade": ("grado", "cod_grado", "grade"),
    "status": ("estado", "status"),
    "result": ("resultado", "result"),
    "zone": ("zona", "zone"),
    "sector": ("sector",),
    "shift": ("jornada", "shift"),
}
OPTIONAL = ("zone", "sector", "shift")
# Columns whose values identify a student: never repeated in a problem, a log or an error.
IDENTIFYING = frozenset(
    {"document_number", "first_name", "second_name", "first_surname", "second_surname",
     "birth_date"}
)  # fmt: skip

COUNTRIES = {
    "col": "COL", "colombia": "COL", "colombiana": "COL", "co": "COL", "170": "COL",
    "ven": "VEN", "venezuela": "VEN", "venezolana": "VEN", "ve": "VEN", "862": "VEN",
}  # fmt: skip
STATUSES = {"matriculado": "matriculado", "retirado": "retirado", "trasladado": "trasladado"}
RESULTS = {"aprobado": "aprobado", "reprobado": "reprobado"}


@dataclass(frozen=True)
class ColumnMap:
    positions: dict[str, int]  # column -> its position in the header
    shown: dict[str, str]  # column -> header as the user wrote it

    def header(self, column: str) -> str:
        return self.shown.get(column, column)


def map_columns(path: Path, headers: list[str]) -> tuple[ColumnMap, list[Problem]]:
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    shown: dict[str, str] = {}
    warnings: list[Problem] = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in known and known[key] not in positions:
            positions[known[key]] = position
            shown[known[key]] = header
        elif key:
            # the column is not read, so its values go nowhere
            warnings.append(Problem(0, header, "", "unknown column, ignored", severity="warning"))
    missing = [c for c in COLUMNS if c not in positions and c not in OPTIONAL]
    if missing:
        expected = ", ".join(COLUMNS[c][0] for c in missing)
        raise FileProblem(str(path), f"missing required columns: {expected}")
    return ColumnMap(positions, shown), warnings
