"""What an import found wrong, row by row, and the counts that must reconcile."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so that the user can fix it.

    `row` is the line number the user sees in the file (1 = header line of a CSV,
    the spreadsheet row number in a workbook); 0 when the problem is about the whole file.
    """

    row: int
    column: str
    value: str
    message: str
    severity: str = "error"  # "error" rejects the row; "warning" imports it and says why

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FileProblem(Exception):
    """The file as a whole cannot be read: missing, truncated, wrong encoding or layout."""

    def __init__(self, path: str, message: str, row: int = 0, column: str = "") -> None:
        super().__init__(f"{path}: {message}" + (f" (line {row})" if row else ""))
        self.problem = Problem(row=row, column=column, value=path, message=message)


@dataclass(frozen=True)
class ProblemGroup:
    """Problems that say the same thing about the same column, on several rows: shown as one
    line with the first few rows and values (as HDX's error handler does), so a report stays
    readable at 10,000 bad rows. The report itself keeps every problem."""

    severity: str
    column: str
    message: str
    problems: tuple[Problem, ...]

    @property
    def count(self) -> int:
        return len(self.problems)

    def first(self, limit: int = 10) -> tuple[Problem, ...]:
        return self.problems[:limit]


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems grouped by (severity, column, message), in the order each group first
    appears; within a group, in the order found."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        key = (problem.severity, problem.column, problem.message)
        groups.setdefault(key, []).append(problem)
    return [ProblemGroup(*key, tuple(found)) for key, found in groups.items()]


UNCHANGED = "unchanged: this file is already the current version; nothing was published"
NO_USABLE_ROWS = "no usable rows; nothing imported"


@dataclass
class ImportReport:
    """The outcome of one import: every row read is either imported or rejected."""

    source: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False
    dry_run: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def refuse(self, problem: Problem) -> ImportReport:
        """Refuse the whole file, saying why: nothing of it is published."""
        self.problems.append(problem)
        self.refused = True
        return self

    def refuse_if_empty(self, where: str) -> None:
        """Refuse a file that gave no usable row (unless already refused, saying why)."""
        if self.rows_imported == 0 and not self.refused:
            self.refuse(Problem(0, "", where, NO_USABLE_ROWS))

    def published(self, version: int | None, *, current_version: int) -> ImportReport:
        """Record the outcome of publishing, the same keys for every loader: `unchanged`,
        `manifest_version` (the new one, or the current one when nothing was published)
        and, when unchanged, `message`. `version` is None when the file was already there."""
        self.details["unchanged"] = version is None
        self.details["manifest_version"] = current_version if version is None else version
        if version is None:
            self.details["message"] = UNCHANGED
        return self

    def grouped_problems(self) -> list[ProblemGroup]:
        """The problems as the human report shows them (`as_dict` keeps each one)."""
        return group_problems(self.problems)

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_imported + self.rows_rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "refused": self.refused,
            "dry_run": self.dry_run,
            "problems": [p.as_dict() for p in self.problems],
            **self.details,
        }
