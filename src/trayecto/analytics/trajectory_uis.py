"""UIS's reconstructed cohort beside the true one: enrolment by grade in two consecutive
years and the repeaters of the second, made from the same student rows, give flow rates per
grade; a cohort of 1,000 is flowed through them (domain/trajectory_uis.py).

The grade counts are SQL (trajectory_sql/uis_grade_counts.sql) over `student_year` and the
links of the two years; `domain/trajectory_uis.grade_counts` is their plain reference,
property-tested against this. Methodology: docs/methodology/trajectory.md.
"""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics import aggregation, trajectory_survival
from trayecto.analytics.trajectory import (
    LEVEL_COLUMN,
    SQL,
    TrajectoryUnavailable,
    etc_of,
    years_loaded,
)
from trayecto.domain import trajectory_uis as uis
from trayecto.domain.geography import NATION_CODE
from trayecto.warehouse import engine


def grade_counts(
    con: duckdb.DuckDBPyConnection, *, year: int, level: str, area: str | None = None
) -> dict[str, uis.GradeCounts]:
    """area of `level` -> E(g, `year`), E(g, `year` + 1) and R(g, `year` + 1)."""
    loaded = years_loaded(con)
    if year not in loaded or year + 1 not in loaded:
        usable = [y for y in loaded if y + 1 in loaded]
        raise TrajectoryUnavailable(
            f"the grade counts of {year} need the student files of {year} and {year + 1}; "
            "years that can be asked: " + (", ".join(map(str, usable)) or "none")
        )
    engine.execute(con, "set enable_progress_bar = false")
    con.register("sede_place", aggregation.sede_map(con))
    con.register("etc_of", etc_of(con))
    engine.execute(
        con,
        (SQL / "student_year.sql").read_text(encoding="utf-8"),
        {"nation": NATION_CODE, "first": year, "last": year + 1},
    )
    trajectory_survival.link_next(con, year)
    column = LEVEL_COLUMN[level]
    rows = engine.rows(
        con,
        f"with counted as ({(SQL / 'uis_grade_counts.sql').read_text(encoding='utf-8')}) "  # noqa: S608
        f"select {column} as area_code, grade, sum(enrolled) as enrolled, "
        "sum(enrolled_next) as enrolled_next, sum(repeater_next) as repeaters_next "
        f"from counted where {column} is not null and ($area is null or $area in "
        "(sede_code, municipality_code, etc_code, department_code, nation_code)) "
        "group by all order by all",
        {"year": year, "area": area},
    )
    table: dict[str, uis.GradeCounts] = {}
    for row in rows:
        counts = table.setdefault(str(row["area_code"]), uis.GradeCounts())
        grade = int(row["grade"])
        for name in ("enrolled", "enrolled_next", "repeaters_next"):
            if row[name]:
                getattr(counts, name)[grade] = int(row[name])
    return table


def beside_true_survival(
    con: duckdb.DuckDBPyConnection,
    *,
    year: int,
    grade: int,
    level: str,
    area: str | None = None,
) -> list[dict[str, Any]]:
    """The true survival of each area (trajectory_survival.survival) with UIS's reconstructed
    cohort of the same area beside it: the rates of `year` → `year` + 1 per grade (`uis`)
    and, in each step, `uis_by_last_year` (the reconstruction flowed for as many years as the
    true cohort was followed), `uis_eventual` (UIS's survival rate to grade) and
    `difference` (true − `uis_by_last_year`, in percentage points)."""
    found = trajectory_survival.survival(con, year=year, grade=grade, level=level, area=area)
    counts = grade_counts(con, year=year, level=level, area=area)
    for row in found:
        reconstructed = uis.survival(
            counts.get(row["area_code"], uis.GradeCounts()), grade, row["last_year"] - year
        )
        by_grade = {s["grade"]: s for s in reconstructed["survival"]}
        for step in row["survival"]:
            estimate = by_grade[step["grade"]]
            step["uis_by_last_year"] = estimate["by_last_year"]
            step["uis_eventual"] = estimate["eventual"]
            step["difference"] = uis.difference(step["rate"], estimate["by_last_year"])
        row["uis"] = reconstructed
    return found
