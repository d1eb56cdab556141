"""The ETPV indicators per ETC, computed from the SIMAT student files an ETC has loaded
(`simat-estudiantes`, warehouse table `student_enrolment`; docs/methodology/etpv.md).

Each student counts once a year, at the row the trajectory counts (analytics/trajectory_sql/
student_year.sql: the last row that is not TRASLADADO), in the ETC of that row's sede.
Venezuelan: nationality VEN, or a document of the statute (PEP, PPT) whatever the country
column says. What the files cannot say (pre-registration in the RUMV, biometrics) partners
still report on the plan's actions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from trayecto.analytics import aggregation, areas
from trayecto.analytics.trajectory import etc_of
from trayecto.domain.geography import NATION_CODE
from trayecto.warehouse import engine

STUDENT_YEAR = Path(__file__).parent / "trajectory_sql" / "student_year.sql"
TABLE = "student_enrolment"


@dataclass(frozen=True)
class EtcDocuments:
    """One ETC's Venezuelan students in one school year, by document."""

    etc_code: str
    year: int
    venezuelan: int
    nes: int
    pep: int
    ppt: int
    other: int
    ppt_share_pct: float | None  # PPT / Venezuelan × 100, one decimal
    grade_11_without_ppt: int
    is_synthetic: bool  # some row came from a synthetic (demo) file

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def years_loaded(con: duckdb.DuckDBPyConnection) -> list[int]:
    if TABLE not in areas.tables(con):
        return []
    return [
        int(y)
        for (y,) in engine.values(con, "select distinct year from student_enrolment order by 1")
    ]


# grade 11: the last grade, in which a student with an NES cannot graduate
QUERY = """
with synthetic as (
    select sede_code, bool_or(is_synthetic) as is_synthetic
    from student_enrolment where year = $year group by 1
),
counted as (
    select y.etc_code, y.document_type, y.grade, s.is_synthetic
    from student_year y
    join synthetic s using (sede_code)
    where y.year = $year and y.etc_code is not null
      and (y.nationality = 'VEN' or y.document_type in ('PEP', 'PPT'))
)
select
    etc_code,
    count(*) as venezuelan,
    count(*) filter (where document_type = 'NES') as nes,
    count(*) filter (where document_type = 'PEP') as pep,
    count(*) filter (where document_type = 'PPT') as ppt,
    count(*) filter (where document_type not in ('NES', 'PEP', 'PPT')) as other,
    count(*) filter (where grade = 11 and document_type <> 'PPT') as grade_11,
    bool_or(is_synthetic) as is_synthetic
from counted
group by etc_code
order by etc_code
"""


def etc_documents(con: duckdb.DuckDBPyConnection, year: int | None = None) -> list[EtcDocuments]:
    """Every ETC with student files for `year` (the latest loaded when None): its Venezuelan
    students by document type, the share with a PPT and the grade-11 students without one.
    Empty when no student file is loaded (the ETCs that send none have no row)."""
    loaded = years_loaded(con)
    if not loaded:
        return []
    year = loaded[-1] if year is None else year
    if year not in loaded:
        return []
    con.register("sede_place", aggregation.sede_map(con))
    con.register("etc_of", etc_of(con))
    engine.execute(
        con,
        STUDENT_YEAR.read_text(encoding="utf-8"),
        {"nation": NATION_CODE, "first": year, "last": year},
    )
    found = engine.query(con, QUERY, {"year": year}).to_pylist()
    return [
        EtcDocuments(
            etc_code=str(r["etc_code"]), year=year, venezuelan=r["venezuelan"], nes=r["nes"],
            pep=r["pep"], ppt=r["ppt"], other=r["other"],
            ppt_share_pct=round(100 * r["ppt"] / r["venezuelan"], 1) if r["venezuelan"] else None,
            grade_11_without_ppt=r["grade_11"], is_synthetic=bool(r["is_synthetic"]),
        )
        for r in found
    ]  # fmt: skip
