"""Synthetic SIMAT student files (`simat-estudiantes`), for the demo and the benchmarks.

ALWAYS synthetic: every name, document number and birth date is made up, and each file is
named SINTETICO. The students of the first year are the synthetic sedes' own enrolment
(`sede_enrolment` of source `synthetic`, grades 0–11: one student per counted pupil, with
the cell's sex, age, nationality and outcome); later years follow them one by one, with the
flows of docs/methodology/trajectory.md ("Synthetic students"): promotion, repetition,
dropout (higher for over-age, Venezuelan and rural students), moves within and between
municipalities, returns after a year away, new transición cohorts and new arrivals from
Venezuela with an NES number, NES numbers replaced by a PPT number, Colombian documents
going from RC to TI to CC with the same number, mid-year transfers (a TRASLADADO row before
the new sede's row) and a few exact duplicate rows, as real exports have.

Vectorised with numpy: one array per attribute of all students of a year, so a national
year (about 9 million students) is generated in seconds.
"""

from __future__ import annotations

import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from trayecto.domain.problems import ImportReport, Problem
from trayecto.warehouse import Warehouse, engine

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

FIRST_NAMES_F = [
    "María",
    "Ana",
    "Sofía",
    "Valentina",
    "Isabella",
    "Camila",
    "Daniela",
    "Luciana",
    "Mariana",
    "Gabriela",
    "Sara",
    "Laura",
    "Juliana",
    "Valeria",
    "Natalia",
    "Paula",
    "Andrea",
    "Carolina",
    "Alejandra",
    "Manuela",
    "Salomé",
    "Antonella",
    "Emily",
    "Luisa",
    "Fernanda",
    "Yuliana",
    "Karen",
    "Angie",
    "Lina",
    "Diana",
    "Paola",
    "Tatiana",
    "Ximena",
    "Victoria",
    "Martina",
    "Samantha",
    "Catalina",
    "Yeimy",
    "Dayana",
    "Nicol",
    "Sharon",
    "Michell",
    "Ashley",
    "Valery",
    "Zharick",
    "Danna",
    "Ariana",
]
FIRST_NAMES_M = [
    "Juan",
    "José",
    "Santiago",
    "Samuel",
    "Sebastián",
    "Mateo",
    "Matías",
    "Nicolás",
    "Alejandro",
    "Daniel",
    "David",
    "Diego",
    "Andrés",
    "Carlos",
    "Luis",
    "Miguel",
    "Ángel",
    "Jhon",
    "Kevin",
    "Brayan",
    "Esteban",
    "Felipe",
    "Tomás",
    "Emiliano",
    "Gabriel",
    "Jerónimo",
    "Martín",
    "Simón",
    "Julián",
    "Camilo",
    "Cristian",
    "Jesús",
    "Óscar",
    "Jorge",
    "Eduardo",
    "Ricardo",
    "Rafael",
    "Yeison",
    "Duván",
    "Stiven",
    "Jhoan",
    "Dylan",
    "Maikel",
    "Anderson",
    "Jefferson",
    "Deiver",
    "Elkin",
    "Wilmer",
    "Fabián",
]
SURNAMES = [
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Vargas",
    "Castro",
    "Gutiérrez",
    "Álvarez",
    "Ruiz",
    "Ortiz",
    "Suárez",
    "Torres",
    "Romero",
    "Herrera",
    "Valencia",
    "Quintero",
    "Restrepo",
    "Mejía",
    "Cárdenas",
    "Guerrero",
    "Ríos",
    "Cortés",
    "Ospina",
    "Parra",
    "Salazar",
    "Aguilar",
    "Castillo",
    "Medina",
    "Rivera",
    "Peña",
    "Mendoza",
    "Cruz",
    "Reyes",
    "Vega",
    "Navarro",
    "Acosta",
    "Patiño",
    "Londoño",
    "Zapata",
    "Arango",
    "Montoya",
    "Giraldo",
    "Villa",
    "Betancur",
    "Osorio",
    "Cano",
    "Marín",
    "Duque",
    "Barrios",
    "Pineda",
    "Contreras",
    "Carvajal",
    "Fuentes",
    "Silva",
    "Rincón",
    "Bermúdez",
    "Chávez",
    "Blanco",
    "Camacho",
    "Ibáñez",
    "Escobar",
    "Figueroa",
    "Palacios",
    "Mosquera",
    "Córdoba",
    "Perea",
    "Rentería",
    "Caicedo",
    "Angulo",
    "Cuesta",
]

