"""Selectors and access rule behind the sede page (no HTTP here).

Who sees school-level pages (DESIGN.md, Users): the cluster admin and IM officers, for the
whole country; a LEG coordinator, the sedes of their departments; a Secretaría (ETC) analyst,
the sedes of their ETC. Partner focal points and viewers/donors see published aggregates
only: a sede is below what is published (docs/methodology/school-level.md, Access).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trayecto.analytics import aggregation, areas, compute, registry
from trayecto.domain import schools
from trayecto.warehouse import engine
from trayecto.web.statistics.explorer import warehouse

# The school-level indicators a sede page shows, in this order (all sexes together).
SEDE_INDICATORS = (
    "desercion_sede",
    "aprobacion_sede",
    "extraedad",
    "estudiantes_venezolanos",
    "estudiantes_por_docente",
)
# One row per sede: a SIMAT export before an emergency list before synthetic data
# (the same order as the students-per-teacher query).
SEDE_SQL = """
select s.*, coalesce(s.etc_code, m.etc_code)::varchar as etc
from sede s
left join (
    select municipality_code::varchar as municipality_code, etc_code::varchar as etc_code
    from municipality_etc qualify year = max(year) over ()
) m on m.municipality_code = s.municipality_code
where s.sede_code = $code
order by s.year desc,
         case s.source when 'sede-matricula' then 1 when 'affected-schools' then 2 else 3 end
limit 1
"""
SEDE_SQL_NO_ETC = """
select s.*, s.etc_code::varchar as etc
from sede s
where s.sede_code = $code
order by s.year desc,
         case s.source when 'sede-matricula' then 1 when 'affected-schools' then 2 else 3 end
limit 1
"""
# Enrolment of the latest year by grade, sex and nationality, one source (real first).
ENROLMENT_SQL = """
select grade, sex, nationality, sum(enrolled)::bigint as enrolled,
       any_value(source) as source, bool_or(is_synthetic) as is_synthetic
from sede_enrolment
where sede_code = $code and year = $year
  and source = (select source from sede_enrolment
                where sede_code = $code and year = $year
                group by source order by bool_or(is_synthetic), source limit 1)
group by all
order by grade, sex, nationality
"""
AFFECTED_SQL = "select * from affected_school where sede_code = $code order by event"


@dataclass
class SedePage:
    code: str
    sede: dict[str, Any]
    department_code: str
    department_name: str
    municipality_name: str
    etc_code: str
    etc_name: str
    year: int
    synthetic: bool
    grades: list[dict[str, Any]] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    emergencies: list[dict[str, Any]] = field(default_factory=list)


def sede_page(code: str) -> SedePage | None:
    """Everything the sede page shows, or None when no source lists this sede."""
    store = warehouse()
    try:
        con, _ = compute.reader(store)
    except compute.MissingData:
        return None
    present = areas.tables(con)
    if "sede" not in present:
        return None
    sql = SEDE_SQL if "municipality_etc" in present else SEDE_SQL_NO_ETC
    found = engine.rows(con, sql, {"code": code})
    if not found:
        return None
    sede = found[0]
    municipality = sede["municipality_code"] or code[1:6]
    department = municipality[:2]
    etc = str(sede["etc"] or "")
    page = SedePage(
        code=code,
        sede=sede,
        department_code=department,
        department_name=areas.area_names(con, "department").get(department, department),
        municipality_name=areas.area_names(con, "municipality").get(municipality, municipality),
        etc_code=etc,
        etc_name=areas.area_names(con, "etc").get(etc, etc) if etc else "",
        year=int(sede["year"]),
        synthetic=bool(sede["is_synthetic"]),
    )
    if "sede_enrolment" in present:
        add_enrolment(page, engine.rows(con, ENROLMENT_SQL, {"code": code, "year": page.year}))
    add_indicators(page)
    if "affected_school" in present:
        page.emergencies = engine.rows(con, AFFECTED_SQL, {"code": code})
    return page


def add_enrolment(page: SedePage, cells: list[dict[str, Any]]) -> None:
    """Pivot: one row per grade, a column per sex × nationality, totals."""
    page.nationalities = sorted({c["nationality"] or "?" for c in cells})
    by_grade: dict[int, dict[str, Any]] = {}
    for c in cells:
        info = schools.GRADES.get(c["grade"])
        row = by_grade.setdefault(
            c["grade"],
            {
                "grade": c["grade"],
                "name_es": info.name_es if info else str(c["grade"]),
                "name_en": info.name_en if info else str(c["grade"]),
                "cells": {},
                "total": 0,
            },
        )
        key = f"{c['sex']}-{c['nationality'] or '?'}"
        row["cells"][key] = row["cells"].get(key, 0) + c["enrolled"]
        row["total"] += c["enrolled"]
        page.synthetic = page.synthetic or bool(c["is_synthetic"])
    columns = [f"{s}-{n}" for s in ("f", "m") for n in page.nationalities]
    for row in by_grade.values():
        row["values"] = [row["cells"].get(k, 0) for k in columns]
    page.grades = [by_grade[g] for g in sorted(by_grade)]


def add_indicators(page: SedePage) -> None:
    store = warehouse()
    years: set[int] = set()
    for code in SEDE_INDICATORS:
        indicator = registry.get(code)
        try:
            rows = compute.run(store, compute.Query(code, "sede", area=page.code))
        except (compute.MissingData, aggregation.MissingGeography):
            continue
        by_year = {r["year"]: r for r in rows if r["sex"] is None}
        if not by_year:
            continue
        years |= set(by_year)
        latest = by_year[max(by_year)]
        page.synthetic = page.synthetic or any(
            r["provenance"]["synthetic"] for r in by_year.values()
        )
        page.indicators.append({"indicator": indicator, "by_year": by_year, "latest": latest})
    page.years = sorted(years)
    for item in page.indicators:
        item["trend"] = [item["by_year"].get(y) for y in page.years]
