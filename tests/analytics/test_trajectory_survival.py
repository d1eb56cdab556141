"""True cohort survival: the SQL (analytics/trajectory_survival.py) gives the figures of the
plain reference (domain/trajectory.py, `survival`) on any records, and follows the synthetic
students as the generator moved them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.test_trajectory import AREAS, connection, records, unique_order
from tests.support.schools import publish_divipola_municipalities
from tests.support.students import write_years
from trayecto.analytics import trajectory, trajectory_survival
from trayecto.domain import trajectory as rules
from trayecto.importers import simat_students
from trayecto.warehouse import Warehouse


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(records, min_size=1, max_size=60),
    level=st.sampled_from(list(AREAS)),
    grade=st.sampled_from([0, 1, 5, 10, 11]),
)
def test_the_sql_gives_the_survival_of_the_plain_reference(
    rows: list[rules.Record], level: str, grade: int
) -> None:
    rows = unique_order(rows)
    if not {2023, 2024} <= {r.year for r in rows}:
        return
    expected = rules.survival(rows, 2023, grade, AREAS[level])
    got = trajectory_survival.survival(connection(rows), year=2023, grade=grade, level=level)
    assert {
        r["area_code"]: {
            "cohort": r["cohort"],
            "reached": {s["grade"]: s["reached"] for s in r["survival"]},
        }
        for r in got
    } == expected
    for r in got:
        reached = [s["reached"] for s in r["survival"]]
        assert reached == sorted(reached, reverse=True)  # none reaches g+1 without g
        assert r["survival"][0]["reached"] == r["cohort"]


def test_a_student_followed_through_a_document_change_survives_and_a_gap_loses_it() -> None:
    s = "181001000001"
    rows = [
        rules.Record(2023, "nes-1", "ana", s, 1, "matriculado", 1),
        rules.Record(2024, "ppt-1", "ana", s, 1, "matriculado", 2),  # NES → PPT, by name
        rules.Record(2025, "ppt-1", "ana", s, 1, "matriculado", 3),
        rules.Record(2023, "b", "luis", s, 2, "matriculado", 1),
        rules.Record(2025, "b", "luis", s, 2, "matriculado", 3),  # away in 2024: lost
        rules.Record(2023, "c", "eva", s, 3, "matriculado", 1),
        rules.Record(2024, "c", "eva", s, 3, "matriculado", 1),  # repeated, then promoted
        rules.Record(2025, "c", "eva", s, 3, "matriculado", 2),
    ]
    [row] = trajectory_survival.survival(connection(rows), year=2023, grade=1, level="nation")
    assert row["cohort"] == 3
    assert [(x["grade"], x["on_time_year"], x["reached"]) for x in row["survival"]] == [
        (1, 2023, 3), (2, 2024, 2), (3, 2025, 1)
    ]  # fmt: skip
    assert row["survival"][1]["rate"] == pytest.approx(66.67)


def test_a_year_without_a_later_one_is_refused_saying_which_can_be_asked() -> None:
    rows = [rules.Record(2024, "a", "x", "181001000001", 1, "matriculado", 1)]
    with pytest.raises(trajectory.TrajectoryUnavailable, match="can be asked: none"):
        trajectory_survival.survival(connection(rows), year=2024, grade=1, level="nation")


def test_the_synthetic_cohort_is_followed_as_the_generator_moved_it(
    imported: tuple[Warehouse, Any, list[Any]],
) -> None:
    warehouse, _generator, years = imported
    first, second, third = years
    [row] = trajectory_survival.survival(warehouse.connect(), year=2023, grade=1, level="nation")
    cohort = {int(p) for p, g in zip(first.person, first.grade, strict=True) if g == 1}
    assert row["cohort"] == len(cohort)
    # the generator's own truth: persons of the cohort in grade 2 or more a year later, and
    # in grade 3 or more two years later (or in grade 2+ the year before, then lost)
    in_second = {int(p): int(g) for p, g in zip(second.person, second.grade, strict=True)}
    in_third = {int(p): int(g) for p, g in zip(third.person, third.grade, strict=True)}
    reached_2 = {p for p in cohort if in_second.get(p, -1) >= 2 or (
        p in in_second and in_third.get(p, -1) >= 2)}  # fmt: skip
    reached_3 = {p for p in cohort if p in in_second and in_third.get(p, -1) >= 3}
    got = {s["grade"]: s["reached"] for s in row["survival"]}
    assert got[2] == len(reached_2)
    assert got[3] == len(reached_3)
    assert row["last_year"] == 2025


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory: pytest.TempPathFactory, shared_data: Path
) -> tuple[Warehouse, Any, list[Any]]:
    """Three synthetic years imported as the demo does (tests/support/students.py)."""
    folder = tmp_path_factory.mktemp("survival")
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
