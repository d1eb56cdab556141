"""UIS's reconstructed cohort, in plain Python (docs/methodology/trajectory.md).

What a ministry can compute without following anyone: enrolment by grade in two consecutive
years and the repeaters of the second year give promotion, repetition and dropout rates per
grade; a cohort of 1,000 pupils is then flowed through the grades with those rates (UNESCO
UIS, "Survival rate by grade", reconstructed cohort method). Trayecto computes it from the
same student rows as the true survival, aggregated to grade counts, so the two can be set
side by side. `grade_counts` is the reference of analytics/trajectory_uis.py (property
tested); the rates and the flow are used by both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trayecto.domain.trajectory import REGULAR_GRADES, SMALL_CELL, SUPPRESSED, Record, link, origin

COHORT = 1000  # pupils entering the entry grade, as UIS writes the reconstruction
TOP_GRADE = max(REGULAR_GRADES)


@dataclass
class GradeCounts:
    """The aggregates of one area: E(g, t), E(g, t+1) and R(g, t+1) per regular grade."""

    enrolled: dict[int, int] = field(default_factory=dict)
    enrolled_next: dict[int, int] = field(default_factory=dict)
    repeaters_next: dict[int, int] = field(default_factory=dict)


def grade_counts(records: Iterable[Record], year: int, area_of: Any) -> dict[str, GradeCounts]:
    """area -> the grade counts of `year` and `year` + 1, each student at the area of its
    own row of each year (as enrolment statistics count it). A repeater of t+1 is a student
    in the same regular grade in t+1 as in t, along the links of the two years."""
    by_year = origin(records)
    now, after = by_year.get(year, {}), by_year.get(year + 1, {})
    came_from = {right: left for left, right in link(now, after).pairs.items()}
    table: dict[str, GradeCounts] = defaultdict(GradeCounts)

    def add(counts: dict[int, int], grade: int) -> None:
        counts[grade] = counts.get(grade, 0) + 1

    for r in now.values():
        if r.grade in REGULAR_GRADES:
            add(table[area_of(r)].enrolled, r.grade)
    for student, r in after.items():
        if r.grade not in REGULAR_GRADES:
            continue
        add(table[area_of(r)].enrolled_next, r.grade)
        before = now.get(came_from.get(student, ""))
        if before is not None and before.grade == r.grade:
            add(table[area_of(r)].repeaters_next, r.grade)
    return dict(table)


@dataclass(frozen=True)
class FlowRates:
    """Shares (0–1) of the pupils of a grade in t: promoted to the next grade, repeating,
    and the rest, dropped out. Computed, not bounded: arrivals can make the promotion rate
    exceed what stayed, and the dropout rate negative."""

    promotion: float
    repetition: float

    @property
    def dropout(self) -> float:
        return 1 - self.promotion - self.repetition


def flow_rates(counts: GradeCounts) -> dict[int, FlowRates]:
    """Grade g (0–10) with pupils in t: p = (E(g+1, t+1) − R(g+1, t+1)) / E(g, t),
    r = R(g, t+1) / E(g, t), d = 1 − p − r. Grade 11 has no next grade: its promotion would
    be its graduates, which grade counts do not hold, and survival to 11 does not need it."""
    rates = {}
    for g in range(0, TOP_GRADE):
        pupils = counts.enrolled.get(g, 0)
        if not pupils:
            continue
        new_in_next = counts.enrolled_next.get(g + 1, 0) - counts.repeaters_next.get(g + 1, 0)
        rates[g] = FlowRates(new_in_next / pupils, counts.repeaters_next.get(g, 0) / pupils)
    return rates


def reconstruct(
    rates: Mapping[int, FlowRates], entry_grade: int, years: int
) -> dict[int, float | None]:
    """The 1,000 pupils of `entry_grade` flowed for `years` school years: each year the
    pupils of a grade are promoted, repeat or drop out by its rates, and no one comes back
    or arrives. grade -> pupils who reached it (promotees into it, summed over the years;
    the entry grade: the cohort); None from a grade whose rates are unknown (no pupils)."""
    reached: dict[int, float | None] = dict.fromkeys(range(entry_grade, TOP_GRADE + 1), 0.0)
    reached[entry_grade] = float(COHORT)
    in_grade = {entry_grade: float(COHORT)}
    for _ in range(years):
        after: dict[int, float] = defaultdict(float)
        for g, pupils in in_grade.items():
            if g not in rates:
                continue  # the last grade (its pupils leave the reconstruction), or no rates
            rate = rates[g]
            after[g + 1] += pupils * rate.promotion
            after[g] += pupils * rate.repetition
            reached[g + 1] = (reached[g + 1] or 0.0) + pupils * rate.promotion
        in_grade = after
    return _unknown_beyond_a_gap(reached, rates, entry_grade)


def eventually(rates: Mapping[int, FlowRates], entry_grade: int) -> dict[int, float | None]:
    """The reconstruction flowed until no one is left in school (UIS's survival rate to
    grade, no limit on repetitions): of those who reach g, p / (1 − r) reach g + 1 (the
    sum p + r·p + r²·p + …). None from a grade whose rates are unknown, or where repetition
    is 100 % or more (the sum does not end)."""
    reached: dict[int, float | None] = {entry_grade: float(COHORT)}
    for g in range(entry_grade, TOP_GRADE):
        before = reached[g]
        rate = rates.get(g)
        if before is None or rate is None or rate.repetition >= 1:
            reached[g + 1] = None
        else:
            reached[g + 1] = before * rate.promotion / (1 - rate.repetition)
    return reached


def _unknown_beyond_a_gap(
    reached: dict[int, float | None], rates: Mapping[int, FlowRates], entry_grade: int
) -> dict[int, float | None]:
    for g in range(entry_grade, TOP_GRADE):
        if g not in rates:
            return {k: (v if k <= g else None) for k, v in reached.items()}
    return reached


def percent(per_cohort: float | None) -> float | None:
    return None if per_cohort is None else round(100 * per_cohort / COHORT, 2)


def difference(true_rate: float | None, estimate: float | None) -> float | None:
    """True survival minus the reconstruction's, in percentage points."""
    return None if true_rate is None or estimate is None else round(true_rate - estimate, 2)


