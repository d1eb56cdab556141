"""The needs rules (domain/needs.py) on cases worked by hand, and the property that the SQL
of a run (analytics/needs_sql/assess.sql) gives exactly what the reference gives."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trayecto.analytics.needs import INPUT_COLUMNS, assess_table
from trayecto.domain.needs import (
    MunicipalityInputs,
    NeedsParameters,
    ParameterError,
    Thresholds,
    assess,
)


def inputs(**values: float | None) -> MunicipalityInputs:
    base: dict[str, float | None] = {
        "school_age_population": 1000.0,
        "out_of_school_rate": 12.0,
        "students_per_teacher": None,
        "migrants": 300.0,
        "total_population": 10_000.0,
    }
    return MunicipalityInputs("99001", **{**base, **values})  # type: ignore[arg-type]


def test_a_phase_is_the_number_of_bounds_reached_plus_one() -> None:
    scale = Thresholds((5.0, 10.0, 20.0, 30.0))
    assert [scale.phase(v) for v in (0, 4.99, 5, 19.9, 20, 30, 99)] == [1, 1, 2, 3, 4, 5, 5]
    assert scale.phase(None) is None


def test_access_alone_sets_severity_and_pin_by_group() -> None:
    found = assess(inputs(), NeedsParameters())
    # 12 % out of school: phase 3; migrants 3 % of the population: aggravating phase 2
    assert found.phases == {
        "access": 3,
        "learning_conditions": None,
        "protected_environment": None,
        "aggravating": 2,
    }
    assert (found.severity, found.driver) == (3, "access")
    # migrant school-age = 300 migrants × the municipality's 5–16 share (1000 / 10000)
    assert found.school_age == {"migrant": pytest.approx(30.0), "host": pytest.approx(970.0)}
    assert found.pin == {"migrant": pytest.approx(3.6), "host": pytest.approx(116.4)}
    assert found.total_pin == pytest.approx(120.0)


def test_crowded_classrooms_put_the_enrolled_in_need_and_aggravation_raises_a_phase() -> None:
    found = assess(
        inputs(students_per_teacher=36.0, migrants=2500.0), NeedsParameters()
    )  # 25 % migrants: aggravating phase 5
    assert found.phases["learning_conditions"] == 4
    assert (found.severity, found.driver) == (5, "learning_conditions+aggravating")
    # the enrolled (88 %) are in need: the larger share across dimensions
    assert found.share_in_need == {"migrant": pytest.approx(0.88), "host": pytest.approx(0.88)}


def test_the_migrant_parameters_change_only_the_migrant_group() -> None:
    params = NeedsParameters(migrant_school_age_share=0.3, migrant_out_of_school_rate=40.0)
    found = assess(inputs(), params)
    assert found.school_age["migrant"] == pytest.approx(90.0)
    assert found.share_in_need == {"migrant": pytest.approx(0.4), "host": pytest.approx(0.12)}
    assert found.total_pin == pytest.approx(90 * 0.4 + 910 * 0.12)


def test_attacked_or_sheltering_sedes_set_the_protected_phase() -> None:
    # 6 of 40 sedes hit: 15 % -> phase 4, above access (phase 3), so it drives the severity
    found = assess(inputs(sedes=40.0, sedes_affected=6.0), NeedsParameters())
    assert found.phases["protected_environment"] == 4
    assert (found.severity, found.driver) == (4, "protected_environment")
    # the PiN shares stay those of access and learning (no count of children by age)
    assert found.total_pin == pytest.approx(120.0)
    # a tie goes to the first dimension: 2 of 40 (5 %) is phase 3, as access
    tie = assess(inputs(sedes=40.0, sedes_affected=2.0), NeedsParameters())
    assert (tie.severity, tie.driver) == (3, "access")
    # more affected than counted sedes (lists of several events) stays at 100 %
    assert (
        assess(inputs(sedes=3.0, sedes_affected=9.0), NeedsParameters()).phases[
            "protected_environment"
        ]
        == 5
    )


def test_no_event_data_leaves_the_protected_phase_missing_not_one() -> None:
    for values in ({"sedes": 40.0}, {"sedes_affected": 3.0}, {"sedes": 0.0, "sedes_affected": 1.0}):
        found = assess(inputs(**values), NeedsParameters())
        assert found.phases["protected_environment"] is None
    # with no other dimension either, no severity is invented
    alone = assess(inputs(out_of_school_rate=None, sedes=40.0), NeedsParameters())
    assert alone.severity is None


def test_a_municipality_without_data_has_no_severity_and_no_pin() -> None:
    found = assess(
        inputs(school_age_population=None, out_of_school_rate=None, migrants=None),
        NeedsParameters(),
    )
    assert (found.severity, found.total_pin) == (None, 0.0)
    assert "no DANE school-age population" in found.notes


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"access": [5, 4, 20, 30]}, "increase strictly"),
        ({"access": [5, 10]}, "four bounds"),
        ({"protected_environment": [-1, 5, 10, 20]}, "0 or more"),
        ({"migrant_school_age_share": 25}, "from 0 to 1"),
        ({"migrant_out_of_school_rate": -1}, "from 0 to 100"),
        ({"aggravating_raises_from": 6}, "a phase from 1 to 5"),
        ({"year": 1990}, "from 2012"),
        ({"colour": "red"}, "unknown parameters"),
    ],
)
def test_a_parameter_out_of_range_is_refused_saying_what_is_allowed(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ParameterError, match=message):
        NeedsParameters.from_dict(values)


def test_parameters_survive_storage() -> None:
    params = NeedsParameters(migrant_school_age_share=0.25, year=2021)
    assert NeedsParameters.from_dict(params.as_dict()) == params


CONNECTION = duckdb.connect()  # one in-memory database for every example
maybe = st.one_of(st.none(), st.floats(-20, 200, allow_nan=False, width=32).map(float))
bounds = st.lists(st.floats(0, 60, allow_nan=False), min_size=4, max_size=4, unique=True).map(
    lambda v: Thresholds(tuple(sorted(v)))  # type: ignore[arg-type]
)
municipality = st.builds(
    MunicipalityInputs,
    code=st.text("0123456789", min_size=5, max_size=5),
    school_age_population=st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)),
    out_of_school_rate=maybe,
    students_per_teacher=maybe,
    migrants=st.one_of(st.none(), st.floats(0, 5e5, allow_nan=False)),
    total_population=st.one_of(st.none(), st.floats(0, 5e6, allow_nan=False)),
    sedes=st.one_of(st.none(), st.floats(0, 900, allow_nan=False)),
    sedes_affected=st.one_of(st.none(), st.floats(0, 1200, allow_nan=False)),
)
parameters = st.builds(
    NeedsParameters,
    access=bounds,
    learning_conditions=bounds,
    aggravating=bounds,
    protected_environment=bounds,
    aggravating_raises_from=st.integers(1, 5),
    learning_in_need_from=st.integers(1, 5),
    migrant_school_age_share=st.one_of(st.none(), st.floats(0, 1)),
    migrant_out_of_school_rate=st.one_of(st.none(), st.floats(0, 100)),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(municipality, min_size=1, max_size=8, unique_by=lambda m: m.code), parameters)
def test_the_sql_of_a_run_equals_the_reference(
    places: list[MunicipalityInputs], params: NeedsParameters
) -> None:
    table = pa.Table.from_pylist(
        [{c: getattr(m, c) for c in INPUT_COLUMNS} for m in places],
        schema=pa.schema([("code", pa.string())] + [(c, pa.float64()) for c in INPUT_COLUMNS[1:]]),
    )
    found = {r["code"]: r for r in assess_table(CONNECTION, table, params)}
    for place in places:
        expected = assess(place, params)
        row = found[place.code]
        assert (
            row["access_phase"],
            row["learning_phase"],
            row["protected_phase"],
            row["aggravating_phase"],
        ) == (
            expected.phases["access"],
            expected.phases["learning_conditions"],
            expected.phases["protected_environment"],
            expected.phases["aggravating"],
        )
        assert (row["severity"], row["driver"]) == (expected.severity, expected.driver)
        assert row["migrant_school_age"] == pytest.approx(expected.school_age["migrant"])
        assert row["host_school_age"] == pytest.approx(expected.school_age["host"], abs=1e-6)
        assert row["migrant_share_in_need"] == pytest.approx(expected.share_in_need["migrant"])
        assert row["host_share"] == pytest.approx(expected.share_in_need["host"])
        assert row["total_pin"] == pytest.approx(expected.total_pin, abs=1e-6)
