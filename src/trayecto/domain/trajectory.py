"""Educational trajectories: the rules, in plain Python (docs/methodology/trajectory.md).

The reference implementation of analytics/trajectory.py: the same linking, the same several
rows a year rule and the same transitions, written for clarity over speed. A property test
checks that the SQL gives the same figures on any set of records. Also the small-cell
suppression of what roles without school-level access see.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

REGULAR_GRADES = range(0, 12)
LEVEL_OF_GRADE = {0: "transicion", **dict.fromkeys(range(1, 6), "primaria")}
LEVEL_OF_GRADE |= {**dict.fromkeys(range(6, 10), "secundaria"), 10: "media", 11: "media"}
OUTCOMES = ("promoted", "repeated", "dropped_out", "graduated")
COUNTS = ("enrolled", *OUTCOMES, "changed_sede", "changed_municipality", "returned")
RATES = {"promotion_rate": "promoted", "repetition_rate": "repeated", "dropout_rate": "dropped_out"}
SUPPRESSED = "<5"
SMALL_CELL = range(1, 5)  # counts from 1 to 4 are not shown to roles without school access


@dataclass(frozen=True)
class Record:
    """One row of a student file, as `student_enrolment` keeps it (pseudonymised)."""

    year: int
    student_id: str
    link_id: str
    sede_code: str
    row_order: int
    status: str  # matriculado | retirado | trasladado
    grade: int
    result: str | None = None  # aprobado | reprobado | None
    sex: str = "f"
    nationality: str = "COL"

    @property
    def municipality_code(self) -> str:
        return self.sede_code[1:6]


def origin(records: Iterable[Record]) -> dict[int, dict[str, Record]]:
    """year -> student -> the row that counts: the last row that is not TRASLADADO (the last
    row when all are), so a student counts once a year, at its origin sede."""
    chosen: dict[int, dict[str, Record]] = defaultdict(dict)

    def rank(r: Record) -> tuple[bool, int, str]:
        return (r.status != "trasladado", r.row_order, r.sede_code)

    for r in records:
        current = chosen[r.year].get(r.student_id)
        if current is None or rank(r) > rank(current):
            chosen[r.year][r.student_id] = r
    return chosen


@dataclass
class Links:
    """left student -> right student, and what each stage did."""

    pairs: dict[str, str] = field(default_factory=dict)
    by_document: int = 0
    by_name: int = 0
    ambiguous: int = 0  # records left unlinked because their name pseudonym was not unique


def link(left: Mapping[str, Record], right: Mapping[str, Record]) -> Links:
    """By document pseudonym; then, for records unmatched on both sides, by the name/birth/
    sex pseudonym when it appears exactly once among the unmatched of each side."""
    links = Links()
    for student in left:
        if student in right:
            links.pairs[student] = student
    links.by_document = len(links.pairs)
    rest_left = [r for s, r in left.items() if s not in right]
    rest_right = [r for s, r in right.items() if s not in left]
    count_left = Counter(r.link_id for r in rest_left)
    count_right = Counter(r.link_id for r in rest_right)
    right_by_link = {r.link_id: r.student_id for r in rest_right}
    for r in rest_left:
        if r.link_id not in count_right:
            continue
        if count_left[r.link_id] == 1 and count_right[r.link_id] == 1:
            links.pairs[r.student_id] = right_by_link[r.link_id]
            links.by_name += 1
    links.ambiguous = sum(
        count_left[k] + count_right[k]
        for k in count_left.keys() & count_right.keys()
        if count_left[k] > 1 or count_right[k] > 1
    )
    return links


@dataclass(frozen=True)
class Transition:
    """What became of one student enrolled in year t (grades 0–11)."""

    record: Record
    outcome: str
    changed_sede: bool
    changed_municipality: bool


def transitions(records: Iterable[Record], year: int) -> tuple[list[Transition], list[Record]]:
    """The transitions of year `year` and the students who returned (absent in t, present
    in t−1 and t+1; returned with their t+1 row, where they came back)."""
    by_year = origin(records)
    now, after = by_year.get(year, {}), by_year.get(year + 1, {})
    forward = link(now, after).pairs
    result: list[Transition] = []
    for student, r in now.items():
        if r.grade not in REGULAR_GRADES:
            continue
        found = after.get(forward[student]) if student in forward else None
        if r.grade == 11 and r.result == "aprobado":
            outcome = "graduated"
        elif found is None:
            outcome = "dropped_out"
        else:
            outcome = "promoted" if found.grade > r.grade else "repeated"
        moved = found is not None and outcome != "graduated"
        result.append(
            Transition(
                r,
                outcome,
                moved and found is not None and found.sede_code != r.sede_code,
                moved and found is not None and found.municipality_code != r.municipality_code,
            )
        )
    returned: list[Record] = []
    before = by_year.get(year - 1)
    if before is not None:
        backward = link(before, now).pairs
        left_before = {s: r for s, r in before.items() if s not in backward}
        linked_after = set(forward.values())
        right_after = {s: r for s, r in after.items() if s not in linked_after}
        for right_id in link(left_before, right_after).pairs.values():
            returned.append(right_after[right_id])
    return result, returned


def count(
    found: list[Transition], returned: list[Record], area_of: Any
) -> dict[str, dict[str, int]]:
    """area -> counts; `area_of(record)` gives the area code of a record."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for t in found:
        row = table[area_of(t.record)]
        row["enrolled"] += 1
        row[t.outcome] += 1
        row["changed_sede"] += t.changed_sede
        row["changed_municipality"] += t.changed_municipality
    for r in returned:
        table[area_of(r)]["returned"] += 1
    return dict(table)


