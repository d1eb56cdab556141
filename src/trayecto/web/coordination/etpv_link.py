"""Reads that join the plans and the 5W: an ETPV action's progress from the approved 5W lines
marked as ETPV support, and the donor view's results per funded project
(docs/methodology/etpv.md, «Vínculo con el 5W»; docs/methodology/bulletin.md, donor view).

People are counted as reach counts them (the configured consolidation rule, no double
counting, cumulative from January of each plan year); an action spanning two plan years adds
the two years' figures, as reach restarts each plan year.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import Q

from trayecto.analytics.reach import TABLE, ReachFilters, total
from trayecto.domain.action_plans import indicator_progress, is_percentage
from trayecto.domain.five_w import ConsolidationRule, Status, statuses_at_or_after
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS, EtpvSupport
from trayecto.domain.five_w_monitoring import progress
from trayecto.web.coordination.models import Action
from trayecto.web.response.access import etc_municipalities
from trayecto.web.response.models import ActivityLine, CatalogueItem, PlannedActivity
from trayecto.web.response.selectors.snapshot import lines_table, reach_rule

# An action's progress counts lines once the national cluster approved them.
APPROVED = tuple(s.value for s in statuses_at_or_after(Status.APPROVED))
PUBLISHED = (Status.PUBLISHED.value,)


@dataclass(frozen=True)
class EtpvSupportFigures:
    """What the 5W says about one action: approved ETPV-support lines of its organisations in
    its territory and dates, the people they reached, and how far that goes to the target."""

    lines: int
    people: int
    percent_of_target: float | None
    by_type: tuple[tuple[str, int], ...]  # (support type code, lines)
    organizations: tuple[str, ...]

    def type_labels(self, language: str | None) -> list[tuple[str, int]]:
        english = (language or "es").startswith("en")
        return [
            (ETPV_SUPPORT_LABELS[EtpvSupport(code)][1 if english else 0] if code else "—", n)
            for code, n in self.by_type
        ]


def _months(action: Action) -> tuple[str, str]:
    return f"{action.start_date:%Y-%m}", f"{action.due_date:%Y-%m}"


def _in_territory(action: Action) -> Callable[[str, str], bool]:
    """Whether a line's (department, municipality) is in the action's place: its
    municipality, else its ETC's municipalities, else its department; an action without
    territory takes its organisations' lines anywhere."""
    if action.municipality:
        return lambda _department, municipality: municipality == action.municipality
    if action.etc_code:
        served = frozenset(etc_municipalities(action.etc_code))
        return lambda _department, municipality: municipality in served
    if action.department:
        return lambda department, _municipality: department == action.department
    return lambda _department, _municipality: True


def _organization_codes(action: Action) -> list[str]:
    return [action.lead.code, *(o.code for o in action.supporting.all())]


def _people(table: pa.Table, *, statuses: tuple[str, ...], first: str, last: str) -> int:
    """People the lines of `table` reached from month `first` to `last`, by the reach rule,
    added over plan years."""
    con = duckdb.connect()
    con.register(TABLE, table)
    rule = ConsolidationRule(reach_rule())
    people = 0
    for year in range(int(first[:4]), int(last[:4]) + 1):
        period = min(last, f"{year}-12")
        people += total(con, ReachFilters(period, statuses=statuses), rule=rule)
    con.close()
    return people


# (line id, organisation code, department, municipality, month, support type)
LineKey = tuple[int, str, str, str, str, str]


