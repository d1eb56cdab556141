"""Synthetic sede-level data for the demo, matching the real MEN 2025 municipal totals.

ALWAYS synthetic: every row has `is_synthetic = true` and source `synthetic`; any page that
shows them must say so. Built from `sede_summary_municipality` (source men-sedes-2025): for
each municipality the 2025 number of sedes and their enrolment by sector and by zone are
reproduced exactly; grades, sex, nationality, age and end-of-year status are drawn from
plausible shares (docs/methodology/school-level.md, "Synthetic data"). Earlier years are the
2025 sedes with slightly smaller totals, so flow rates between years can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from trayecto.domain import schools
from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers.finish import Merge, finish
from trayecto.importers.school_partitions import KEYS
from trayecto.importers.school_tables import (
    SEDE_ENROLMENT_SCHEMA,
    SEDE_SCHEMA,
)
from trayecto.warehouse import Warehouse

SOURCE = "synthetic"
YEARS = (2022, 2023, 2024, 2025)
BASE_YEAR = 2025
# Enrolment grew about 1 % a year in the synthetic past (so 2022 is ~3 % below 2025).
YEARLY_GROWTH = 0.01
# Venezuelan share of enrolment: 604,488 of ~9.3 million in 2024 (6.5 %), 87 % of them in
# official and 79 % in urban schools, 57 % in primary (MEN SIMAT via LEE report No. 108).
VEN_SHARE = {
    ("oficial", "urbana"): 0.085,
    ("oficial", "rural"): 0.035,
    ("no_oficial", "urbana"): 0.025,
    ("no_oficial", "rural"): 0.015,
}
VEN_LEVEL_FACTOR = {
    "preescolar": 1.0,
    "transicion": 1.1,
    "primaria": 1.2,
    "secundaria": 0.85,
    "media": 0.55,
}
OTHER_NATIONALITY_SHARE = 0.003
VEN_GROWTH_PER_YEAR = 0.08  # the Venezuelan share was lower in earlier years
# Years above the grade's intended age, by nationality (late entry and repetition).
AGE_OFFSETS = (0, 1, 2, 3, 4)
AGE_OFFSET_SHARES = {"COL": (0.62, 0.26, 0.08, 0.03, 0.01), "VEN": (0.45, 0.28, 0.14, 0.08, 0.05)}
# Full sedes teach transición–11 with fewer pupils in the upper grades (dropout); small rural
# sedes teach transición–5 (escuela nueva); private urban sedes also have pre-jardín and jardín.
FULL_GRADE_WEIGHTS = {
    0: 1.0,
    1: 1.0,
    2: 1.0,
    3: 0.98,
    4: 0.97,
    5: 0.96,
    6: 0.95,
    7: 0.9,
    8: 0.86,
    9: 0.82,
    10: 0.76,
    11: 0.7,
}
PRIMARY_ONLY_BELOW = 80  # pupils
STUDENTS_PER_TEACHER = {
    ("oficial", "urbana"): 27,
    ("oficial", "rural"): 18,
    ("no_oficial", "urbana"): 16,
    ("no_oficial", "rural"): 14,
}


@dataclass(frozen=True)
class SedeSpec:
    code: str
    municipality_code: str
    sector: str
    zone: str
    enrolment_2025: int


def split_cells(row: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    """(sector, zone) -> (sedes, enrolment) whose margins are the MEN row exactly.

    The file gives sector and zone totals separately; rural sedes are put in the official
    sector first (most rural schools are public), enrolment follows the same cells.
    """
    p, q = row["sedes_public"], row["sedes_private"]
    r = row["sedes_rural"]
    a = min(p, r)
    sedes = {
        ("oficial", "rural"): a,
        ("oficial", "urbana"): p - a,
        ("no_oficial", "rural"): r - a,
        ("no_oficial", "urbana"): q - r + a,
    }
    ep, eq, er = row["enrolment_public"], row["enrolment_private"], row["enrolment_rural"]

    # x = official-rural enrolment; the other three cells follow from the margins.
    def cells(x: int) -> dict[tuple[str, str], int]:
        return {
            ("oficial", "rural"): x,
            ("oficial", "urbana"): ep - x,
            ("no_oficial", "rural"): er - x,
            ("no_oficial", "urbana"): eq - er + x,
        }

    # Each cell needs at least one pupil per sede, and none where it has no sede.
    low = max(sedes[("oficial", "rural")], sedes[("no_oficial", "urbana")] - eq + er)
    high = min(ep - sedes[("oficial", "urbana")], er - sedes[("no_oficial", "rural")])
    for cell, n in sedes.items():
        if n == 0:
            pinned = {
                ("oficial", "rural"): 0,
                ("oficial", "urbana"): ep,
                ("no_oficial", "rural"): er,
                ("no_oficial", "urbana"): er - eq,
            }[cell]
            low, high = max(low, pinned), min(high, pinned)
    if low > high:
        raise ValueError(f"municipality {row['municipality_code']}: no split fits the totals")
    share = a / r if r else 0.0
    x = min(max(round(er * share), low), high)
    enrolment = cells(x)
    return {cell: (sedes[cell], enrolment[cell]) for cell in sedes}


def sede_sizes(rng: np.random.Generator, sedes: int, pupils: int) -> np.ndarray:
    """`sedes` sizes ≥ 1 adding up to `pupils`, skewed like real schools (few large ones)."""
    if sedes == 0:
        return np.zeros(0, dtype=np.int64)
    weights = rng.lognormal(0.0, 1.0, sedes)
    return 1 + rng.multinomial(pupils - sedes, weights / weights.sum())


def plan_sedes(rng: np.random.Generator, summary: list[dict[str, Any]]) -> list[SedeSpec]:
    specs: list[SedeSpec] = []
    for row in sorted(summary, key=lambda r: r["municipality_code"]):
        municipality = row["municipality_code"]
        # Nuevo Belén de Bajirá sedes keep Riosucio's code, as the real ones do.
        prefix = "27615" if municipality == schools.NUEVO_BELEN_DE_BAJIRA else municipality
        # Serial numbers from 900001 (950001 for Bajirá, which shares Riosucio's prefix)
        # keep synthetic codes apart from each other and easy to recognise.
        serial = 950000 if prefix != municipality else 900000
        for (sector, zone), (n, pupils) in split_cells(row).items():
            first = {"oficial": {"urbana": 1, "rural": 2}, "no_oficial": {"urbana": 3, "rural": 4}}[
                sector
            ][zone]
            for size in sede_sizes(rng, n, pupils):
                serial += 1
                specs.append(
                    SedeSpec(f"{first}{prefix}{serial:06d}", municipality, sector, zone, int(size))
                )
    return specs


GRADE_AXIS = (-2, -1, *range(0, 12))
PROFILES = {
    # escuela nueva: small rural sedes teach transición–5
    "primary": dict.fromkeys(range(0, 6), 1.0),
    "full": FULL_GRADE_WEIGHTS,
    # private urban sedes also have pre-jardín and jardín
    "preschool": {-2: 0.45, -1: 0.6, **FULL_GRADE_WEIGHTS},
}


def profile_of(spec: SedeSpec) -> str:
    if spec.zone == "rural" and spec.enrolment_2025 < PRIMARY_ONLY_BELOW:
        return "primary"
    if spec.sector == "no_oficial" and spec.zone == "urbana":
        return "preschool"
    return "full"


def explode(counts: np.ndarray, parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A (rows × categories) count matrix as flat non-zero cells: parent row, category, n."""
    row, category = np.nonzero(counts)
    return parent[row], category, counts[row, category]


