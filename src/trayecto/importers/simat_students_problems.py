"""`simat-estudiantes`' bad rows in words, never with a value that identifies a student:
the staged rows' problem codes as messages, and the warnings across rows (the same row
twice, a student enrolled at two sedes at once)."""

from __future__ import annotations

import re

import duckdb

from trayecto.domain import schools
from trayecto.domain.problems import Problem
from trayecto.importers.simat_students_columns import IDENTIFYING, ColumnMap
from trayecto.warehouse import engine

MESSAGES = {
    "year:year": "year must be a four-digit year, e.g. 2025",
    "document_type:type": "the document type is missing or not a code such as RC, TI, CC, NES, PPT",
    "document_number:format": (
        "the document number must have 3 to 20 letters or digits (the value is not shown: "
        "it identifies the student)"
    ),
    "first_name:empty": "the first name is empty",
    "first_surname:empty": "the first surname is empty",
    "birth_date:date": (
        "the birth date must be YYYY-MM-DD or DD/MM/YYYY and a real date (the value is not "
        "shown: it identifies the student)"
    ),
    "birth_date:range": (
        "the birth date must be at least two years before the school year and after 1900 "
        "(the value is not shown)"
    ),
    "sex:sex": "sex must be F or M",
    "country:empty": "the country of origin is empty; write COL, VEN or the country",
    "sede_code:format": "must be the 12-digit DANE code of the sede",
    "sede_code:prefix": (
        "digits 2–6 ({prefix}) are not a known municipality code: check the sede code"
    ),
    "grade:grade": "not a MEN grade code; use one of " + ", ".join(str(g) for g in schools.GRADES),
    "status:status": "estado must be MATRICULADO, RETIRADO or TRASLADADO",
    "result:result": "resultado must be APROBADO, REPROBADO or empty",
    "zone:zone": "zone must be URBANA or RURAL",
    "sector:sector": "sector must be OFICIAL or NO OFICIAL",
}
# Warnings of one kind listed row by row up to this many (then one line says how many more).
LISTED_WARNINGS = 1000


# The values of the columns that do not identify a student are codes and words, shown back
# to say what is wrong. A longer one, or one with a line break, a quote or a delimiter, is a
# row misread: a quote left open takes in the rest of the file, names included.
SHOWN_LENGTH = 40
NOT_SHOWN = re.compile(r'[\n\r";,\t|]')


def row_problem(columns: ColumnMap, code: str, value: str, prefix: str | None) -> Problem:
    column = code.split(":")[0]
    misread = len(value or "") > SHOWN_LENGTH or bool(NOT_SHOWN.search(value or ""))
    shown = "" if column in IDENTIFYING or misread else value
    return Problem(0, columns.header(column), shown, MESSAGES[code].format(prefix=prefix))


# The cross-row checks read every good row: written with `execute` (no read time limit, as
# every import statement), then only the few rows found are read back.
# Two equal rows are rows of the same student and year: only the students with several rows
# in a year (a few in a hundred, found by a count) go through the window, which sorted every
# row of the file and spilled to disk at 10 million rows (27 of the import's 150 CPU seconds).
DUPLICATES_SQL = """
create temp table duplicate_row as
with several as (
    select year, student_id from staged where problem is null and not blank
    group by year, student_id having count(*) > 1
)
select r, first_r from (
    select rowid as r, min(rowid) over (
        partition by year, sede_code, student_id, link_id, document_type, birth_year,
        birth_month, sex, nationality, grade, status, result, zone, sector, shift
    ) as first_r
    from staged semi join several using (year, student_id)
    where problem is null and not blank
) where r > first_r
"""
# (two sedes: a minimum unlike the maximum, which costs less than counting distinct codes)
TWO_SEDES_SQL = """
create temp table two_sedes_row as
with twice as (
    select year, student_id from staged
    where problem is null and not blank and status = 'matriculado'
    group by year, student_id having min(sede_code) <> max(sede_code)
)
select r, first_r from (
    select r, sede_code,
        first_value(r) over (partition by year, student_id order by r) as first_r,
        first_value(sede_code) over (partition by year, student_id order by r) as first_sede
    from (
        select rowid as r, year, student_id, sede_code from staged
        where problem is null and not blank and status = 'matriculado'
    ) semi join twice using (year, student_id)
) where r > first_r and sede_code <> first_sede
"""


def cross_row_warnings(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """Exact duplicates (counted once by the trajectory) and a student enrolled in two
    sedes at once: (row position, message with `{position}` of the other row)."""
    engine.execute(con, DUPLICATES_SQL)
    engine.execute(con, TWO_SEDES_SQL)
    limit = {"limit": LISTED_WARNINGS}
    found: list[tuple[int, str]] = [
        (r, f"the same row as line {{{first_r}}}: counted once")
        for r, first_r in engine.values(
            con, "select r, first_r from duplicate_row order by r limit $limit", limit
        )
    ]
    found += [
        (
            r,
            f"the same student is MATRICULADO at another sede on line {{{first_r}}}: "
            "the trajectory counts the last row; check which sede is right",
        )
        for r, first_r in engine.values(
            con, "select r, first_r from two_sedes_row order by r limit $limit", limit
        )
    ]
    return found
