"""Synthetic SIMAT student files (`simat-estudiantes`), for the demo and the benchmarks.

ALWAYS synthetic: every name, document number and birth date is made up, and each file is
named SINTETICO. The students of the first year are the synthetic sedes' own enrolment
(`sede_enrolment` of source `synthetic`, grades 0–11: one student per counted pupil, with
the cell's sex, age, nationality and outcome); later years follow them one by one, with the
flows of docs/methodology/trajectory.md ("Synthetic students").

This module reads the synthetic sedes and their cells from the warehouse and loads the demo's
years through the real importer; the parts, each on its own:
- synthetic_students_years.py: the simulated years (`Generator`, `generate_years`);
- synthetic_students_people.py: who the students are, their birth dates and documents;
- synthetic_students_names.py: their made-up names;
- synthetic_students_sedes.py: the sedes and the moves between them;
- synthetic_students_files.py: a year as SIMAT's file (`write_csv`, `file_name`).
"""

from __future__ import annotations

import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.synthetic_students_files import (
    EXACT_DUPLICATE,
    MIDYEAR_TRANSFER,
    file_name,
    write_csv,
)
from trayecto.importers.synthetic_students_sedes import Sedes
from trayecto.importers.synthetic_students_years import (
    DROPOUT,
    DROPOUT_AFTER_WITHDRAWAL,
    DROPOUT_FACTOR,
    FAIL,
    MOVE_TO_OTHER_MUNICIPALITY,
    MOVE_WITHIN_MUNICIPALITY,
    NES_TO_PPT,
    NEW_ARRIVALS_VEN,
    RETURN_AFTER_A_YEAR,
    WITHDRAW,
    Cells,
    Generator,
    Year,
    generate_years,
)
from trayecto.warehouse import Warehouse, engine

__all__ = [
    "ARAUCA",
    "DEMO_GROUPS",
    "DEMO_YEARS",
    "DROPOUT",
    "DROPOUT_AFTER_WITHDRAWAL",
    "DROPOUT_FACTOR",
    "EXACT_DUPLICATE",
    "FAIL",
    "MIDYEAR_TRANSFER",
    "MOVE_TO_OTHER_MUNICIPALITY",
    "MOVE_WITHIN_MUNICIPALITY",
    "NES_TO_PPT",
    "NEW_ARRIVALS_VEN",
    "OTHER_PRIORITY",
    "RETURN_AFTER_A_YEAR",
    "WITHDRAW",
    "Cells",
    "DemoGroup",
    "Generator",
    "Sedes",
    "Year",
    "chosen",
    "file_name",
    "from_warehouse",
    "generate_years",
    "load_synthetic_students",
    "write_csv",
]

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
