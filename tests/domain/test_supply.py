"""School places (domain/supply.py) on a case worked by hand, and the property that the SQL
(analytics/supply_sql/sede_places.sql) gives what the reference gives, sede by sede."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.analytics.supply import sede_places
from trayecto.domain.supply import SupplyParameterError, SupplyParameters, grade_places


def test_places_take_the_promoted_grade_below() -> None:
    # 40 in grade 1 (two groups of 32: 64 places), 70 in transición below it, nothing in 2
    rows = {r.grade: r for r in grade_places({0: 70, 1: 40}, 32)}
    assert (rows[0].groups, rows[0].places, rows[0].short, rows[0].spare) == (3, 96, 0, 26)
    assert (rows[1].groups, rows[1].capacity, rows[1].places, rows[1].short) == (2, 64, 70, 6)
    # grade 2 has no pupils, but grade 1's 40 will be promoted into it
    assert (rows[2].groups, rows[2].places, rows[2].short) == (0, 40, 40)
    assert 3 not in rows


def test_a_group_size_out_of_range_is_refused() -> None:
    with pytest.raises(SupplyParameterError, match="from 1 to 60"):
        SupplyParameters(students_per_group_rural=0).checked()


CONNECTION = duckdb.connect()
sedes = st.dictionaries(
    st.text("0123456789", min_size=12, max_size=12),
    st.tuples(
        st.sampled_from(["urbana", "rural"]),
        st.dictionaries(st.integers(-2, 13), st.integers(0, 200), max_size=8),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(sedes, st.integers(1, 60), st.integers(1, 60))
def test_the_sql_equals_the_reference(
    found: dict[str, tuple[str, dict[int, int]]], urban: int, rural: int
) -> None:
    params = SupplyParameters(students_per_group_urban=urban, students_per_group_rural=rural)
    sede = pa.table(
        {
            "year": pa.array([params.year] * len(found), pa.int16()),
            "sede_code": list(found),
            "zone": [zone for zone, _ in found.values()],
            "municipality_code": [code[1:6] for code in found],
        }
    )
    grades = [(code, g, n) for code, (_, by_grade) in found.items() for g, n in by_grade.items()]
    enrolment = pa.table(
        {
            "year": pa.array([params.year] * len(grades), pa.int16()),
            "sede_code": [c for c, _, _ in grades],
            "grade": pa.array([g for _, g, _ in grades], pa.int8()),
            "enrolled": pa.array([n for _, _, n in grades], pa.int64()),
            "enrolled_venezuelan": pa.array([0] * len(grades), pa.int64()),
            "is_synthetic": [True] * len(grades),
        }
    )
    CONNECTION.register("sede", sede)
    CONNECTION.register("sede_enrolment_grade", enrolment)
    rows = sede_places(CONNECTION, params)
    got = {(r["sede_code"], r["grade"]): r for r in rows}
    expected = {
        (code, p.grade): p
        for code, (zone, by_grade) in found.items()
        for p in grade_places(by_grade, params.group_size(zone))
    }
    assert set(got) == set(expected)
    for key, place in expected.items():
        row = got[key]
        assert (row["enrolled"], row["below"], row["groups"], row["capacity"]) == (
            place.enrolled,
            place.below,
            place.groups,
            place.capacity,
        )
        assert (row["places"], row["short"], row["spare"]) == (
            place.places,
            place.short,
            place.spare,
        )
