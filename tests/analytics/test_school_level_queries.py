"""School-level indicator queries on small tables the test writes, checked against values
derived here from the same rows by plain Python (a second, independent implementation)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.analytics import sede_indicators
from trayecto.analytics.registry import INDICATORS_DIR
from trayecto.importers.school_tables import SEDE_ENROLMENT_SCHEMA, SEDE_SCHEMA, enrolment_by_grade
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import query_file

QUERIES = INDICATORS_DIR / "queries"
S1, S2 = "127001000001", "127001000002"
# year, sede, grade, sex, age, nationality, enrolled, withdrawn, passed, failed, repeating
ROWS = [
    (2024, S1, 1, "f", 6, "COL", 10, 1, 8, 1, 0),
    (2024, S1, 1, "m", 9, "VEN", 4, 1, 2, 1, 1),
    (2024, S1, 2, "f", 7, "COL", 6, 0, 5, 1, 0),
    (2024, S1, 2, "m", 10, "COL", 5, 2, 3, 0, 2),
    (2025, S1, 1, "f", 6, "COL", 9, 0, 9, 0, 1),
    (2025, S1, 2, "f", 7, "COL", 8, 1, 7, 0, 1),
    (2025, S1, 2, "m", 8, "VEN", 5, 0, 4, 1, 2),
    (2025, S1, 3, "f", 8, "COL", 6, 0, 6, 0, 0),
    (2025, S1, 3, "m", 11, "COL", 4, 1, 2, 1, 1),
    (2024, S2, 0, "f", 5, "COL", 7, 0, 7, 0, 0),
    (2024, S2, 0, "m", 7, "OTH", 3, 1, 2, 0, 0),
]
FIELDS = [
    "year",
    "sede_code",
    "grade",
    "sex",
    "age",
    "nationality",
    "enrolled",
    "withdrawn",
    "passed",
    "failed",
    "repeating",
]


def publish(warehouse: Warehouse, rows: list[tuple[Any, ...]], *, synthetic: bool = False) -> None:
    records = [
        {
            **dict(zip(FIELDS, r, strict=True)),
            "source": "synthetic" if synthetic else "t",
            "vintage": "v1",
            "is_synthetic": synthetic,
        }
        for r in rows
    ]
    enrolment = pa.Table.from_pylist(records, schema=SEDE_ENROLMENT_SCHEMA)
    # as every importer does: the detailed table and its per-grade summary in one swap
    warehouse.publish_many(
        {"sede_enrolment": enrolment, "sede_enrolment_grade": enrolment_by_grade(enrolment)}
    )


def run(
    warehouse: Warehouse | duckdb.DuckDBPyConnection, query: str, **params: Any
) -> dict[tuple[str, int, Any], dict[str, Any]]:
    con = warehouse.connect() if isinstance(warehouse, Warehouse) else warehouse
    if sede_indicators.family(QUERIES / query) is not None:
        # a school-level family: its measures in the one scan, then the shared scaffold
        group = params.pop("group", None)  # None: every population group together
        (table,) = sede_indicators.run(con, [(QUERIES / query, params)], group)
    else:
        table = query_file(con, QUERIES / query, params)
    return {(r["area_code"], r["year"], r["sex"]): r for r in table.to_pylist()}


def by(rows: list[tuple[Any, ...]], key: Any) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        record = dict(zip(FIELDS, r, strict=True))
        groups[key(record)].append(record)
    return groups


def test_status_rates_are_counts_over_enrolment_per_sede_year_and_sex(warehouse: Warehouse) -> None:
    publish(warehouse, ROWS)
    for status in ("withdrawn", "passed", "failed", "repeating"):
        got = run(warehouse, "sede_status_rate.sql", status=status, grade_min=0, grade_max=11)
        for sex in (None, "f", "m"):
            groups = by(ROWS, lambda r: (r["sede_code"], r["year"]))
            for (sede, year), records in groups.items():
                chosen = [r for r in records if sex is None or r["sex"] == sex]
                if not chosen:
                    continue
                expected = 100 * sum(r[status] for r in chosen) / sum(r["enrolled"] for r in chosen)
                row = got[(sede, year, sex)]
                assert abs(row["value"] - expected) < 1e-9
                assert row["denominator"] == sum(r["enrolled"] for r in chosen)


def test_overage_uses_the_men_and_uis_thresholds(warehouse: Warehouse) -> None:
    publish(warehouse, ROWS)
    men = run(warehouse, "sede_overage.sql", overage_from_offset=8, grade_min=0, grade_max=11)
    uis = run(warehouse, "sede_overage.sql", overage_from_offset=7, grade_min=1, grade_max=5)
    records = by(ROWS, lambda r: (r["sede_code"], r["year"]))
    s1_2024 = records[(S1, 2024)]
    # MEN: grade g is over-age from age g + 8 (grade 1: 9, grade 2: 10).
    men_over = sum(r["enrolled"] for r in s1_2024 if r["age"] >= r["grade"] + 8)
    assert men_over == 4 + 5  # the 9-year-old in grade 1 and the 10-year-olds in grade 2
    assert men[(S1, 2024, None)]["value"] == 100 * men_over / sum(r["enrolled"] for r in s1_2024)
    # UIS: from age g + 7 (two years above the intended age 5 + g).
    s1_2025 = records[(S1, 2025)]
    uis_over = sum(r["enrolled"] for r in s1_2025 if r["age"] >= r["grade"] + 7)
    assert uis_over == 4  # 11-year-olds in grade 3; MEN would not count them (11 = 3 + 8)
    assert uis[(S1, 2025, None)]["value"] == 100 * uis_over / sum(r["enrolled"] for r in s1_2025)
    assert men[(S1, 2025, None)]["numerator"] == sum(
        r["enrolled"] for r in s1_2025 if r["age"] >= r["grade"] + 8
    )


def test_venezuelan_share_per_sede(warehouse: Warehouse) -> None:
    publish(warehouse, ROWS)
    got = run(warehouse, "sede_nationality_share.sql", nationality="VEN")
    for (sede, year), records in by(ROWS, lambda r: (r["sede_code"], r["year"])).items():
        ven = sum(r["enrolled"] for r in records if r["nationality"] == "VEN")
        assert got[(sede, year, None)]["value"] == 100 * ven / sum(r["enrolled"] for r in records)
    assert got[(S2, 2024, None)]["value"] == 0  # a sede without Venezuelan pupils: 0, not null


def test_flow_rates_follow_the_reconstructed_cohort(warehouse: Warehouse) -> None:
    publish(warehouse, ROWS)
    rates = {
        flow: run(warehouse, "sede_uis_flow_rate.sql", flow=flow, grade_min=0, grade_max=10)
        for flow in ("promotion", "repetition", "dropout")
    }
    cells = defaultdict(lambda: {"e": 0, "r": 0})
    for r in (dict(zip(FIELDS, row, strict=True)) for row in ROWS):
        cells[(r["sede_code"], r["year"], r["grade"])]["e"] += r["enrolled"]
        cells[(r["sede_code"], r["year"], r["grade"])]["r"] += r["repeating"]
    # Grades 0–10 in 2024: promoted = Σ_g E(g+1, 2025) − R(g+1, 2025), repeated = Σ_g R(g, 2025).
    grades = range(0, 11)
    e = sum(cells[(S1, 2024, g)]["e"] for g in grades)
    promoted = sum(cells[(S1, 2025, g + 1)]["e"] - cells[(S1, 2025, g + 1)]["r"] for g in grades)
    repeated = sum(cells[(S1, 2025, g)]["r"] for g in grades)
    assert rates["promotion"][(S1, 2024, None)]["value"] == 100 * promoted / e
    assert rates["repetition"][(S1, 2024, None)]["value"] == 100 * repeated / e
    assert (
        abs(rates["dropout"][(S1, 2024, None)]["value"] - 100 * (e - promoted - repeated) / e)
        < 1e-9
    )
    # One grade: grade 1 of 2024 goes to grade 2 of 2025 or repeats grade 1.
    grade_1 = run(warehouse, "sede_uis_flow_rate.sql", flow="promotion", grade_min=1, grade_max=1)
    moved = cells[(S1, 2025, 2)]["e"] - cells[(S1, 2025, 2)]["r"]
    assert grade_1[(S1, 2024, None)]["value"] == 100 * moved / cells[(S1, 2024, 1)]["e"]
    # S2 has no 2025 data and no sede has 2026 data: no flow for them.
    assert (S2, 2024, None) not in rates["promotion"]
    assert (S1, 2025, None) not in rates["promotion"]


row_strategy = st.tuples(
    st.sampled_from([2023, 2024, 2025]),
    st.sampled_from([S1, S2]),
    st.integers(0, 11),
    st.sampled_from(["f", "m"]),
    st.integers(0, 5),
    st.integers(0, 40),
    st.integers(0, 40),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(row_strategy, min_size=1, max_size=40, unique_by=lambda r: r[:4]))
def test_flow_rates_add_up_to_100_for_every_grade(tmp_path_factory: Any, drawn: list[Any]) -> None:
    warehouse = Warehouse(tmp_path_factory.mktemp("w"))
    rows = [
        (
            year,
            sede,
            grade,
            sex,
            5 + grade + offset,
            "COL",
            enrolled,
            0,
            0,
            0,
            min(repeating, enrolled),
        )
        for year, sede, grade, sex, offset, enrolled, repeating in drawn
    ]
    publish(warehouse, rows)
    con = warehouse.connect()
    for grade in range(0, 11):
        found = [
            run(con, "sede_uis_flow_rate.sql", flow=f, grade_min=grade, grade_max=grade)
            for f in ("promotion", "repetition", "dropout")
        ]
        assert found[0].keys() == found[1].keys() == found[2].keys()
        for key, promotion in found[0].items():
            if promotion["denominator"]:
                total = promotion["value"] + found[1][key]["value"] + found[2][key]["value"]
                assert abs(total - 100) < 1e-9
            assert (
                promotion["numerator"] + found[1][key]["numerator"] + found[2][key]["numerator"]
                == promotion["denominator"]
            )


def test_real_data_wins_over_synthetic_for_the_same_sede_year(warehouse: Warehouse) -> None:
    real = [
        dict(zip(FIELDS, r, strict=True))
        | {"source": "sede-matricula", "vintage": "a", "is_synthetic": False}
        for r in ROWS[:2]
    ]
    fake = [
        dict(zip(FIELDS, r, strict=True))
        | {"source": "synthetic", "vintage": "s", "is_synthetic": True, "withdrawn": 0}
        for r in ROWS[:4]
    ]
    enrolment = pa.Table.from_pylist(real + fake, schema=SEDE_ENROLMENT_SCHEMA)
    warehouse.publish_many(
        {"sede_enrolment": enrolment, "sede_enrolment_grade": enrolment_by_grade(enrolment)}
    )
    got = run(warehouse, "sede_status_rate.sql", status="withdrawn", grade_min=0, grade_max=11)
    row = got[(S1, 2024, None)]
    assert row["source"] == "sede-matricula"
    assert row["denominator"] == ROWS[0][6] + ROWS[1][6]
    assert "SYNTHETIC" not in row["method"]


def test_students_per_teacher_prefers_the_simat_export(warehouse: Warehouse) -> None:
    base = {
        "sede_name": "x",
        "establishment_code": None,
        "municipality_code": "27001",
        "etc_code": None,
        "zone": "rural",
        "sector": "oficial",
        "vintage": "v",
    }
    sedes = [
        {
            **base,
            "year": 2025,
            "sede_code": S1,
            "teachers": 4,
            "enrolment": 90,
            "source": "affected-schools",
            "is_synthetic": False,
        },
        {
            **base,
            "year": 2025,
            "sede_code": S1,
            "teachers": 3,
            "enrolment": 80,
            "source": "sede-matricula",
            "is_synthetic": False,
        },
        {
            **base,
            "year": 2025,
            "sede_code": S2,
            "teachers": None,
            "enrolment": 12,
            "source": "synthetic",
            "is_synthetic": True,
        },
    ]
    warehouse.publish("sede", pa.Table.from_pylist(sedes, schema=SEDE_SCHEMA))
    got = run(warehouse, "sede_students_per_teacher.sql")
    assert got[(S1, 2025, None)]["value"] == 80 / 3
    assert (S2, 2025, None) not in got  # no teacher count, no ratio


def test_query_files_exist() -> None:
    assert {p.name for p in Path(QUERIES).glob("sede_*.sql")} >= {
        "sede_status_rate.sql",
        "sede_overage.sql",
        "sede_nationality_share.sql",
        "sede_students_per_teacher.sql",
        "sede_uis_flow_rate.sql",
    }
