"""Rules of the action plans, free of I/O: statuses, overdue actions, progress of a plan and
of an action's indicator, and the steps and indicators of the ETPV plan
(docs/methodology/etpv.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"


# How the plan workbook writes each status (docs/formats/action-plan.md); read back as well.
STATUS_IN_FILE: dict[ActionStatus, str] = {
    ActionStatus.NOT_STARTED: "no iniciada",
    ActionStatus.IN_PROGRESS: "en curso",
    ActionStatus.DONE: "hecha",
    ActionStatus.BLOCKED: "bloqueada",
    ActionStatus.CANCELLED: "cancelada",
}
CLOSED = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


def status_from_file(text: str) -> ActionStatus | None:
    wanted = " ".join(text.strip().lower().split())
    for status, written in STATUS_IN_FILE.items():
        if wanted in {written, status.value}:
            return status
    return None


# The unit of an indicator measured in percent; any other unit counts (students, sedes…),
# so its baseline, target and progress are whole numbers (docs/formats/action-plan.md).
PERCENT_UNIT = "%"


def is_percentage(unit: str) -> bool:
    return unit.strip() == PERCENT_UNIT


def is_overdue(*, due: date, status: ActionStatus, today: date) -> bool:
    """Overdue: past its due date and neither done nor cancelled."""
    return status not in CLOSED and today > due


@dataclass(frozen=True)
class PlanProgress:
    total: int
    by_status: dict[ActionStatus, int]
    overdue: int

    @property
    def counted(self) -> int:
        """Actions that count: a cancelled action is neither done nor pending."""
        return self.total - self.by_status.get(ActionStatus.CANCELLED, 0)

    @property
    def percent_done(self) -> float | None:
        done = self.by_status.get(ActionStatus.DONE, 0)
        return round(100 * done / self.counted, 1) if self.counted else None


def plan_progress(actions: Iterable[tuple[ActionStatus, date]], *, today: date) -> PlanProgress:
    """Counts by status, overdue actions and the share done of a plan's (status, due) pairs."""
    pairs = list(actions)
    counts = Counter(status for status, _ in pairs)
    overdue = sum(is_overdue(due=due, status=status, today=today) for status, due in pairs)
    return PlanProgress(len(pairs), dict(counts), overdue)


def indicator_progress(*, baseline: float, target: float, latest: float | None) -> float | None:
    """How far the indicator went from baseline to target, in percent (not capped: above 100
    means beyond the target); None without a progress update or when target = baseline."""
    if latest is None or target == baseline:
        return None
    return round(100 * (latest - baseline) / (target - baseline), 1)


# --------------------------------------------------------------------------- the ETPV plan
# The route of a Venezuelan student to a regular document in school records (Joint Circular
# 16 of 2018; Decree 216 of 2021, ETPV): the order the plan's actions follow.
ETPV_STEPS: tuple[str, ...] = (
    "Matriculado en SIMAT con NES",
    "Prerregistro en el RUMV",
    "Registro biométrico",
    "PPT expedido",
    "Cambio de documento NES → PPT en SIMAT",
)
# The indicators the plan follows per ETC, reported by partners; where an ETC has loaded its
# SIMAT student files, all but the RUMV pre-registration are also computed from them
# (analytics/etpv.py): the aggregated sede data carries no document types.
ETPV_INDICATORS: tuple[tuple[str, str], ...] = (
    ("Estudiantes venezolanos con NES", "estudiantes"),
    ("Estudiantes venezolanos con PEP", "estudiantes"),
    ("Estudiantes venezolanos con PPT", "estudiantes"),
    ("Estudiantes venezolanos con otro documento", "estudiantes"),
    ("Estudiantes prerregistrados en el RUMV", "estudiantes"),
    ("Porcentaje de estudiantes venezolanos con PPT", "%"),
    ("Estudiantes de grado 11 sin PPT", "estudiantes"),
)
GRADE_11_WITHOUT_PPT = "Estudiantes de grado 11 sin PPT"


def flags_grade_11(indicator: str, latest: float | None) -> bool:
    """Grade-11 students without a PPT cannot graduate with an NES: any such student is
    flagged on the plan's dashboard."""
    return indicator == GRADE_11_WITHOUT_PPT and latest is not None and latest > 0
