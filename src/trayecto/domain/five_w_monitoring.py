"""Monitoring rules of the 5W cycle: reporting completeness and timeliness (DHIS2-style),
reminders before and after the due date, progress against targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

REMINDER_DAYS_BEFORE = 3


class Reminder(StrEnum):
    SOON = "soon"  # due within REMINDER_DAYS_BEFORE days
    TODAY = "today"
    OVERDUE = "overdue"


def reminder(*, due: date, today: date, submitted: bool) -> Reminder | None:
    """Which reminder a partner that has not submitted gets today, if any."""
    if submitted:
        return None
    if today > due:
        return Reminder.OVERDUE
    if today == due:
        return Reminder.TODAY
    if (due - today).days <= REMINDER_DAYS_BEFORE:
        return Reminder.SOON
    return None


@dataclass(frozen=True)
class Receipt:
    """A report received: which partner, for which department and month, and when."""

    org: str
    department: str
    month: str
    submitted_on: date


@dataclass(frozen=True)
class CompletenessRow:
    org: str
    department: str
    month: str
    expected: int
    received: int
    on_time: int


def completeness(
    *,
    expected: Iterable[tuple[str, str, str]],
    receipts: Iterable[Receipt],
    due_dates: dict[str, date],
) -> list[CompletenessRow]:
    """One row per expected (partner, department, month), as DHIS2 counts reporting rates:
    received = a report arrived; on time = it arrived by the month's due date.
    Completeness = Σ received / Σ expected; timeliness = Σ on time / Σ expected.
    A report that was not expected (a new partner or territory) is counted as received and
    makes the pair expected from then on.
    """
    first: dict[tuple[str, str, str], date] = {}
    for receipt in receipts:
        key = (receipt.org, receipt.department, receipt.month)
        if key not in first or receipt.submitted_on < first[key]:
            first[key] = receipt.submitted_on
    keys = sorted(set(expected) | set(first))
    rows = []
    for org, department, month in keys:
        arrived = first.get((org, department, month))
        due = due_dates.get(month)
        on_time = arrived is not None and due is not None and arrived <= due
        rows.append(
            CompletenessRow(org, department, month, 1, int(arrived is not None), int(on_time))
        )
    return rows


@dataclass(frozen=True)
class Progress:
    reached: int
    target: int | None
    percent: float | None  # never capped: 130 % is shown as 130 %
    above_target: bool


def progress(reached: int, target: int | None) -> Progress:
    """Reached against target; above 100 % is flagged, never capped or blocked."""
    if not target:
        return Progress(reached, target, None, False)
    percent = round(100 * reached / target, 1)
    return Progress(reached, target, percent, reached > target)


# DHIS2 colours reporting rates in three bands (its default legend for reporting rates):
# at or above the upper bound green, below the lower bound red, in between yellow.
GOOD_FROM = 90.0
POOR_BELOW = 60.0


class Band(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


def rate_band(percent: float) -> Band:
    if percent >= GOOD_FROM:
        return Band.GOOD
    return Band.FAIR if percent >= POOR_BELOW else Band.POOR


@dataclass(frozen=True)
class GridCell:
    """One partner's month in the completeness grid, over the departments it is expected in."""

    expected: int
    received: int
    on_time: int

    @property
    def completeness(self) -> float:
        return round(100 * self.received / self.expected, 1)

    @property
    def timeliness(self) -> float:
        return round(100 * self.on_time / self.expected, 1)

    @property
    def band(self) -> Band:
        return rate_band(self.completeness)


def completeness_grid(
    rows: Iterable[CompletenessRow],
) -> tuple[list[str], list[str], dict[tuple[str, str], GridCell]]:
    """Partners × months: each cell adds the partner's departments of that month."""
    sums: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        cell = sums.setdefault((row.org, row.month), [0, 0, 0])
        cell[0] += row.expected
        cell[1] += row.received
        cell[2] += row.on_time
    orgs = sorted({org for org, _ in sums})
    months = sorted({month for _, month in sums})
    return orgs, months, {key: GridCell(*values) for key, values in sums.items()}


def month_to_report(today: date) -> str:
    """The month a partner reports now: the last finished month (its report is due on the
    10th of this month), not the current one, which is still under way."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"
