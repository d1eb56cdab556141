"""The state one 5W row is checked in: the file's layout (`Context`, worked out once per
file) and the row with the problems each check adds (`RowCheck`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trayecto.domain.five_w import (
    OfWhich,
    Sex,
)
from trayecto.domain.problems import Problem
from trayecto.importers.cells import CellError
from trayecto.importers.five_w.values import (
    cell_text,
    parse_count,
)
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import (
    GROUP,
    Profile,
)


@dataclass
class Context:
    profile: Profile
    headers: dict[str, str]  # field -> header the user sees
    matcher: Matcher
    period: str | None
    org: str | None
    activities: Mapping[str, str] | None = None
    org_names: frozenset[str] = frozenset()  # normalised code and name of the uploader
    # the fields of each kind this layout has, worked out once per file
    group_fields: list[str] = field(init=False)
    cell_fields: list[tuple[str, Sex, str]] = field(init=False)
    month_cell_fields: list[tuple[str, Sex, str]] = field(init=False)
    of_which_fields: list[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.group_fields = [k for k in self.headers if k.startswith(GROUP)]
        self.cell_fields, self.month_cell_fields = [], []
        for key in self.headers:
            kind, _, rest = key.partition(":")
            if kind in {"cell", "fine", "month_cell"}:
                sex, _, band = rest.partition(":")
                target = self.month_cell_fields if kind == "month_cell" else self.cell_fields
                target.append((key, Sex(sex), f"{kind}:{band}"))
        self.of_which_fields = [
            (f"of:{a.value}", a.value) for a in OfWhich if f"of:{a.value}" in self.headers
        ]


@dataclass
class RowCheck:
    """One row being checked: its values, and the problems each check adds (named by the
    column header the user wrote)."""

    number: int
    values: dict[str, Any]
    ctx: Context
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def _problem(self, fieldname: str, value: Any, message: str, severity: str) -> Problem:
        column = self.ctx.headers.get(fieldname, fieldname)
        return Problem(self.number, column, cell_text(value), message, severity)

    def error(self, fieldname: str, value: Any, message: str) -> None:
        self.errors.append(self._problem(fieldname, value, message, "error"))

    def warn(self, fieldname: str, value: Any, message: str) -> None:
        self.warnings.append(self._problem(fieldname, value, message, "warning"))

    def count(self, fieldname: str) -> int | None:
        try:
            return parse_count(self.values.get(fieldname))
        except CellError as exc:
            self.error(fieldname, self.values.get(fieldname), f"la cantidad {exc}")
            return None