# Flows per student and year (docs/methodology/trajectory.md, "Synthetic students").
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
MIDYEAR_TRANSFER = 0.01  # a TRASLADADO row at another sede of the municipality first
EXACT_DUPLICATE = 0.0005
JORNADAS = np.array(["MAÑANA", "TARDE", "ÚNICA"])


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
class Sedes:
    """The sedes students may attend: code, zone, sector and the highest grade taught."""

    code: np.ndarray
    zone: np.ndarray
    sector: np.ndarray
    top_grade: np.ndarray
    municipality: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.municipality = np.array([c[1:6] for c in self.code]) if len(self.code) else self.code


@dataclass
class People:
    """Who the students are (made up): grows as new students arrive."""

    sex: np.ndarray
    nationality: np.ndarray
    birth: np.ndarray  # datetime64[D]
    names: np.ndarray  # (n, 4) indices: first, second, surname 1, surname 2
    document_type: np.ndarray
    document_number: np.ndarray

    def extend(self, other: People) -> None:
        for name in ("sex", "nationality", "birth", "document_type", "document_number"):
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)]))
        self.names = np.concatenate([self.names, other.names])


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
        self.people = People(
            np.array([], dtype="<U1"),
            np.array([], dtype="<U3"),
            np.array([], dtype="datetime64[D]"),
            np.zeros((0, 4), dtype=np.int32),
            np.array([], dtype="<U4"),
            np.array([], dtype="<U14"),
        )
        # generators run side by side start their counters apart: no shared document number
        self.next_number = first_number
        self.by_code = {str(c): i for i, c in enumerate(sedes.code)}
        self.by_municipality: dict[str, np.ndarray] = {}
        self.teaching = [np.nonzero(sedes.top_grade >= g)[0] for g in range(12)]
        order = np.argsort(sedes.municipality, kind="stable")
        municipalities, starts = np.unique(sedes.municipality[order], return_index=True)
        for m, part in zip(municipalities, np.split(order, starts[1:]), strict=True):
            self.by_municipality[str(m)] = part

    # ------------------------------------------------------------------ people
    def _numbers(self, n: int, width: int, base: int) -> np.ndarray:
        """n new document numbers, unique across the whole run (a shuffled counter)."""
        start = self.next_number
        self.next_number += n
        serial = (np.arange(start, start + n, dtype=np.int64) * 7919) % 10**8
        return np.char.zfill((base + serial).astype(str), width)

    def _new_people(self, year: int, sex: np.ndarray, age: np.ndarray, nat: np.ndarray) -> None:
        n = len(sex)
        rng = self.rng
        day = rng.integers(0, 365, n)
        # `age` years old on 31 March of `year` (the age SIMAT counts), born any day of a year
        birth = (np.array([f"{year}-03-31"], dtype="datetime64[D]") - age * 365) - day
        first = np.where(
            sex == "f",
            rng.integers(0, len(FIRST_NAMES_F), n),
            rng.integers(0, len(FIRST_NAMES_M), n),
        )
        second = np.where(
            rng.random(n) < 0.7,
            np.where(
                sex == "f",
                rng.integers(0, len(FIRST_NAMES_F), n),
                rng.integers(0, len(FIRST_NAMES_M), n),
            ),
            -1,
        )
        surnames = rng.integers(0, len(SURNAMES), (n, 2))
        names = np.column_stack([first, second, surnames]).astype(np.int32)
        # Colombians keep one number (NUIP) for life; Venezuelan newcomers get an NES, some
        # already hold a PPT or PEP; others a foreign passport or CE.
        draw = rng.random(n)
        doc_type = np.where(
            nat == "COL",
            "NUIP",
            np.where(
                nat == "VEN",
                np.where(draw < 0.55, "NES", np.where(draw < 0.9, "PPT", "PEP")),
                np.where(draw < 0.5, "PA", "CE"),
            ),
        ).astype("<U4")
        number = self._numbers(n, 10, 1_000_000_000)
        self.people.extend(People(sex, nat, birth, names, doc_type, number))

    def _shown_type(self, y: Year, rows: np.ndarray) -> np.ndarray:
        """The document type shown: a NUIP is shown as RC, TI or CC by age (same number)."""
        kind = y.document_type[rows]
        person = y.person[rows]
        age = (np.datetime64(f"{y.year}-03-31") - self.people.birth[person]).astype(int) // 365
        col = np.where(age < 7, "RC", np.where(age < 18, "TI", "CC"))
        return np.where(kind == "NUIP", col, kind)

    # ------------------------------------------------------------------ years
    def first_year(self, year: int, cells: Cells) -> Year:
        """One student per counted pupil of the cells (grades 0–11)."""
        n = cells.enrolled.astype(np.int64)
        keep = np.array([str(c) in self.by_code for c in cells.sede_code]) & (n > 0)
        cell = np.repeat(np.nonzero(keep)[0], n[keep])
        start = len(self.people.sex)
        self._new_people(year, cells.sex[cell], cells.age[cell], cells.nationality[cell])
        # within a cell the first `withdrawn` pupils withdrew, the next `failed` failed
        rank = np.arange(len(cell)) - np.repeat(np.cumsum(n[keep]) - n[keep], n[keep])
        withdrawn = rank < cells.withdrawn[cell]
        failed = ~withdrawn & (rank < cells.withdrawn[cell] + cells.failed[cell])
        sede = np.array([self.by_code[str(c)] for c in cells.sede_code[cell]], dtype=np.int64)
        person = np.arange(start, start + len(cell))
        return self._documented(
            Year(year, person, sede, cells.grade[cell].astype(np.int64), withdrawn, failed)
        )

    def _documented(self, y: Year) -> Year:
        y.document_type = self.people.document_type[y.person].copy()
        y.document_number = self.people.document_number[y.person].copy()
        return y

    def next_year(self, previous: Year, before: Year | None) -> Year:
        rng = self.rng
        p = previous
        people = self.people
        graduated = (p.grade == 11) & ~p.withdrawn & ~p.failed
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
        risk = np.where(p.withdrawn, DROPOUT_AFTER_WITHDRAWAL, np.minimum(risk, 0.9))
        stays = ~graduated & (rng.random(len(p.person)) >= risk)
        person = p.person[stays]
        grade = np.where(p.withdrawn | p.failed, p.grade, p.grade + 1)[stays]
        sede = p.sede[stays].copy()
        # moves: within the municipality, to another one, or because the sede ends there
        draw = rng.random(len(person))
        forced = grade > self.sedes.top_grade[sede]
        within = forced | (draw < MOVE_WITHIN_MUNICIPALITY)
        between = draw > 1 - MOVE_TO_OTHER_MUNICIPALITY
        sede = self._move(sede, grade, within & ~between, between)
        # those away last year who come back, at the grade they left
        if before is not None:
            away = np.setdiff1d(before.person, p.person)
            away = np.setdiff1d(away, self._graduated_before(before))
            back = away[rng.random(len(away)) < RETURN_AFTER_A_YEAR]
            where = np.searchsorted(before.person, back, sorter=np.argsort(before.person))
            order = np.argsort(before.person)[where]
            person = np.concatenate([person, back])
            grade = np.concatenate([grade, before.grade[order]])
            sede = np.concatenate([sede, self._fit(before.sede[order], before.grade[order])])
        # a new transición cohort (about the size of the one that moved up) and new arrivals
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
        start = len(people.sex)
        self._new_people(p.year + 1, sex, new_age, nat)
        person = np.concatenate([person, np.arange(start, start + n_new)])
        grade = np.concatenate([grade, new_grade])
        sede = np.concatenate([sede, new_sede])
        self._nes_to_ppt(person)
        n = len(person)
        withdrawn = rng.random(n) < np.where(
            people.nationality[person] == "VEN", 2 * WITHDRAW, WITHDRAW
        )
        age_next = (np.datetime64(f"{p.year + 1}-03-31") - people.birth[person]).astype(int) // 365
        fail_p = FAIL * (1 + 0.5 * np.maximum(0, age_next - 5 - grade - 1))
        failed = ~withdrawn & (rng.random(n) < np.where(grade == 0, 0.005, fail_p))
        return self._documented(Year(p.year + 1, person, sede, grade, withdrawn, failed))

    def _graduated_before(self, y: Year) -> np.ndarray:
        graduated: np.ndarray = y.person[(y.grade == 11) & ~y.withdrawn & ~y.failed]
        return graduated

    def _fit(self, sede: np.ndarray, grade: np.ndarray) -> np.ndarray:
        """The same sede when it teaches the grade, else another of its municipality."""
        return self._move(
            sede, grade, grade > self.sedes.top_grade[sede], np.zeros(len(sede), bool)
        )

    def _move(
        self, sede: np.ndarray, grade: np.ndarray, within: np.ndarray, between: np.ndarray
    ) -> np.ndarray:
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

    def _nes_to_ppt(self, person: np.ndarray) -> None:
        """Some NES numbers are replaced by a PPT number (a new number: the record breaks)."""
        nes = person[self.people.document_type[person] == "NES"]
        change = nes[self.rng.random(len(nes)) < NES_TO_PPT]
        self.people.document_type[change] = "PPT"
        self.people.document_number[change] = self._numbers(len(change), 8, 10_000_000)

    # ------------------------------------------------------------------ files
    def table(self, y: Year, *, date_style: str = "iso") -> pa.Table:
        """The year as SIMAT exports it: one row per student, plus mid-year transfers
        (a TRASLADADO row first) and a few exact duplicates."""
        rng = self.rng
        n = len(y.person)
        moved = np.nonzero(rng.random(n) < MIDYEAR_TRANSFER)[0]
        origin = np.array(
            [self._other_sede(int(y.sede[i]), int(y.grade[i])) for i in moved], dtype=np.int64
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
        people = self.people
        result = np.where(
            status != "MATRICULADO", "", np.where(y.failed[rows], "REPROBADO", "APROBADO")
        )
        names = people.names[person]
        first = np.where(people.sex[person] == "f", 1, 0)
        f_names, m_names = np.array(FIRST_NAMES_F), np.array(FIRST_NAMES_M)
        given = np.where(
            first == 1, f_names[names[:, 0] % len(f_names)], m_names[names[:, 0] % len(m_names)]
        )
        second = np.where(
            names[:, 1] < 0,
            "",
            np.where(
                first == 1, f_names[names[:, 1] % len(f_names)], m_names[names[:, 1] % len(m_names)]
            ),
        )
        surnames = np.array(SURNAMES)
        birth = people.birth[person]
        if date_style == "dmy":
            iso = birth.astype(str)
            dates = np.char.add(
                np.char.add(
                    np.char.add(np.char.add(_part(iso, 8, 10), "/"), _part(iso, 5, 7)), "/"
                ),
                _part(iso, 0, 4),
            )
        else:
            dates = birth.astype(str)
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
                "tipo_documento": pa.array(self._shown_type(y, rows)),
                "numero_documento": pa.array(y.document_number[rows]),
                "primer_nombre": pa.array(given),
                "segundo_nombre": pa.array(second),
                "primer_apellido": pa.array(surnames[names[:, 2]]),
                "segundo_apellido": pa.array(surnames[names[:, 3]]),
                "fecha_nacimiento": pa.array(dates),
                "genero": pa.array(np.char.upper(people.sex[person])),
                "pais_origen": pa.array(country),
                "codigo_dane_sede": pa.array(self.sedes.code[sede]),
                "grado": pa.array(y.grade[rows]),
                "estado": pa.array(status),
                "resultado": pa.array(result),
                "zona": pa.array(self.sedes.zone[sede]),
                "sector": pa.array(self.sedes.sector[sede]),
                "jornada": pa.array(JORNADAS[rows % len(JORNADAS)]),
            }
        )

    def _other_sede(self, sede: int, grade: int) -> int:
        local = self.by_municipality[str(self.sedes.municipality[sede])]
        candidates = local[(local != sede) & (self.sedes.top_grade[local] >= grade)]
        if not len(candidates):
            return -1
        return int(candidates[self.rng.integers(0, len(candidates))])


