"""`sede-matricula`'s bad rows in words: the staged rows' problem codes as messages, and
the problems across rows (a repeated cell, a sede-year whose rows disagree), found in DuckDB
and worded here on the line users see."""

from __future__ import annotations

import duckdb

from trayecto.domain import schools
from trayecto.domain.bounds import SEDE_ROW_COUNT
from trayecto.domain.problems import Problem
from trayecto.importers import cells
from trayecto.importers.sede_matricula_columns import SEDE_ATTRIBUTES, ColumnMap
from trayecto.warehouse import engine

# Problem code of the rows SQL -> message (values of the row filled in by `row_problem`).
MESSAGES = {
    "year:year": "year must be a four-digit year, e.g. 2025",
    "sede_code:format": "must be the 12-digit DANE code of the sede",
    "sede_code:prefix": (
        "digits 2–6 ({prefix}) are not a known municipality code: check the sede code"
    ),
    "municipality_code:format": "must be a 5-digit DIVIPOLA code",
    "municipality_code:unknown": "not a known municipality code",
    "grade:grade": "not a MEN grade code; use one of " + ", ".join(str(g) for g in schools.GRADES),
    "sex:sex": "sex must be F or M",
    "age:age": "age must be a whole number of years from 0 to 99",
    "nationality:nationality": "nationality must be COL, VEN or OTH",
    "count": "must be a whole number ≥ 0",
    "enrolled:outcomes": (
        "withdrawn + passed + failed = {outcomes} is more than the {enrolled} enrolled on this row"
    ),
    "repeating:more": "more repeating students than enrolled on this row",
    "zone:zone": "zone must be URBANA or RURAL",
    "sector:sector": "sector must be OFICIAL or NO OFICIAL",
    "establishment_code:format": "must be a 12-digit DANE code",
}


def _number(text: str) -> float:
    try:
        return float(cells.parse_integer(text))
    except cells.CellError:
        return float(SEDE_ROW_COUNT.high + 1)


def row_problem(
    line: int,
    columns: ColumnMap,
    code: str,
    value: str,
    outcomes: int | None,
    enrolled: int | None,
    prefix: str | None,
) -> Problem:
    column, check = code.split(":")
    if check == "bound":  # the one plausibility bound of domain/bounds.py, worded there
        return Problem(
            line, columns.header(column), value, SEDE_ROW_COUNT.refusal(_number(value)) or ""
        )
    template = MESSAGES.get(code) or MESSAGES[check]
    message = template.format(prefix=prefix, outcomes=outcomes, enrolled=enrolled)
    return Problem(line, columns.header(column), shortened(value or ""), message)


# A cell is shown back as it is, up to this many characters: a quote left open takes in the
# rest of the file as one cell, which no report should repeat.
SHOWN_LENGTH = 100


def shortened(value: str) -> str:
    return value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"


DUPLICATES_SQL = """
with good as (
    select * from staged where problem is null and not blank
),
first_row as (select year, sede_code, min(r) as first_r from good group by all),
compared as (
    select g.r, g.year, g.sede_code, g.grade, g.sex, g.age, g.nationality,
        [g.sede_name, g.establishment_code, g.municipality_code, g.zone, g.sector,
         g.teachers::varchar] as attributes,
        [f.sede_name, f.establishment_code, f.municipality_code, f.zone, f.sector,
         f.teachers::varchar] as first_attributes,
        f.r as first_r
    from good g join first_row using (year, sede_code) join good f on f.r = first_row.first_r
),
accepted_first as (
    select year, sede_code, grade, sex, age, nationality, min(r) as accepted_r
    from compared where attributes is not distinct from first_attributes group by all
)
select c.r, a.accepted_r, c.first_r, c.attributes, c.first_attributes
from compared c left join accepted_first a using (year, sede_code, grade, sex, age, nationality)
where a.accepted_r < c.r or c.attributes is distinct from c.first_attributes
order by c.r
"""

# Whether some rows repeat a cell: within a sede-year, grade, sex and nationality, the ages
# of the rows as the bits of one 128-bit number (ages 0 to MAX_AGE, 99); fewer bits set than
# rows means two rows of one age. Half the CPU of grouping by the age too, where nearly
# every group is one row (a national year: 0.7 s against 1.3 s).
REPEATS_SQL = """
select count(*) from (
    select 1 from staged where problem is null and not blank
    group by year, sede_code, grade, sex, nationality
    having count(*) > bit_count(bit_or(1::hugeint << age::hugeint))
)
"""
AGE_BITS = 127  # the bits of a hugeint that a shift of 1 can set

ATTRIBUTES_DIFFER = " or ".join(
    f"(count({a}) > 0 and count({a}) < count(*)) or min({a}) <> max({a})" for a in SEDE_ATTRIBUTES
)


def cross_row_problems(
    con: duckdb.DuckDBPyConnection, columns: ColumnMap
) -> list[tuple[int, Problem]]:
    """Rows repeating a cell, or disagreeing with the first row of their sede-year on an
    attribute: the same outcome as reading the rows one by one, computed only when the
    cheap counts say there are some (the sede-years that disagree are marked `differs` in
    the table `incoming_sede`, by ATTRIBUTES_DIFFER). Returns (row position, problem with
    line to fill)."""
    [(repeated,)] = engine.values(con, REPEATS_SQL)
    [(differing,)] = engine.values(con, "select count(*) from incoming_sede where differs")
    if not repeated and not differing:
        return []
    found: list[tuple[int, Problem]] = []
    for r, accepted_r, first_r, attributes, first_attributes in engine.values(con, DUPLICATES_SQL):
        if accepted_r is not None and accepted_r < r:
            found.append(
                (
                    r,
                    Problem(
                        0,
                        "",
                        "",
                        "same sede, year, grade, sex, age and nationality as line "
                        f"{{{accepted_r}}}: merge the two rows into one",
                    ),
                )
            )
            continue
        i = next(
            i for i, (a, b) in enumerate(zip(attributes, first_attributes, strict=True)) if a != b
        )
        name = SEDE_ATTRIBUTES[i]
        first = first_attributes[i]
        shown = int(first) if name == "teachers" and first is not None else first
        shown = shortened(shown) if isinstance(shown, str) else shown
        found.append(
            (
                r,
                Problem(
                    0,
                    columns.header(name),
                    shortened(str(attributes[i] or "")),
                    f"line {{{first_r}}} gives {shown!r} for this sede and year: "
                    "one sede has one value",
                ),
            )
        )
    return found
