"""A national-size synthetic sede dataset for the school-level benchmarks (never real data).

`generate`: 53,000 sedes × 14 grades (pre-jardín – 11) × 2 sexes × 2 nationalities × 5
years, one row per cell (ages folded: each cell carries one age, drawn around the grade's
intended age), in 1,121 municipalities of 33 departments served by 96 ETCs, like
Colombia's, published as whole tables.

`generate_decade`: the national decade of issue 17 at a size of one's choice, by default
53,000 sedes × 10 years × 168 cells (3 ages per cell, as a SIMAT export has them): 89
million `sede_enrolment` rows, published year by year through the school tables' own
partitioned path (`school_tables.publish_arrow`), as ten yearly imports would.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from trayecto.domain import schools
from trayecto.importers.school_tables import (
    SEDE_ENROLMENT_SCHEMA,
    SEDE_SCHEMA,
    enrolment_by_grade,
    publish_arrow,
)
from trayecto.warehouse import Warehouse

GRADES = np.arange(-2, 12)
YEARS = np.arange(2021, 2026)
DEPARTMENTS = 33
MUNICIPALITIES = 1121
ETC_CAPITALS = 96 - DEPARTMENTS  # certified municipalities besides the 33 departments


def municipality_codes() -> np.ndarray:
    department = 5 + np.arange(MUNICIPALITIES) % DEPARTMENTS * 2
    serial = 1 + np.arange(MUNICIPALITIES) // DEPARTMENTS * 3
    return np.array([f"{d:02d}{s:03d}" for d, s in zip(department, serial, strict=True)])


def sede_population(
    rng: np.random.Generator, sedes: int, municipalities: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sede's code, municipality and size (pupils), drawn once for every year."""
    sede_municipality = municipalities[rng.integers(0, len(municipalities), sedes)]
    sede_codes = np.array([f"{1 + i % 4}{m}{i:06d}" for i, m in enumerate(sede_municipality)])
    size = np.maximum(14, rng.lognormal(5.0, 0.9, sedes)).astype(np.int64)
    return sede_codes, sede_municipality, size