def _part(text: np.ndarray, start: int, end: int) -> np.ndarray:
    return np.array([s[start:end] for s in text]) if len(text) else text


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


def write_csv(table: pa.Table, path: Path, *, delimiter: str = ";") -> None:
    """A file as an ETC exports it: a header line, `;` between cells, UTF-8."""
    options = pacsv.WriteOptions(delimiter=delimiter, quoting_style="needed")
    pacsv.write_csv(table, path, options)


def file_name(year: int) -> str:
    return f"simat_estudiantes_{year}_SINTETICO.csv"


CELLS_SQL = """
select e.sede_code, e.grade, e.sex, e.age, e.nationality,
    e.enrolled, coalesce(e.withdrawn, 0) as withdrawn, coalesce(e.failed, 0) as failed
from sede_enrolment e
where e.source = 'synthetic' and e.year = $year and e.grade between 0 and 11
    and list_contains($departments, substr(e.sede_code, 2, 2))
order by e.sede_code, e.grade, e.sex, e.age, e.nationality
"""
SEDES_SQL = """
select s.sede_code, upper(s.zone) as zone, upper(replace(s.sector, '_', ' ')) as sector,
    max(e.grade) as top_grade
from sede s join sede_enrolment e using (source, year, sede_code)
where s.source = 'synthetic' and s.year = $year and e.grade between 0 and 11
    and list_contains($departments, substr(s.sede_code, 2, 2))
group by all order by s.sede_code
"""


