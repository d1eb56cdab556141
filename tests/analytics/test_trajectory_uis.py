"""UIS's reconstructed cohort: the SQL grade counts (analytics/trajectory_uis.py) are those
of the plain reference (domain/trajectory_uis.py) on any records; the flow follows UIS's
formulas; and the comparison the methodology quotes is the demo's."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.test_trajectory import AREAS, connection, records, unique_order
from tests.analytics.test_trajectory_risk import demo  # noqa: F401  (the demo's students)
from trayecto.analytics import trajectory_uis
from trayecto.domain import trajectory as rules
from trayecto.domain import trajectory_uis as uis
from trayecto.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "trajectory.md"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(records, min_size=1, max_size=60), level=st.sampled_from(list(AREAS)))
def test_the_sql_grade_counts_are_those_of_the_plain_reference(
    rows: list[rules.Record], level: str
) -> None:
    rows = unique_order(rows)
    if not {2023, 2024} <= {r.year for r in rows}:
        return
    expected = uis.grade_counts(rows, 2023, AREAS[level])
    got = trajectory_uis.grade_counts(connection(rows), year=2023, level=level)
    assert got == expected
    for counts in got.values():  # a repeater of t+1 is one of its enrolled
        for g, n in counts.repeaters_next.items():
            assert n <= counts.enrolled_next[g]


def quoted(text: str, name: str) -> str:
    found = re.search(rf"`{name}` = (−?[0-9]+(?:[.,][0-9]+)*)", text)
    assert found, f"{name} is not quoted in {DOC.name}"
    return found.group(1)


def test_the_comparison_quoted_in_the_methodology_is_the_demos(demo: Warehouse) -> None:  # noqa: F811
    [nation] = trajectory_uis.beside_true_survival(
        demo.connect(), year=2023, grade=1, level="nation"
    )
    by_grade = {s["grade"]: s for s in nation["survival"]}
    eventual = {s["grade"]: s["eventual"] for s in nation["uis"]["survival"]}
    figures = {
        "cohort": nation["cohort"],
        "true_3": by_grade[3]["rate"],
        "uis_3_same_years": by_grade[3]["uis_by_last_year"],
        "difference_3": by_grade[3]["difference"],
        "uis_3_eventual": eventual[3],
        "uis_5_eventual": eventual[5],
        "uis_11_eventual": eventual[11],
    }
    assert nation["last_year"] == 2025
    # the reconstruction overstates what the students really did over the same years
    assert by_grade[3]["difference"] < 0
    text = DOC.read_text(encoding="utf-8")
    spanish, english = text.split("## English")
    for name, value in figures.items():
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}".replace("-", "−")
        assert quoted(english, name) == shown
        assert quoted(spanish, name) == shown.replace(",", "·").replace(".", ",").replace("·", ".")
