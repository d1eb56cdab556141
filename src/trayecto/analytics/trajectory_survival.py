"""True cohort survival: the students of one entry grade in one year followed across every
later year loaded, and the share of them that reached each grade.

The students are followed along the links of consecutive years (trajectory_sql/link.sql:
document, then name/birth/sex), so a student who leaves for a year and comes back is lost to
the cohort from the year it left. `domain/trajectory.py` (`survival`) is the plain reference,
property-tested against this SQL. Methodology: docs/methodology/trajectory.md.
"""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.analytics import aggregation, areas
from trayecto.analytics.trajectory import (
    LEVEL_COLUMN,
    SQL,
    TrajectoryUnavailable,
    etc_of,
    years_loaded,
)
from trayecto.domain import trajectory as rules
from trayecto.domain.geography import NATION_CODE
from trayecto.warehouse import engine


def link_next(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """`links_next`: the students of `year` paired with those of `year` + 1."""
    for name, y in (("link_left", year), ("link_right", year + 1)):
        engine.execute(
            con,
            f"create or replace temp table {name} as "  # noqa: S608
            "select student_id, link_id from student_year where year = $y",
            {"y": y},
        )
    engine.execute(
        con,
        "create or replace temp table links_next as "
        + (SQL / "link.sql").read_text(encoding="utf-8"),
    )


def survival(
    con: duckdb.DuckDBPyConnection,
    *,
    year: int,
    grade: int,
    level: str,
    area: str | None = None,
) -> list[dict[str, Any]]:
    """Per area of `level`: the cohort of grade `grade` in `year` and, for each grade from
    `grade` to the highest it could reach by the last consecutive year loaded, how many of
    its students were seen in that grade or a higher one, and their share in percent."""
    loaded = years_loaded(con)
    if year not in loaded or year + 1 not in loaded:
        usable = [y for y in loaded if y + 1 in loaded]
        raise TrajectoryUnavailable(
            f"a cohort of {year} needs the student files of {year} and later years; years "
            "that can be asked: " + (", ".join(map(str, usable)) or "none")
        )
    last = year
    while last + 1 in loaded:
        last += 1
    engine.execute(con, "set enable_progress_bar = false")
    con.register("sede_place", aggregation.sede_map(con))
    con.register("etc_of", etc_of(con))
    engine.execute(
        con,
        (SQL / "student_year.sql").read_text(encoding="utf-8"),
        {"nation": NATION_CODE, "first": year, "last": last},
    )
    engine.execute(
        con,
        "create or replace temp table chain as select student_id as cohort_id, year, "
        "student_id from student_year where year = $year and grade = $grade",
        {"year": year, "grade": grade},
    )
    for y in range(year, last):
        link_next(con, y)
        engine.execute(
            con,
            "insert into chain select c.cohort_id, $next, l.right_id from chain c "
            "join links_next l on l.left_id = c.student_id where c.year = $y",
            {"y": y, "next": y + 1},
        )
    column = LEVEL_COLUMN[level]
    grades = rules.survival_grades(grade, last - year)
    counted = engine.rows(
        con,
        f"with seen as ({(SQL / 'survival.sql').read_text(encoding='utf-8')}) "  # noqa: S608
        f"select {column} as area_code, count(*) as cohort, "
        + ", ".join(f"count(*) filter (where highest_grade >= {g}) as g{g}" for g in grades)
        + f" from seen where {column} is not null and ($area is null or $area in "
        "(sede_code, municipality_code, etc_code, department_code, nation_code)) "
        "group by all order by area_code",
        {"year": year, "grade": grade, "area": area},
    )
    names = areas.area_names(con, level)
    result = []
    for row in counted:
        code = str(row["area_code"])
        reached = {g: int(row[f"g{g}"]) for g in grades}
        result.append(
            {
                "area_code": code,
                "area_name": names.get(code, code),
                "entry_year": year,
                "entry_grade": grade,
                "last_year": last,
                "cohort": int(row["cohort"]),
                "survival": rules.survival_rates(int(row["cohort"]), reached, year),
            }
        )
    return result
