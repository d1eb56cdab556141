"""sede-matricula's fast pass: a row it types gets the very values, and a row it leaves the
very problem, that the cell-by-cell checks (sede_matricula_rows.sql) give it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.importers.test_sede_matricula import GOOD, HEADER, write_csv
from tests.support.schools import publish_divipola_municipalities
from trayecto.domain import schools
from trayecto.importers import sede_matricula, sede_matricula_stage
from trayecto.importers.school_places import load_places
from trayecto.importers.sede_matricula_columns import map_columns
from trayecto.importers.sede_matricula_problems import AGE_BITS, REPEATS_SQL
from trayecto.importers.staging import known_codes, open_csv, staging
from trayecto.warehouse import Warehouse, engine

# Spellings of each column, plain and not, good and bad (one changed cell per row).
SPELLINGS: dict[str, list[str]] = {
    "AÑO": ["2025", "02025", "2025.0", "2,025", " 2025", "1999", "2101", "+2025", "", "x"],
    "CÓDIGO DANE SEDE": [
        "127001003453", "027001003453", "12700100345", "1270010034531", "199999003453",
        "1.27001E+11", " 127001003453", "127001003453 ", "-27001003453", "+27001003453",
        "1-7001003453", "",
    ],
    "NOMBRE SEDE": ["SEDE A", " SEDE A ", "", "Sede á"],
    "CÓDIGO MUNICIPIO": ["", "27001", "5001", "05001", "27 001", "99999", "2700", "270010", "x"],
    "ZONA": ["URBANA", "urbana", "Urbano", "RURAL", " rural", "URBANA ", "MIXTA", ""],
    "SECTOR": ["OFICIAL", "NO OFICIAL", "no_oficial", "NO_OFICIAL", "Privado", "público", ""],
    "DOCENTES": ["3", "03", "3.0", "3,0", "0", "-1", "50000", "50001", "1e2", "", "99999999999"],
    "GRADO": ["1", "-2", "-0", "01", "+1", "1.0", "11", "12", "99", "-3", "", "x"],
    "SEXO": ["F", "f", "M", "Femenino", "MUJER", "hombre", " F", "X", "", "Ḟ"],
    "EDAD": ["6", "06", "6.0", "+6", "-1", "0", "99", "100", "1e1", "0x6", ""],
    "NACIONALIDAD": ["COL", "col", "Ven", "VENEZOLANA", "Otro", "oth", " COL", "PERU", ""],
    "MATRICULADOS": [
        "20", "020", "20.0", "20,0", "1.020", "1,020", "1 020", "1_020", "+20", "-3", "2.5",
        "1e3", "0x14", "\t20", "50000", "50001", "99999999999999999999", "0", "",
    ],
    "RETIRADOS": ["1", "01", "1.0", "", "-1", "21", "1.5", "50001"],
    "APROBADOS": ["17", "17.00", "", "30", "1_7"],
    "REPROBADOS": ["2", "", "+2", "2,5"],
    "REPITENTES": ["1", "", "001", "21", "30", "x"],
    "CÓDIGO DANE ESTABLECIMIENTO": [
        "127001003453", "", "27001003453", "-27001003453", "+27001003453", "1270010034531",
    ],
}  # fmt: skip
# The test's files have an establishment column besides the usual ones (the last).
COLUMNS = [*HEADER, "CÓDIGO DANE ESTABLECIMIENTO"]
GOOD_ROWS = [[*row, "127001003453"] for row in GOOD]


def _staged(places: Warehouse, path: Path) -> list[dict[str, Any]]:
    source = open_csv(path)
    columns, _ = map_columns(path, source.headers)
    known = load_places(places, str(path))
    with staging(places) as (con, folder):
        sede_matricula_stage.stage_rows(con, folder, source, columns, known)
        fields = ", ".join(sede_matricula_stage.STAGED_COLUMNS)
        return engine.rows(con, f"select fast, {fields} from staged order by r")  # noqa: S608


@pytest.fixture
def places(warehouse: Warehouse, shared_data: Path) -> Warehouse:
    publish_divipola_municipalities(warehouse, shared_data)
    return warehouse


def test_the_fast_pass_gives_what_the_cell_by_cell_checks_give(
    places: Warehouse, tmp_path: Path
) -> None:
    records = [row.copy() for row in GOOD_ROWS]
    for column, spellings in SPELLINGS.items():
        for spelling in spellings:
            record = GOOD_ROWS[0].copy()
            record[COLUMNS.index(column)] = spelling
            records.append(record)
    # The same rows with a space before the grade: the checks trim it, the fast pass types
    # no such row, so every row of the second file goes through the cell-by-cell checks.
    spaced = [[*r[:7], " " + r[7], *r[8:]] for r in records]
    fast = _staged(places, write_csv(tmp_path / "plain.csv", records, COLUMNS))
    checked = _staged(places, write_csv(tmp_path / "spaced.csv", spaced, COLUMNS))
    assert not any(row["fast"] for row in checked)
    assert 0 < sum(row["fast"] for row in fast) < len(records)
    for row in fast + checked:
        del row["fast"]
    assert fast == checked
    assert sum(row["problem"] is None for row in fast) > len(GOOD)


def test_a_bad_row_deep_in_a_large_file_is_reported_on_its_own_line(
    places: Warehouse, tmp_path: Path
) -> None:
    """DuckDB reads a file of this size in parallel: the staged rows must still be in file
    order, for a row's line is found from its position (a join in the checks once broke it)."""
    cells = [
        (grade, sex, age, nationality)
        for grade in range(0, 12)
        for sex in ("F", "M")
        for age in (5, 6, 7)
        for nationality in ("COL", "VEN")
    ]
    records = [
        ["2025", f"1270010{sede:05d}", f"SEDE {sede}", "", "URBANA", "OFICIAL", "3",
         str(grade), sex, str(grade + age), nationality, "4", "0", "4", "0", "0"]
        for sede in range(2_300)
        for grade, sex, age, nationality in cells
    ]  # fmt: skip
    assert len(records) > 300_000  # about 25 MB
    records[290_000][HEADER.index("SEXO")] = "X"
    records[295_000] = records[294_999].copy()  # the same cell twice
    report = sede_matricula.load(write_csv(tmp_path / "large.csv", records), places)
    assert report.refused
    assert report.reconciles
    assert [(p.row, p.column, p.value) for p in report.problems if p.row] == [
        (290_002, "SEXO", "X"),
        (295_002, "", ""),
    ]
    assert "as line 295001" in report.problems[-1].message


