"""Trajectories: the SQL (analytics/trajectory.py) gives the figures of the plain rules
(domain/trajectory.py) on any records, and the linking finds the synthetic students again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.schools import publish_divipola_municipalities
from tests.support.students import write_years
from trayecto.analytics import trajectory
from trayecto.domain import trajectory as rules
from trayecto.importers import simat_students
from trayecto.warehouse import Warehouse

SEDES = ("181001000001", "181001000002", "181736000001", "154001000001")
YEARS = (2023, 2024, 2025)

records = st.builds(
    rules.Record,
    year=st.sampled_from(YEARS),
    student_id=st.sampled_from([f"s{i}" for i in range(12)]),
    link_id=st.sampled_from([f"n{i}" for i in range(6)]),
    sede_code=st.sampled_from(SEDES),
    row_order=st.integers(0, 40),
    status=st.sampled_from(["matriculado", "matriculado", "retirado", "trasladado"]),
    grade=st.sampled_from([0, 1, 5, 10, 11, 11, 21]),
    result=st.sampled_from(["aprobado", "reprobado", None]),
    sex=st.sampled_from(["f", "m"]),
    nationality=st.sampled_from(["COL", "VEN", "OTH"]),
)


def unique_order(rows: list[rules.Record]) -> list[rules.Record]:
    """Rows of a file have a place each: no two rows of a student share a row_order."""
    return [rules.Record(**{**r.__dict__, "row_order": i}) for i, r in enumerate(rows)]


def connection(rows: list[rules.Record]) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose `student_enrolment` holds the records."""
    con = duckdb.connect()
    table = pa.Table.from_pylist(
        [
            {**r.__dict__, "zone": None, "birth_year": 2010, "birth_month": 1,
             "document_type": "TI", "vintage": "v"}
            for r in rows
        ]
    )  # fmt: skip
    con.register("records", table)
    con.execute("create view student_enrolment as select * from records")
    return con


AREAS: dict[str, Callable[[rules.Record], str]] = {
    "sede": lambda r: r.sede_code,
    "municipality": lambda r: r.municipality_code,
    "department": lambda r: r.sede_code[1:3],
    "nation": lambda r: "CO",
}
FIELDS = rules.COUNTS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(records, min_size=1, max_size=60), level=st.sampled_from(list(AREAS)))
def test_the_sql_gives_the_figures_of_the_plain_rules(rows: list[rules.Record], level: str) -> None:
    rows = unique_order(rows)
    years = {r.year for r in rows}
    year = 2024
    if not {2024, 2025} <= years:
        return
    found, returned = rules.transitions(rows, year)
    expected = rules.count(found, returned, AREAS[level])
    if 2023 not in years:
        for row in expected.values():
            row["returned"] = None  # type: ignore[assignment]
    con = connection(rows)
    linked = trajectory.Linked(con, year)
    got = {r["area_code"]: {k: r[k] for k in FIELDS} for r in linked.flows(level=level)}
    assert got == dict(expected.items())
    for r in linked.flows(level=level):
        assert r["enrolled"] == r["promoted"] + r["repeated"] + r["dropped_out"] + r["graduated"]
    now = rules.origin(rows)
    reference = rules.link(now[2024], now[2025])
    stage = linked.stages[0]
    assert (stage.by_document, stage.by_name, stage.ambiguous) == (
        reference.by_document,
        reference.by_name,
        reference.ambiguous,
    )


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(records, min_size=1, max_size=60), sex=st.sampled_from(["f", "m"]),
       group=st.sampled_from(["COL", "VEN", "OTH"]))  # fmt: skip
def test_filters_by_sex_and_group_count_the_students_of_that_sex_and_group(
    rows: list[rules.Record], sex: str, group: str
) -> None:
    rows = unique_order(rows)
    if not {2024, 2025} <= {r.year for r in rows}:
        return
    found, returned = rules.transitions(rows, 2024)
    kept = [t for t in found if t.record.sex == sex and t.record.nationality == group]
    back = [r for r in returned if r.sex == sex and r.nationality == group]
    expected = rules.count(kept, back, AREAS["nation"])
    got = trajectory.Linked(connection(rows), 2024).flows(level="nation", sex=sex, group=group)
    assert {r["area_code"]: r["enrolled"] for r in got} == {
        k: v["enrolled"] for k, v in expected.items()
    }


# The ETC of each test municipality, as the geography's `municipality_etc` states it: the
# two of Arauca belong to the department's ETC, Cúcuta is its own.
ETC_OF = {"81001": "3824", "81736": "3824", "54001": "3802"}
LEVELS = {**AREAS, "etc": lambda r: ETC_OF[r.municipality_code]}
BY: dict[str, Callable[[rules.Record], Any]] = {
    "sex": lambda r: r.sex,
    "grade": lambda r: r.grade,
    "group": lambda r: r.nationality,
}


def with_etcs(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    table = pa.Table.from_pylist(
        [{"municipality_code": m, "etc_code": e, "year": 2024} for m, e in ETC_OF.items()]
    )
    con.register("etc_rows", table)
    con.execute("create view municipality_etc as select * from etc_rows")
    return con


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(records, min_size=1, max_size=60), level=st.sampled_from(list(LEVELS)),
       by=st.sampled_from(list(BY)))  # fmt: skip