def from_warehouse(
    con: duckdb.DuckDBPyConnection, year: int, departments: list[str]
) -> tuple[Sedes, Cells]:
    """The synthetic sedes of these departments and their enrolment cells of `year`."""
    params = {"year": year, "departments": departments}
    sede_rows = engine.query(con, SEDES_SQL, params)
    cell_rows = engine.query(con, CELLS_SQL, params)
    sedes = Sedes(
        np.array(sede_rows.column("sede_code").to_pylist(), dtype=object).astype(str),
        np.array(sede_rows.column("zone").to_pylist()).astype(str),
        np.array(sede_rows.column("sector").to_pylist()).astype(str),
        np.array(sede_rows.column("top_grade").to_pylist(), dtype=np.int64),
    )
    column = {
        name: cell_rows.column(name).to_numpy(zero_copy_only=False)
        for name in cell_rows.column_names
    }
    cells = Cells(
        column["sede_code"].astype(str),
        column["grade"].astype(np.int64),
        column["sex"].astype(str),
        column["age"].astype(np.int64),
        column["nationality"].astype(str),
        column["enrolled"].astype(np.int64),
        column["withdrawn"].astype(np.int64),
        column["failed"].astype(np.int64),
    )
    return sedes, cells


@dataclass(frozen=True)
class DemoGroup:
    """Departments whose synthetic students one generator makes: all their synthetic sedes,
    or one in `one_sede_in` (chosen by a checksum of the code, so the same every run)."""

    departments: tuple[str, ...]
    seed: int
    one_sede_in: int = 1
    first_number: int = 0  # the generator's document counter (groups never share a number)