def survival(counts: GradeCounts, entry_grade: int, years: int) -> dict[str, Any]:
    """The reconstructed cohort of one area: the rates per grade (percent) and, per grade
    from the entry grade, survival in percent by the `years` later years the true cohort was
    followed (`by_last_year`) and once the flow has ended (`eventual`, UIS's indicator)."""
    rates = flow_rates(counts)
    by_years = reconstruct(rates, entry_grade, years)
    final = eventually(rates, entry_grade)
    return {
        "rates": [
            {
                "grade": g,
                "enrolled": counts.enrolled.get(g, 0),
                "repeaters_next": counts.repeaters_next.get(g, 0),
                "enrolled_next_in_next_grade": counts.enrolled_next.get(g + 1, 0),
                "repeaters_next_in_next_grade": counts.repeaters_next.get(g + 1, 0),
                "promotion_rate": round(100 * r.promotion, 2),
                "repetition_rate": round(100 * r.repetition, 2),
                "dropout_rate": round(100 * r.dropout, 2),
            }
            for g, r in sorted(rates.items())
            if g >= entry_grade
        ],
        "survival": [
            {
                "grade": g,
                "by_last_year": percent(by_years[g]),
                "eventual": percent(final.get(g)),
            }
            for g in range(entry_grade, TOP_GRADE + 1)
        ],
    }


RATE_INPUTS = (
    "enrolled",
    "repeaters_next",
    "enrolled_next_in_next_grade",
    "repeaters_next_in_next_grade",
)


def suppress(found: Mapping[str, Any]) -> dict[str, Any]:
    """The reconstruction as roles without school-level access see it: a grade whose rates
    come from a count of 1 to 4 shows its counts as "<5" and no rates (with the count beside
    them a rate gives it back), and a survival figure that flows through such a grade is
    hidden too."""
    rates, hidden_from = [], None
    for row in found["rates"]:
        small = any(row[n] in SMALL_CELL for n in RATE_INPUTS)
        shown = dict(row) | {n: SUPPRESSED for n in RATE_INPUTS if row[n] in SMALL_CELL}
        if small:
            shown |= dict.fromkeys(("promotion_rate", "repetition_rate", "dropout_rate"))
            hidden_from = row["grade"] + 1 if hidden_from is None else hidden_from
        rates.append(shown)
    survival = [
        step
        if hidden_from is None or step["grade"] < hidden_from
        else {**step, "by_last_year": None, "eventual": None}
        for step in found["survival"]
    ]
    return {**found, "rates": rates, "survival": survival}