def tables(
    rng: np.random.Generator,
    population: tuple[np.ndarray, np.ndarray, np.ndarray],
    years: np.ndarray,
    *,
    ages: int = 1,
    source: str = "synthetic",
    vintage: str = "benchmark",
) -> tuple[pa.Table, pa.Table]:
    """`sede_enrolment` and `sede` of every sede in `years`: one row per sede × year ×
    grade × sex × nationality, and per age when `ages` is 3 (the intended age, one and
    three years over it); with one age, each cell's age is drawn around the intended one."""
    sede_codes, sede_municipality, size = population
    sedes = len(sede_codes)
    shape = (sedes, len(years), len(GRADES), 2, 2, ages)
    n_cells = int(np.prod(shape))
    idx = np.indices(shape).reshape(len(shape), -1)
    sede_i, year_i, grade_i, sex_i, nat_i, age_i = idx
    grade = GRADES[grade_i]
    share = np.where(nat_i == 1, 0.065, 0.935) * 0.5 / len(GRADES) / ages
    enrolled = rng.poisson(size[sede_i] * share * (1 - 0.02 * np.maximum(grade - 5, 0)))
    expected = np.array([schools.GRADES[int(g)].expected_age or 0 for g in GRADES])[grade_i]
    if ages == 1:
        offset = rng.choice(5, n_cells, p=[0.6, 0.26, 0.08, 0.04, 0.02])
    else:
        offset = np.array([0, 1, 3])[age_i]
    withdrawn = rng.binomial(enrolled, 0.03)
    failed = rng.binomial(enrolled - withdrawn, 0.05)
    repeating = rng.binomial(enrolled, 0.035)
    enrolment = pa.table(
        {
            "year": years[year_i].astype(np.int16),
            "sede_code": pa.DictionaryArray.from_arrays(
                pa.array(sede_i.astype(np.int32)), pa.array(sede_codes)
            ).cast(pa.string()),
            "grade": grade.astype(np.int8),
            "sex": np.array(["f", "m"])[sex_i],
            "age": (expected + offset).astype(np.int8),
            "nationality": np.array(["COL", "VEN"])[nat_i],
            "enrolled": enrolled.astype(np.int32),
            "withdrawn": withdrawn.astype(np.int32),
            "passed": (enrolled - withdrawn - failed).astype(np.int32),
            "failed": failed.astype(np.int32),
            "repeating": repeating.astype(np.int32),
            "source": pa.array([source] * n_cells, pa.string()),
            "vintage": pa.array([vintage] * n_cells, pa.string()),
            "is_synthetic": np.ones(n_cells, dtype=bool),
        }
    ).cast(SEDE_ENROLMENT_SCHEMA)
    per_sede_year = enrolment.group_by(["year", "sede_code"]).aggregate([("enrolled", "sum")])
    municipality_of = dict(zip(sede_codes, sede_municipality, strict=True))
    codes = per_sede_year.column("sede_code").to_pylist()
    totals = per_sede_year.column("enrolled_sum").to_numpy()
    n = len(codes)
    sede = pa.table(
        {
            "year": per_sede_year.column("year"),
            "sede_code": codes,
            "sede_name": [f"Sede sintética {c[-6:]}" for c in codes],
            "establishment_code": codes,
            "municipality_code": [municipality_of[c] for c in codes],
            "etc_code": pa.nulls(n, pa.string()),
            "zone": ["urbana" if c[0] in "13" else "rural" for c in codes],
            "sector": ["oficial" if c[0] in "12" else "no_oficial" for c in codes],
            "teachers": np.maximum(1, totals // 25),
            "enrolment": totals,
            "source": [source] * n,
            "vintage": [vintage] * n,
            "is_synthetic": [True] * n,
        }
    ).cast(SEDE_SCHEMA)
    return enrolment, sede


def etc_table(municipalities: np.ndarray, years: np.ndarray) -> pa.Table:
    """Each department is an ETC; the largest municipalities are certified on their own."""
    certified = set(municipalities[:ETC_CAPITALS])
    return pa.Table.from_pylist(
        [
            {
                "municipality_code": m,
                "year": int(y),
                "etc_code": m if m in certified else m[:2],
                "etc_name": f"ETC {m if m in certified else m[:2]}",
            }
            for m in municipalities
            for y in years
        ]
    )


def generate(root: Path, *, sedes: int = 53_000, seed: int = 1) -> Warehouse:
    rng = np.random.default_rng(seed)
    municipalities = municipality_codes()
    population = sede_population(rng, sedes, municipalities)
    enrolment, sede = tables(rng, population, YEARS)
    warehouse = Warehouse(root)
    warehouse.publish_many(
        {
            "sede_enrolment": enrolment,
            # what every sede importer publishes with it (school_tables.publish_school_tables)
            "sede_enrolment_grade": enrolment_by_grade(enrolment),
            "sede": sede,
            "municipality_etc": etc_table(municipalities, YEARS),
        },
        {"source": "benchmark", "synthetic": "yes"},
    )
    return warehouse


def generate_decade(
    warehouse: Warehouse,
    *,
    sedes: int = 53_000,
    years: int = 10,
    municipalities: np.ndarray | None = None,
    source: str = "synthetic",
    seed: int = 1,
    on_year: Callable[[int, int, float, float], None] | None = None,
) -> int:
    """Publish `years` national years ending in 2025, one publication per year through the
    school tables' partitioned path (sede, sede_enrolment and its summary), then the ETC
    table. `municipalities` defaults to the synthetic codes of `municipality_codes()`.
    `on_year(year, rows, wall, cpu)` is told each year's publication time (data generation
    excluded). Returns the rows of sede_enrolment."""
    rng = np.random.default_rng(seed)
    places = municipalities if municipalities is not None else municipality_codes()
    population = sede_population(rng, sedes, places)
    span = np.arange(2026 - years, 2026)
    total = 0
    for year in span:
        vintage = f"decade{year}"
        enrolment, sede = tables(
            rng, population, np.array([year]), ages=3, source=source, vintage=vintage
        )
        wall, cpu = time.perf_counter(), time.process_time()
        publish_arrow(
            warehouse,
            {"sede_enrolment": (enrolment, ["source"]), "sede": (sede, ["source"])},
            {"source": source, "vintage": vintage, "synthetic": "yes"},
        )
        if on_year is not None:
            on_year(int(year), enrolment.num_rows, time.perf_counter() - wall,
                    time.process_time() - cpu)  # fmt: skip
        total += enrolment.num_rows
    warehouse.publish("municipality_etc", etc_table(places, span), {"synthetic": "yes"})
    return total