def rates(row: Mapping[str, Any]) -> dict[str, float | None]:
    """Rates in percent of enrolled (None when no one was enrolled)."""
    enrolled = row["enrolled"]
    return {
        name: (round(100 * row[part] / enrolled, 2) if enrolled else None)
        for name, part in RATES.items()
    }


def suppress(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of counts as roles without school-level access see it: counts from 1 to 4
    shown as "<5"; and when an outcome is hidden, the enrolled total and the rates too
    (enrolled = promoted + repeated + dropped_out + graduated would give it back)."""
    shown: dict[str, Any] = dict(row)
    for name in COUNTS:
        value = row.get(name)
        if isinstance(value, int) and value in SMALL_CELL:
            shown[name] = SUPPRESSED
    if any(shown.get(name) == SUPPRESSED for name in ("enrolled", *OUTCOMES)):
        # with the total hidden too, one equation has two unknowns; a rate would give the
        # total back (promoted / promotion_rate), so the rates go as well
        shown["enrolled"] = SUPPRESSED
        for name in RATES:
            shown[name] = None
    return shown


# ------------------------------------------------------------------- suppression across rows
SECONDARY = "x"  # hidden so that a "<5" beside it cannot be worked out from a total


def suppress_table(
    total: Mapping[str, Any],
    parts: list[Mapping[str, Any]],
    total_hidden: Iterable[str] = (),
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A total row and the rows it adds up (school levels of a year, sub-areas of a
    territory) as roles without school-level access see them. Counts from 1 to 4 are "<5";
    then, while the sums the table states fix the value of a hidden cell, one more cell is
    hidden (shown as "x"): of the shown counts of a sum that holds the exposed cell, the one
    that leaves the fewest cells exposed (then a part's before the total's, then the
    smallest). The sums: in each row, enrolled = promoted + repeated +
    dropped_out + graduated; in each column, the total's count = the parts' counts. Rates go
    with a hidden enrolled or a hidden numerator. Complementary suppression, as statistical
    offices do it; what it protects against is exactly these sums (docs/methodology).
    `total_hidden`: counts of the total already hidden by another table that shares it."""
    rows = [dict(total), *(dict(p) for p in parts)]
    hidden = {
        (i, n) for i, r in enumerate(rows) for n in COUNTS
        if isinstance(r.get(n), int) and r[n] in SMALL_CELL
    } | {(0, n) for n in total_hidden}  # fmt: skip
    sums = _table_sums(rows, with_columns=bool(parts))
    while exposed := determined_cells(hidden, sums):
        cell = exposed[0]
        shown = {c for terms in sums if cell in terms for c in terms if c not in hidden}
        # the sums that hold the cell may all be hidden: it is then fixed through others
        shown = shown or {
            c for terms in sums if hidden & terms.keys() for c in terms if c not in hidden
        }
        # a hidden zero protects little: counts are not negative, so a sum of zero or a
        # row's other counts often give it back; zeros only when nothing else is left
        shown = {c for c in shown if rows[c[0]][c[1]] > 0} or shown
        if not shown:
            break
        # the cell that leaves the fewest cells exposed, then a part's, then the smallest
        hidden.add(
            min(
                shown,
                key=lambda c: (
                    len(determined_cells(hidden | {c}, sums)),
                    c[0] == 0,
                    rows[c[0]][c[1]],
                    c,
                ),
            )
        )
    result = []
    for i, row in enumerate(rows):
        shown_row: dict[str, Any] = dict(row)
        for n in COUNTS:
            if (i, n) in hidden:
                shown_row[n] = SUPPRESSED if row[n] in SMALL_CELL else SECONDARY
        for rate, part in RATES.items():
            if (i, "enrolled") in hidden or (i, part) in hidden:
                shown_row[rate] = None
        result.append(shown_row)
    return result[0], result[1:]


Cell = tuple[int, str]  # (row, count name)


def _table_sums(rows: list[dict[str, Any]], *, with_columns: bool) -> list[dict[Cell, int]]:
    """The sums a table states, as coefficients (= 0): enrolled − outcomes per row; and
    total − parts per column."""
    sums = [
        {(i, n): 1 if n == "enrolled" else -1 for n in ("enrolled", *OUTCOMES)}
        for i in range(len(rows))
    ]
    if with_columns:
        sums += [{(i, n): 1 if i == 0 else -1 for i in range(len(rows))} for n in COUNTS]
    return [{c: k for c, k in s.items() if isinstance(rows[c[0]].get(c[1]), int)} for s in sums]


def determined_cells(hidden: set[Cell], sums: list[dict[Cell, int]]) -> list[Cell]:
    """Hidden cells whose value the sums fix given the shown ones: those whose unit vector
    is in the row space of the sums restricted to the hidden cells (a row of the reduced
    echelon form is that unit vector). Exact, with fractions."""
    cells = sorted(hidden)
    index = {c: k for k, c in enumerate(cells)}
    matrix = [[Fraction(s.get(c, 0)) for c in cells] for s in sums if any(c in index for c in s)]
    pivot_row = 0
    for col in range(len(cells)):
        found = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col]), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col]:
                factor = matrix[r][col]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)
                ]
        pivot_row += 1
    return [
        cells[next(k for k, v in enumerate(row) if v)]
        for row in matrix[:pivot_row]
        if sum(1 for v in row if v) == 1
    ]


