"""People reached, consolidated without double counting, over the published 5W lines.

The warehouse table `five_w_line` holds one row per population group × sex × age cell of the
*new* beneficiaries of an activity line (its schema: warehouse/five_w_lines.py). The rules
are defined, with a plain-Python reference (`reach_by_area`), in trayecto.domain.five_w and
documented in docs/methodology/reach.md; this module runs them in DuckDB, and tests compare the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from trayecto.domain.five_w import (
    DEFAULT_COUNTED,
    DEFAULT_RULE,
    REACH_BREAKDOWNS,
    REACH_LEVELS,
    ConsolidationRule,
    ReachLine,
)
from trayecto.warehouse.engine import Connection, query_file

TABLE = "five_w_line"
BREAKDOWNS = REACH_BREAKDOWNS


@dataclass(frozen=True)
class ReachFilters:
    """What to count. Empty tuples mean "no restriction"; months are cumulative from January
    of the period's year (the plan year) to the period."""

    period: str
    statuses: tuple[str, ...] = tuple(s.value for s in DEFAULT_COUNTED)
    departments: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    population_groups: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    ages: tuple[str, ...] = ()
    breakdown: tuple[str, ...] = field(default=())

    def params(self) -> dict[str, object]:
        return {
            "month_from": f"{self.period[:4]}-01",
            "month_to": self.period,
            "statuses": list(self.statuses),
            "departments": list(self.departments),
            "municipalities": list(self.municipalities),
            "orgs": list(self.orgs),
            "activities": list(self.activities),
            "groups": list(self.population_groups),
            "sexes": list(self.sexes),
            "ages": list(self.ages),
        }

    def selects(self, line: ReachLine, status: str) -> bool:
        """Whether the SQL counts this line cell: the filters in plain Python, for tests and
        for the reference rules."""
        chosen = (
            (self.departments, line.department),
            (self.municipalities, line.municipality),
            (self.orgs, line.org),
            (self.activities, line.activity),
            (self.population_groups, line.group),
            (self.sexes, line.sex),
            (self.ages, line.age),
        )
        return (
            f"{self.period[:4]}-01" <= line.month <= self.period
            and status in self.statuses
            and all(not allowed or value in allowed for allowed, value in chosen)
        )


SQL_DIR = Path(__file__).parent / "reach_sql"
# Each rule's query is lines.sql (the counted lines of the filters), the rule's `cell`, then
# by_area.sql (the sum per area of the level): one filter and one tail for every rule.
RULE_FILES = {
    ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY: "max_rule.sql",
    ConsolidationRule.MAX_DEPARTMENT: "max_rule.sql",
    ConsolidationRule.MAX_SITE: "site_rule.sql",
    ConsolidationRule.SUM_NEW: "sum_rule.sql",
}


def reach(
    con: Connection,
    filters: ReachFilters,
    *,
    level: str = "nation",
    rule: ConsolidationRule = DEFAULT_RULE,
) -> pa.Table:
    """People reached per area (and breakdown), by the rule: columns area_code, population_group,
    sex, age (empty strings unless broken down) and value.

    Under `max_department` the maximum is taken per department, so results are given at
    department or nation level; at municipality level each municipality is its own area.
    `trayecto.domain.five_w.reach_by_area` is the same computation in plain Python.
    """
    if level not in REACH_LEVELS:
        raise ValueError(f"level must be one of {', '.join(REACH_LEVELS)}")
    unknown = set(filters.breakdown) - set(BREAKDOWNS)
    if unknown:
        raise ValueError(f"cannot break reach down by {', '.join(sorted(unknown))}")
    params = {
        **filters.params(),
        "level": level,
        "by_group": "population_group" in filters.breakdown,
        "by_sex": "sex" in filters.breakdown,
        "by_age": "age" in filters.breakdown,
    }
    by_department = rule is ConsolidationRule.MAX_DEPARTMENT and level != "municipality"
    parts = [SQL_DIR / "lines.sql", SQL_DIR / RULE_FILES[rule], SQL_DIR / "by_area.sql"]
    return query_file(con, parts, {**params, "max_by_department": by_department})


def total(con: Connection, filters: ReachFilters, rule: ConsolidationRule = DEFAULT_RULE) -> int:
    table = reach(con, filters, rule=rule)
    return int(sum(table.column("value").to_pylist()))


def presence(con: Connection, filters: ReachFilters) -> pa.Table:
    """Partner presence (3W) per municipality: number of partners, their codes, activities."""
    return query_file(con, [SQL_DIR / "lines.sql", SQL_DIR / "presence.sql"], filters.params())