def test_by_sex_grade_and_group_the_sql_gives_the_plain_rules_cell_by_cell(
    rows: list[rules.Record], level: str, by: str
) -> None:
    """`--by sex|grade|group` at every level, the ETC's included: one row per area and
    value, each the plain rules' count of the students of that area with that value (a
    returned student counted with its row of t+1, where it came back)."""
    rows = unique_order(rows)
    years = {r.year for r in rows}
    if not {2024, 2025} <= years:
        return
    found, returned = rules.transitions(rows, 2024)
    expected: dict[Any, dict[str, Any]] = dict(
        rules.count(found, returned, lambda r: (LEVELS[level](r), BY[by](r)))
    )
    if 2023 not in years:
        for row in expected.values():
            row["returned"] = None
    linked = trajectory.Linked(with_etcs(connection(rows)), 2024)
    got_rows = linked.flows(level=level, by=by)
    got = {(r["area_code"], r[by]): {k: r[k] for k in FIELDS} for r in got_rows}
    assert got == expected
    # the cells of an area add up to the area's row without the breakdown
    whole = {r["area_code"]: r for r in linked.flows(level=level)}
    assert set(whole) == {code for code, _ in got}
    for code, total in whole.items():
        for name in FIELDS:
            cells = [r[name] for r in got_rows if r["area_code"] == code]
            assert total[name] == (None if total[name] is None else sum(cells))
    for r in got_rows:
        assert r["dropout_rate"] == rules.rates(r)["dropout_rate"]


def test_a_year_without_the_next_one_is_refused_saying_which_years_can_be_asked() -> None:
    rows = [rules.Record(2023, "a", "x", SEDES[0], 1, "matriculado", 3),
            rules.Record(2024, "a", "x", SEDES[0], 1, "matriculado", 4)]  # fmt: skip
    with pytest.raises(trajectory.TrajectoryUnavailable, match="years that can be asked: 2023"):
        trajectory.Linked(connection(rows), 2024)


def test_several_rows_a_year_count_once_at_the_last_row_that_is_not_a_transfer() -> None:
    a, b = SEDES[0], SEDES[2]
    rows = [
        rules.Record(2024, "s", "n", a, 1, "matriculado", 4),
        rules.Record(2024, "s", "n", b, 2, "matriculado", 4),
        rules.Record(2024, "s", "n", a, 3, "trasladado", 4),
        rules.Record(2025, "s", "n", b, 1, "matriculado", 5),
    ]
    [row] = trajectory.Linked(connection(rows), 2024).flows(level="sede")
    assert (row["area_code"], row["enrolled"], row["promoted"], row["changed_sede"]) == (b, 1, 1, 0)


def test_a_changed_document_is_linked_by_name_only_when_unique_on_both_sides() -> None:
    rows = [
        rules.Record(2024, "nes-1", "ana", SEDES[0], 1, "matriculado", 3),
        rules.Record(2025, "ppt-1", "ana", SEDES[1], 1, "matriculado", 4),
        # two records share a name pseudonym next year: ambiguous, not linked
        rules.Record(2024, "nes-2", "luis", SEDES[0], 2, "matriculado", 3),
        rules.Record(2025, "ppt-2", "luis", SEDES[0], 2, "matriculado", 4),
        rules.Record(2025, "ppt-3", "luis", SEDES[0], 3, "matriculado", 4),
    ]
    linked = trajectory.Linked(connection(rows), 2024)
    [stage] = linked.stages
    assert (stage.by_document, stage.by_name, stage.ambiguous) == (0, 1, 3)
    [row] = linked.flows(level="nation")
    assert (row["promoted"], row["dropped_out"], row["changed_sede"]) == (1, 1, 1)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> tuple[Warehouse, Any, list[Any]]:
    folder = tmp_path_factory.mktemp("students")
    warehouse = Warehouse(folder / "warehouse")
    publish_divipola_municipalities(warehouse, shared_data)
    generator, years, files = write_years(folder / "files", per_cell=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("TRAYECTO_HOME", str(folder / "home"))
    try:
        for path in files:
            assert not simat_students.load(path, warehouse).refused
    finally:
        mp.undo()
    return warehouse, generator, years


def test_the_synthetic_students_are_followed_as_the_generator_moved_them(
    imported: tuple[Warehouse, Any, list[Any]],
) -> None:
    warehouse, _generator, years = imported
    before, now, after = years
    linked = trajectory.Linked(warehouse.connect(), 2024)
    [row] = linked.flows(level="nation")
    persons_now = set(now.person.tolist())
    persons_after = set(after.person.tolist())
    graduated = {
        int(p) for p, g, w, f in zip(now.person, now.grade, now.withdrawn, now.failed, strict=True)
        if g == 11 and not w and not f
    }  # fmt: skip
    assert row["enrolled"] == len(persons_now)
    assert row["graduated"] == len(graduated)
    # every student the generator kept is found (NES → PPT changes linked by name)
    assert row["dropped_out"] == len(persons_now - persons_after - graduated)
    assert linked.stages[0].by_name > 0
    returned = (set(before.person.tolist()) - persons_now) & persons_after
    assert row["returned"] == len(returned)