def enrolment_columns(
    rng: np.random.Generator,
    specs: list[SedeSpec],
    years: np.ndarray,
    sede_index: np.ndarray,
    totals: np.ndarray,
) -> dict[str, np.ndarray]:
    """Split every sede-year total over grade, sex, nationality and age; draw outcomes.

    Vectorised: one multinomial or binomial draw per split for all sede-years at once.
    """
    profile = np.array([profile_of(specs[i]) for i in sede_index])
    by_grade = np.zeros((len(totals), len(GRADE_AXIS)), dtype=np.int64)
    for name, weights in PROFILES.items():
        rows = np.nonzero(profile == name)[0]
        p = np.array([weights.get(g, 0.0) for g in GRADE_AXIS])
        by_grade[rows] = rng.multinomial(totals[rows], p / p.sum())
    sy, grade_i, n = explode(by_grade, np.arange(len(totals)))
    grade = np.array(GRADE_AXIS)[grade_i]
    girls = rng.binomial(n, 0.49)
    sy, grade = np.concatenate([sy, sy]), np.concatenate([grade, grade])
    sex = np.repeat(np.array(["f", "m"]), len(girls))
    n = np.concatenate([girls, n - girls])
    # Venezuelan share by sector, zone, level and year; a few pupils of other nationalities.
    sector_zone = [(specs[i].sector, specs[i].zone) for i in sede_index]
    base = np.array([VEN_SHARE[k] for k in sector_zone])[sy]
    level = np.array([VEN_LEVEL_FACTOR[schools.GRADES[g].level] for g in GRADE_AXIS])
    level_factor = level[np.searchsorted(np.array(GRADE_AXIS), grade)]
    p_ven = base * level_factor * (1 - VEN_GROWTH_PER_YEAR * (BASE_YEAR - years[sy]))
    ven = rng.binomial(n, p_ven)
    oth = rng.binomial(n - ven, OTHER_NATIONALITY_SHARE)
    nat_counts = np.stack([n - ven - oth, ven, oth], axis=1)
    cell, nat_i, n = explode(nat_counts, np.arange(len(n)))
    nationality = np.array(["COL", "VEN", "OTH"])[nat_i]
    sy, grade, sex = sy[cell], grade[cell], sex[cell]
    ages = np.zeros((len(n), len(AGE_OFFSETS)), dtype=np.int64)
    for key in ("COL", "VEN"):
        rows = np.nonzero((nationality == "VEN") == (key == "VEN"))[0]
        ages[rows] = rng.multinomial(n[rows], AGE_OFFSET_SHARES[key])
    cell, offset, n = explode(ages, np.arange(len(n)))
    sy, grade, sex, nationality = sy[cell], grade[cell], sex[cell], nationality[cell]
    expected = np.array([schools.GRADES[g].expected_age or 0 for g in GRADE_AXIS])
    age = expected[np.searchsorted(np.array(GRADE_AXIS), grade)] + np.array(AGE_OFFSETS)[offset]
    rural = np.array([specs[i].zone == "rural" for i in sede_index])[sy]
    dropout = 0.025 * np.where(nationality == "VEN", 1.8, 1.0) * np.where(rural, 1.3, 1.0)
    withdrawn = rng.binomial(n, dropout)
    failed = rng.binomial(n - withdrawn, np.where(grade <= 0, 0.005, 0.045))
    repeating = rng.binomial(n, np.where(grade <= 0, 0.01, 0.035))
    codes = np.array([s.code for s in specs])
    return {
        "year": years[sy],
        "sede_code": codes[sede_index[sy]],
        "grade": grade,
        "sex": sex,
        "age": age,
        "nationality": nationality,
        "enrolled": n,
        "withdrawn": withdrawn,
        "passed": n - withdrawn - failed,
        "failed": failed,
        "repeating": repeating,
    }