def _figures(action: Action, approved: list[LineKey], table: pa.Table | None) -> EtpvSupportFigures:
    first, last = _months(action)
    orgs = _organization_codes(action)
    inside = _in_territory(action)
    chosen = [
        line
        for line in approved
        if line[1] in orgs and first <= line[4] <= last and inside(line[2], line[3])
    ]
    types = Counter(line[5] for line in chosen)
    people = 0
    if chosen and table is not None:
        ids = pa.array([line[0] for line in chosen], pa.int64())
        mine = table.filter(pc.is_in(table["line_id"], value_set=ids))
        people = _people(mine, statuses=APPROVED, first=first, last=last)
    percent = None
    if chosen and action.target is not None and not is_percentage(action.unit):
        percent = indicator_progress(
            baseline=action.baseline, target=action.target, latest=action.baseline + people
        )
    return EtpvSupportFigures(
        lines=len(chosen),
        people=people,
        percent_of_target=percent,
        by_type=tuple(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        organizations=tuple(orgs),
    )


def etpv_support_by_action(actions: Iterable[Action]) -> dict[int, EtpvSupportFigures]:
    """For each action: approved (approved or published) 5W lines marked «Actividad en apoyo
    en ETPV = Sí» of its lead or supporting organisations, in its territory, from its start
    month to its due month. Progress: the people reached count from the baseline towards
    the target (not computed for a target in percent, without a target, nor without lines).
    Two queries for a whole plan, however many actions."""
    chosen = list(actions)
    if not chosen:
        return {}
    support = Q(etpv_support=True)
    approved: list[LineKey] = list(
        ActivityLine.objects.filter(support, submission__status__in=APPROVED).values_list(
            "id", "submission__organization__code", "department", "municipality", "month",
            "etpv_support_type",
        )
    )  # fmt: skip
    table = lines_table(APPROVED, where=support) if approved else None
    return {action.pk: _figures(action, approved, table) for action in chosen}


def action_etpv_support(action: Action) -> EtpvSupportFigures:
    """One action's figures (etpv_support_by_action)."""
    return etpv_support_by_action([action])[action.pk]


@dataclass(frozen=True)
class ProjectResult:
    """One funded project × activity: who reported or planned it, where, the people the
    partners planned to reach in the period's year and the people the published 5W reached
    (cumulative from January of the period's year)."""

    project: str
    activity: str
    activity_name: str
    organizations: str
    departments: str
    lines: int
    people: int
    planned: int | None = None  # None: no planned activity names the project

    @property
    def percent_of_plan(self) -> float | None:
        """People reached as a share of the planned, rounded to 0.1 and never capped (the
        rule of every planned-against-reached figure); None without a plan or with 0 planned."""
        return progress(self.people, self.planned).percent


def _planned_by_funded_project(year: int) -> dict[tuple[str, str], tuple[int, set[str], set[str]]]:
    """(project, activity) -> (people planned, organisation names, departments) of the
    planned activities of the year that name a funded project."""
    planned: dict[tuple[str, str], tuple[int, set[str], set[str]]] = {}
    rows = PlannedActivity.objects.filter(plan_year=year).exclude(funded_project="")
    for project, activity, people, org, department in rows.values_list(
        "funded_project", "activity", "planned_beneficiaries", "organization__name", "department"
    ):
        total_so_far, orgs, departments = planned.get((project, activity), (0, set(), set()))
        planned[(project, activity)] = (
            total_so_far + people,
            orgs | {org},
            departments | {department},
        )
    return planned


def results_by_funded_project(period: str) -> list[ProjectResult]:
    """Per funded project and activity: published 5W lines that name the project («Convenio
    Financiado»), from January of the period's year to the period, beside the people planned
    by the year's planned activities that name the same project for the same activity. A
    project planned but not yet reached is listed with 0 people."""
    first = f"{period[:4]}-01"
    where = ~Q(funded_project="") & Q(month__gte=first, month__lte=period)
    named = ActivityLine.objects.filter(where, submission__status__in=PUBLISHED)
    line_ids: dict[tuple[str, str], list[int]] = defaultdict(list)
    orgs: dict[tuple[str, str], set[str]] = defaultdict(set)
    departments: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line_id, project, activity, org, department in named.values_list(
        "id", "funded_project", "activity", "submission__organization__name", "department"
    ).iterator(chunk_size=5000):
        key = (project, activity)
        line_ids[key].append(line_id)
        orgs[key].add(org)
        departments[key].add(department)
    planned = _planned_by_funded_project(int(period[:4]))
    if not line_ids and not planned:
        return []
    table = lines_table(PUBLISHED, where=where) if line_ids else None
    names = dict(
        CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "name_es")
    )
    results = []
    for key in sorted(line_ids.keys() | planned.keys()):
        project, activity = key
        ids = line_ids.get(key, [])
        people = 0
        if ids and table is not None:
            mine = table.filter(pc.is_in(table["line_id"], value_set=pa.array(ids, pa.int64())))
            people = _people(mine, statuses=PUBLISHED, first=period, last=period)
        plan = planned.get(key)
        results.append(
            ProjectResult(
                project=project,
                activity=activity,
                activity_name=names.get(activity, ""),
                organizations=", ".join(sorted(orgs[key] | (plan[1] if plan else set()))),
                departments=", ".join(sorted(departments[key] | (plan[2] if plan else set()))),
                lines=len(ids),
                people=people,
                planned=plan[0] if plan else None,
            )
        )
    return results
