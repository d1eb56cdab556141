"""A synthetic year as the SIMAT student file an ETC exports (`simat-estudiantes`,
SINTÉTICO in its name): one row per student, plus mid-year transfers (a TRASLADADO row before
the new sede's row) and a few exact duplicate rows, as real exports have."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from trayecto.importers.synthetic_students_names import written_names
from trayecto.importers.synthetic_students_people import shown_type

if TYPE_CHECKING:  # the generator calls simat_table: named here for the types only
    from trayecto.importers.synthetic_students_years import Generator, Year

# The columns of the format (docs/formats/simat-estudiantes.md), in the order SIMAT exports.
HEADER = (
    "ano",
    "tipo_documento",
    "numero_documento",
    "primer_nombre",
    "segundo_nombre",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
    "genero",
    "pais_origen",
    "codigo_dane_sede",
    "grado",
    "estado",
    "resultado",
    "zona",
    "sector",
    "jornada",
)

# Rows per student and year (docs/methodology/trajectory.md, "Synthetic students").
MIDYEAR_TRANSFER = 0.01  # a TRASLADADO row at another sede of the municipality first
EXACT_DUPLICATE = 0.0005
JORNADAS = np.array(["MAÑANA", "TARDE", "ÚNICA"])


def simat_table(generator: Generator, y: Year, *, date_style: str = "iso") -> pa.Table:
    """The year as SIMAT exports it: one row per student, plus mid-year transfers
    (a TRASLADADO row first) and a few exact duplicates. Draws from the generator's `rng`."""
    rng = generator.rng
    n = len(y.person)
    moved = np.nonzero(rng.random(n) < MIDYEAR_TRANSFER)[0]
    origin = np.array(
        [generator.moves.other_sede(int(y.sede[i]), int(y.grade[i])) for i in moved],
        dtype=np.int64,
    )
    keep = origin >= 0
    moved, origin = moved[keep], origin[keep]
    dup = np.nonzero(rng.random(n) < EXACT_DUPLICATE)[0]
    rows = np.concatenate([moved, np.arange(n), dup])
    sede = np.concatenate([origin, y.sede, y.sede[dup]])
    status = np.concatenate(
        [
            np.full(len(moved), "TRASLADADO"),
            np.where(y.withdrawn, "RETIRADO", "MATRICULADO"),
            np.where(y.withdrawn[dup], "RETIRADO", "MATRICULADO"),
        ]
    )
    # file order: by sede, the transfer's row before the row at the new sede
    key = np.concatenate([moved * 2, np.arange(n) * 2 + 1, dup * 2 + 1])
    order = np.argsort(key, kind="stable")
    rows, sede, status = rows[order], sede[order], status[order]
    person = y.person[rows]
    people = generator.people
    sedes = generator.sedes
    result = np.where(
        status != "MATRICULADO", "", np.where(y.failed[rows], "REPROBADO", "APROBADO")
    )
    given, second, surname_1, surname_2 = written_names(people.names[person], people.sex[person])
    # mostly codes; some exports write the country's name
    nationality = people.nationality[person]
    named = rng.random(len(rows)) < 0.1
    country = np.where(
        nationality == "OTH",
        np.where(named, "Ecuador", "PER"),
        np.where(named, np.where(nationality == "COL", "Colombia", "Venezuela"), nationality),
    )
    return pa.table(
        {
            "ano": pa.array(np.full(len(rows), y.year)),
            "tipo_documento": pa.array(
                shown_type(y.year, y.document_type[rows], people.birth[person])
            ),
            "numero_documento": pa.array(y.document_number[rows]),
            "primer_nombre": pa.array(given),
            "segundo_nombre": pa.array(second),
            "primer_apellido": pa.array(surname_1),
            "segundo_apellido": pa.array(surname_2),
            "fecha_nacimiento": pa.array(written_dates(people.birth[person], date_style)),
            "genero": pa.array(np.char.upper(people.sex[person])),
            "pais_origen": pa.array(country),
            "codigo_dane_sede": pa.array(sedes.code[sede]),
            "grado": pa.array(y.grade[rows]),
            "estado": pa.array(status),
            "resultado": pa.array(result),
            "zona": pa.array(sedes.zone[sede]),
            "sector": pa.array(sedes.sector[sede]),
            "jornada": pa.array(JORNADAS[rows % len(JORNADAS)]),
        }
    )


def written_dates(birth: np.ndarray, date_style: str) -> np.ndarray:
    """Birth dates as text: ISO (`iso`) or day/month/year (`dmy`), as some exports write."""
    iso = birth.astype(str)
    if date_style != "dmy":
        return iso
    dates: np.ndarray = np.char.add(
        np.char.add(np.char.add(np.char.add(_part(iso, 8, 10), "/"), _part(iso, 5, 7)), "/"),
        _part(iso, 0, 4),
    )
    return dates


def _part(text: np.ndarray, start: int, end: int) -> np.ndarray:
    return np.array([s[start:end] for s in text]) if len(text) else text


def write_csv(table: pa.Table, path: Path, *, delimiter: str = ";") -> None:
    """A file as an ETC exports it: a header line, `;` between cells, UTF-8."""
    options = pacsv.WriteOptions(delimiter=delimiter, quoting_style="needed")
    pacsv.write_csv(table, path, options)


def file_name(year: int) -> str:
    return f"simat_estudiantes_{year}_SINTETICO.csv"