def generate_tables(
    summary: list[dict[str, Any]], *, seed: int, etc_of: dict[str, str] | None = None
) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    specs = plan_sedes(rng, summary)
    base = np.array([s.enrolment_2025 for s in specs])
    sede_index = np.tile(np.arange(len(specs)), len(YEARS))
    years = np.repeat(np.array(YEARS), len(specs))
    shrink = (1 - YEARLY_GROWTH) ** (BASE_YEAR - years)
    totals = np.where(
        years == BASE_YEAR,
        base[sede_index],
        np.maximum(1, rng.binomial(base[sede_index], np.minimum(1.0, shrink))),
    )
    label = {"source": SOURCE, "vintage": f"seed-{seed}", "is_synthetic": True}
    sede_records = [
        {
            "year": int(year),
            "sede_code": specs[i].code,
            "sede_name": f"Sede sintética {specs[i].code[-4:]}",
            "establishment_code": specs[i].code,
            "municipality_code": specs[i].municipality_code,
            "etc_code": (etc_of or {}).get(specs[i].municipality_code),
            "zone": specs[i].zone,
            "sector": specs[i].sector,
            "teachers": max(
                1, round(int(total) / STUDENTS_PER_TEACHER[(specs[i].sector, specs[i].zone)])
            ),
            "enrolment": int(total),
            **label,
        }
        for i, year, total in zip(sede_index, years, totals, strict=True)
    ]
    columns = enrolment_columns(rng, specs, years, sede_index, totals)
    rows = len(columns["year"])
    enrolment = pa.table(
        {
            **{name: pa.array(values) for name, values in columns.items()},
            "source": pa.array([SOURCE] * rows),
            "vintage": pa.array([label["vintage"]] * rows),
            "is_synthetic": pa.array([True] * rows),
        }
    ).cast(SEDE_ENROLMENT_SCHEMA)
    return pa.Table.from_pylist(sede_records, schema=SEDE_SCHEMA), enrolment


def generate_synthetic_sedes(warehouse: Warehouse, *, seed: int = 2025) -> ImportReport:
    """Generate and publish synthetic `sede` and `sede_enrolment` rows (source `synthetic`).

    Needs `sede_summary_municipality` (import men-sedes-2025 first). Idempotent: the same
    seed on the same totals publishes nothing new.
    """
    report = ImportReport(SOURCE)
    if not warehouse.has("sede_summary_municipality"):
        report.refused = True
        report.problems.append(
            Problem(
                0,
                "",
                "sede_summary_municipality",
                "import men-sedes-2025 first: the synthetic sedes reproduce its municipal totals",
            )
        )
        return report
    summary = [
        r for r in warehouse.read("sede_summary_municipality").to_pylist() if r["year"] == BASE_YEAR
    ]
    etc_of: dict[str, str] = {}
    if warehouse.has("municipality_etc"):
        etc_of = {
            r["municipality_code"]: r["etc_code"]
            for r in warehouse.read("municipality_etc").to_pylist()
        }
    report.rows_read = len(summary)
    sede, enrolment = generate_tables(summary, seed=seed, etc_of=etc_of)
    report.rows_imported = len(summary)
    report.details = {
        "synthetic": True,
        "sedes": len(set(sede.column("sede_code").to_pylist())),
        "sede_years": sede.num_rows,
        "enrolment_rows": enrolment.num_rows,
        "years": list(YEARS),
    }
    return finish(
        report,
        warehouse,
        Merge(
            tables={"sede": (sede, KEYS), "sede_enrolment": (enrolment, KEYS)},
            meta={"source": SOURCE, "vintage": f"seed-{seed}", "synthetic": "yes"},
        ),
        dry_run=False,
    )
