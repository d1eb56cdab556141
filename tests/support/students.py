"""Small synthetic SIMAT student files for the trajectory tests (written by the tests).

A few sedes in two real municipalities of Arauca and one of Norte de Santander, a few
hundred made-up students each year, generated with the demo's generator
(importers/synthetic_students_years.py): SINTÉTICO, never real people.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support.schools import publish_geography_with_etc
from trayecto.importers import simat_students
from trayecto.importers.synthetic_students_files import file_name, write_csv
from trayecto.importers.synthetic_students_sedes import Sedes
from trayecto.importers.synthetic_students_years import Cells, Generator, Year, generate_years
from trayecto.warehouse import Warehouse

SEDES = Sedes(
    code=np.array(["181001000001", "181001000002", "281001000003", "181736000001", "154001000001"]),
    zone=np.array(["URBANA", "URBANA", "RURAL", "URBANA", "URBANA"]),
    sector=np.array(["OFICIAL", "OFICIAL", "OFICIAL", "OFICIAL", "NO OFICIAL"]),
    top_grade=np.array([11, 11, 5, 11, 11]),
)
YEARS = (2023, 2024, 2025)


def first_year_cells(per_cell: int = 3, seed: int = 1) -> Cells:
    """`per_cell` pupils in each sede × grade × sex × nationality (COL and VEN)."""
    rng = np.random.default_rng(seed)
    rows = [
        (code, grade, sex, nat)
        for code, top in zip(SEDES.code, SEDES.top_grade, strict=True)
        for grade in range(0, int(top) + 1)
        for sex in ("f", "m")
        for nat in ("COL", "VEN")
    ]
    n = len(rows)
    enrolled = rng.integers(1, per_cell + 1, n)
    return Cells(
        sede_code=np.array([r[0] for r in rows]),
        grade=np.array([r[1] for r in rows]),
        sex=np.array([r[2] for r in rows]),
        age=np.array([5 + r[1] + int(rng.integers(0, 3)) for r in rows]),
        nationality=np.array([r[3] for r in rows]),
        enrolled=enrolled,
        withdrawn=(rng.random(n) < 0.05).astype(np.int64),
        failed=(rng.random(n) < 0.1).astype(np.int64),
    )


def write_years(
    folder: Path, *, seed: int = 1, per_cell: int = 3, date_style: str = "iso"
) -> tuple[Generator, list[Year], list[Path]]:
    """Three years of students as `;` UTF-8 CSV files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    generator, years = generate_years(SEDES, first_year_cells(per_cell, seed), YEARS, seed=seed)
    paths = []
    for year in years:
        path = folder / file_name(year.year)
        write_csv(generator.table(year, date_style=date_style), path)
        paths.append(path)
    return generator, years, paths


def imported_student_years(folder: Path, shared_data: Path) -> Warehouse:
    """A warehouse under `folder` with the real geography (DIVIPOLA, each municipality's ETC)
    and `write_years`' synthetic students (SINTÉTICO), imported as the demo does, with the
    pseudonym key in `folder`/home."""
    warehouse = Warehouse(folder / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    _generator, _years, files = write_years(folder / "files", per_cell=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("TRAYECTO_HOME", str(folder / "home"))
    try:
        for path in files:
            assert not simat_students.load(path, warehouse, synthetic=True).refused
    finally:
        mp.undo()
    return warehouse
