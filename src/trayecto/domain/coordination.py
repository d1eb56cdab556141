"""Rules of the LEG cycle, free of I/O: the priority departments, the monthly report's
workflow and when a follow-up is overdue."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

# The departments where the cluster runs a Local Education Group (DANE code, name). More
# workspaces can be opened by the cluster admin; these are the ones the demo and a fresh
# installation start with.
PRIORITY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("81", "Arauca"),
    ("08", "Atlántico"),
    ("54", "Norte de Santander"),
    ("52", "Nariño"),
    ("47", "Magdalena"),
    ("44", "La Guajira"),
    ("27", "Chocó"),
)


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    RETURNED = "returned"


class ReportAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    PUBLISH = "publish"


# action -> (states it leaves from, state it arrives at). A returned report is edited and
# submitted again; a published report is final (the bulletin and the donor view quote it).
TRANSITIONS: dict[ReportAction, tuple[frozenset[ReportStatus], ReportStatus]] = {
    ReportAction.SUBMIT: (
        frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED}),
        ReportStatus.SUBMITTED,
    ),
    ReportAction.APPROVE: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.APPROVED),
    ReportAction.RETURN: (
        frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED}),
        ReportStatus.RETURNED,
    ),
    ReportAction.PUBLISH: (frozenset({ReportStatus.APPROVED}), ReportStatus.PUBLISHED),
}
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
# Who acts: the LEG writes and submits; the national cluster approves, returns, publishes.
NATIONAL_ACTIONS = frozenset({ReportAction.APPROVE, ReportAction.RETURN, ReportAction.PUBLISH})


def next_status(current: ReportStatus, action: ReportAction) -> ReportStatus | None:
    """The state `action` leads to from `current`, or None when it is not allowed there."""
    sources, target = TRANSITIONS[action]
    return target if current in sources else None


def is_overdue(*, due: date, today: date, done: bool) -> bool:
    """A follow-up is overdue from the day after its due date until it is done."""
    return not done and today > due


def percent(part: int, whole: int) -> float | None:
    """Share in percent with one decimal, None when nothing was expected."""
    return round(100 * part / whole, 1) if whole else None


# A LEG's monthly report quotes the month's 5W completeness, so it is due a few days after
# the 5W report of the same month (ReportingPeriod.due_date).
LEG_REPORT_DAYS_AFTER_5W = 5


def previous_month(period: str) -> str:
    """'2026-01' -> '2025-12'."""
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def change(current: int | None, previous: int | None) -> tuple[int | None, float | None]:
    """(difference, percent change) from the previous month; None where it cannot be said."""
    if current is None or previous is None:
        return None, None
    return current - previous, percent(current - previous, previous)