def test_is_known_reads_one_bit_per_municipality_code(warehouse: Warehouse) -> None:
    """The bit string `$known` and its macro: a code is known when its bit is set; a code
    out of range (a sign read into it, six digits) is neither known nor unknown."""
    codes = [5001, 27001, 99999, 0, 27002, -1, 100000, None]
    with staging(warehouse) as (con, _folder):
        [(found,)] = engine.values(
            con,
            "select list(is_known($known, code) order by i) "
            "from unnest($codes) with ordinality as t(code, i)",
            {"known": known_codes(["05001", "27001", "99999", "123", "x2700"]), "codes": codes},
        )
        [(every,)] = engine.values(
            con, "select is_known($known, 27002)", {"known": known_codes(None)}
        )
    assert found == [True, True, True, False, False, None, None, None]
    assert every is True


# A few sedes, grades and ages, so that repeats come often: (sede, grade, sex, age, nationality)
CELLS = st.tuples(
    st.sampled_from(["127001003453", "127001003454"]),
    st.integers(-2, 1),
    st.sampled_from(["f", "m"]),
    st.sampled_from([0, 1, 63, 64, 98, schools.MAX_AGE]),
    st.sampled_from(["COL", "VEN"]),
)


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(CELLS, max_size=12))
def test_the_repeat_check_finds_a_repeated_cell_exactly_when_there_is_one(
    cells: list[tuple[str, int, str, int, str]],
) -> None:
    """REPEATS_SQL (ages as bits) against the plain rule: two good rows with the same year,
    sede, grade, sex, age and nationality."""
    assert schools.MAX_AGE < AGE_BITS
    con = duckdb.connect()
    con.execute(
        "create table staged (year smallint, sede_code varchar, grade tinyint, sex varchar, "
        "age tinyint, nationality varchar, problem varchar, blank boolean)"
    )
    if cells:
        con.executemany(
            "insert into staged values (2025, ?, ?, ?, ?, ?, null, false)", [list(c) for c in cells]
        )
    [(repeated,)] = engine.values(con, REPEATS_SQL)
    assert (repeated > 0) == any(n > 1 for n in Counter(cells).values())