# ----------------------------------------------------------------------------- cohort survival
def survival_grades(entry_grade: int, years_after: int) -> list[int]:
    """The grades a cohort can reach in `years_after` more years without skipping one (the
    regular grades 0–11 only)."""
    return [g for g in range(entry_grade, entry_grade + years_after + 1) if g in REGULAR_GRADES]


def survival_rates(
    cohort: int, reached: Mapping[int, int], entry_year: int
) -> list[dict[str, Any]]:
    """One item per grade g: the year it is reached on time, the students of the cohort seen
    in grade g or higher, and their share of the cohort in percent."""
    first = min(reached, default=0)
    return [
        {
            "grade": g,
            "on_time_year": entry_year + g - first,
            "reached": n,
            "rate": round(100 * n / cohort, 2) if cohort else None,
        }
        for g, n in sorted(reached.items())
    ]


def survival(
    records: Iterable[Record], entry_year: int, entry_grade: int, area_of: Any
) -> dict[str, dict[str, Any]]:
    """The reference of analytics/trajectory_survival.py: area -> the cohort (students in
    `entry_grade` in `entry_year`, at their row of that year) and, per grade from the entry
    grade on, how many of them were seen in that grade or higher, following each student
    year by year along the links of consecutive years (a student lost one year is lost)."""
    by_year = origin(records)
    last = entry_year
    while last + 1 in by_year:
        last += 1
    grades = survival_grades(entry_grade, last - entry_year)
    cohort = {s: r for s, r in by_year.get(entry_year, {}).items() if r.grade == entry_grade}
    highest = {s: r.grade for s, r in cohort.items()}
    current = {s: s for s in cohort}  # cohort student -> its id in the year followed
    for year in range(entry_year, last):
        pairs = link(by_year[year], by_year[year + 1]).pairs
        current = {c: pairs[i] for c, i in current.items() if i in pairs}
        for c, i in current.items():
            grade = by_year[year + 1][i].grade
            if grade in REGULAR_GRADES:
                highest[c] = max(highest[c], grade)
    table: dict[str, dict[str, Any]] = {}
    for s, r in cohort.items():
        row = table.setdefault(area_of(r), {"cohort": 0, "reached": dict.fromkeys(grades, 0)})
        row["cohort"] += 1
        for g in grades:
            row["reached"][g] += highest[s] >= g
    return table