# Arauca (the demo LEG's department, about 70,000 students a year) complete; the six other
# priority departments (domain/priority_areas.py), about 1.8 million students a year in all,
# with one synthetic sede in ten and all its students: every ETC of the seven has students
# and the demo's load stays within seconds (docs/methodology/trajectory.md).
ARAUCA = DemoGroup(("81",), seed=2025)
OTHER_PRIORITY = DemoGroup(
    ("08", "54", "52", "47", "44", "27"), seed=2026, one_sede_in=10, first_number=50_000_000
)
DEMO_GROUPS = (ARAUCA, OTHER_PRIORITY)
DEMO_YEARS = (2023, 2024, 2025)


def chosen(sedes: Sedes, cells: Cells, one_sede_in: int) -> tuple[Sedes, Cells]:
    """One sede in `one_sede_in` with its cells (CRC-32 of the code: stable across runs)."""
    if one_sede_in == 1:
        return sedes, cells
    keep = np.array([zlib.crc32(str(c).encode()) % one_sede_in == 0 for c in sedes.code], bool)
    kept = Sedes(sedes.code[keep], sedes.zone[keep], sedes.sector[keep], sedes.top_grade[keep])
    rows = np.isin(cells.sede_code, kept.code)
    return kept, Cells(
        *(getattr(cells, f)[rows] for f in ("sede_code", "grade", "sex", "age", "nationality",
                                             "enrolled", "withdrawn", "failed"))
    )  # fmt: skip


def load_synthetic_students(
    warehouse: Warehouse,
    *,
    groups: tuple[DemoGroup, ...] = DEMO_GROUPS,
    years: tuple[int, ...] = DEMO_YEARS,
) -> list[ImportReport]:
    """Three years of SINTÉTICO student files for the synthetic sedes of each group's
    departments (one file a year, the groups' students one after the other), written to a
    temporary folder outside $TRAYECTO_HOME, imported through the real `simat-estudiantes`
    importer (pseudonymised with the home's key), then deleted. A group's students are the
    same whatever other groups are made (a generator and a seed each).

    Needs the synthetic sedes (`trayecto generate sedes --synthetic`). Running it again
    publishes nothing new (the same seeds write the same files)."""
    from trayecto.importers import simat_students

    made: list[tuple[Generator, list[Year]]] = []
    con = warehouse.connect()
    try:
        for group in groups:
            sedes, cells = from_warehouse(con, years[0], list(group.departments))
            sedes, cells = chosen(sedes, cells, group.one_sede_in)
            if len(sedes.code):
                made.append(
                    generate_years(
                        sedes, cells, years, seed=group.seed, first_number=group.first_number
                    )
                )
    finally:
        con.close()
    if not made:
        report = ImportReport(simat_students.SOURCE)
        return [
            report.refuse(Problem(0, "", "sede", "generate the synthetic sedes first (demo only)"))
        ]
    reports = []
    with tempfile.TemporaryDirectory(prefix="trayecto-sintetico-") as folder:
        for i, year in enumerate(years):
            path = Path(folder) / file_name(year)
            table = pa.concat_tables([g.table(generated[i]) for g, generated in made])
            write_csv(table, path)
            del table
            reports.append(simat_students.load(path, warehouse, synthetic=True))
            path.unlink()
    return reports
