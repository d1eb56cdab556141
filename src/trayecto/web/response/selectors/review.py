"""The review queue: reports to validate, each department's part validated or pending."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trayecto.domain.five_w import Status
from trayecto.web.response import access
from trayecto.web.response.models import Submission


@dataclass(frozen=True)
class DepartmentPart:
    """One department's lines of a report, as the review queue shows it."""

    code: str
    name: str
    validated_by: str  # username; empty while pending

    @property
    def pending(self) -> bool:
        return not self.validated_by


@dataclass(frozen=True)
class QueueEntry:
    submission: Submission
    parts: list[DepartmentPart]
    mine: bool  # the user has something to validate in it

    @property
    def validated_parts(self) -> int:
        return sum(1 for p in self.parts if not p.pending)


def department_parts(submission: Submission, names: dict[str, str]) -> list[DepartmentPart]:
    done = {
        v.department: v.validated_by.get_username() if v.validated_by else "sistema"
        for v in submission.department_validations.all()  # prefetched: access.with_review_state
    }
    return [
        DepartmentPart(code, names.get(code, code), done.get(code, ""))
        for code in sorted(submission.department_codes())
    ]


def validation_queue(*, user: Any, names: dict[str, str]) -> list[QueueEntry]:
    """Submitted reports with lines in the user's departments (a LEG) or anywhere (IM), each
    with its departments validated or pending: a report moves on when all are validated."""
    submitted = access.submissions_visible_to(user).filter(status=Status.SUBMITTED)
    entries = []
    for submission in access.with_review_state(
        submitted.order_by("period__month", "organization__name")
    ):
        if not access.reviewable_departments(user, submission):
            continue
        entries.append(
            QueueEntry(
                submission,
                department_parts(submission, names),
                access.can_validate(user, submission),
            )
        )
    return entries


def line_cells_label(cells: dict[str, int]) -> str:
    """The sex × age cells of a line's new beneficiaries, as a reviewer reads them."""
    sexes = {"f": "F", "m": "M", "o": "O", "u": "?"}
    parts = []
    for key, value in sorted(cells.items()):
        sex, _, age = key.partition(":")
        parts.append(f"{sexes.get(sex, sex)} {'s/d' if age == 'u' else age}: {value}")
    return " · ".join(parts)