def suppress_counts(row: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """`row` with each count of `names` from 1 to 4 shown as "<5" (the early warning's
    students and students at high risk per sede, for every role)."""
    shown: dict[str, Any] = dict(row)
    for name in names:
        value = row.get(name)
        if isinstance(value, int) and value in SMALL_CELL:
            shown[name] = SUPPRESSED
    return shown


# ----------------------------------------------------------------------------- early warning
CONDITIONS = (
    "withdrew",
    "over_age",
    "failed",
    "repeated",
    "changed_sede",
    "nes_without_ppt",
    "rural_sede",
    "sede_dropout_high",
    "sede_dropout_medium",
)


@dataclass(frozen=True)
class RiskWeights:
    """Points per condition, the high-risk threshold and the sede dropout bands (percent)."""

    points: Mapping[str, int]
    high_risk_from: int
    sede_dropout_high: float
    sede_dropout_medium: float

    def score(self, conditions: Mapping[str, bool]) -> int:
        return sum(self.points[name] for name in CONDITIONS if conditions.get(name))


def auc_pairs(scored: Iterable[tuple[float, bool]]) -> float | None:
    """ROC AUC by its definition: the share of (dropout, stayer) pairs in which the dropout
    scored higher, ties counting one half. Quadratic: for tests and small samples."""
    items = list(scored)
    positive = [s for s, y in items if y]
    negative = [s for s, y in items if not y]
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def auc_of_groups(groups: Iterable[tuple[float, int, int]]) -> float | None:
    """The same AUC from (score, students, dropouts) groups, by average ranks."""
    ordered = sorted(groups)
    total_pos = sum(p for _, _, p in ordered)
    total_neg = sum(n - p for _, n, p in ordered)
    if not total_pos or not total_neg:
        return None
    below, rank_sum = 0, 0.0
    for _, n, p in ordered:
        rank_sum += p * (below + (n + 1) / 2)
        below += n
    return (rank_sum - total_pos * (total_pos + 1) / 2) / (total_pos * total_neg)


def precision_at(groups: Iterable[tuple[float, int, int]], share: float) -> float | None:
    """Share of dropouts among the `share` of students with the highest scores. Students
    tied at the cut are taken in proportion (the expected precision of a random order among
    them), so the figure does not depend on anything but the scores."""
    ordered = sorted(groups, reverse=True)
    total = sum(n for _, n, _ in ordered)
    if not total:
        return None
    k = max(1, math.ceil(share * total))
    taken, found = 0, 0.0
    for _, n, p in ordered:
        take = min(n, k - taken)
        found += p * take / n
        taken += take
        if taken >= k:
            break
    return found / k
