"""Reads that join the plans and the 5W: an ETPV action's progress from the approved 5W lines
marked as ETPV support, and the donor view's results per funded project
(docs/methodology/etpv.md, «Vínculo con el 5W»; docs/methodology/coordination.md).

People are counted as reach counts them (the configured consolidation rule, no double
counting, cumulative from January of each plan year); an action spanning two plan years adds
the two years' figures, as reach restarts each plan year.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import Q

from trayecto.analytics.reach import TABLE, ReachFilters, total
from trayecto.domain.action_plans import indicator_progress
from trayecto.domain.five_w import ConsolidationRule, Status, statuses_at_or_after
from trayecto.domain.five_w_etpv import ETPV_SUPPORT_LABELS, EtpvSupport
from trayecto.web.coordination.models import Action
from trayecto.web.response.access import etc_municipalities
from trayecto.web.response.models import ActivityLine, CatalogueItem
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


def _territory(action: Action) -> Q:
    """The action's place: its municipality, else its ETC's municipalities, else its
    department; an action without territory takes its organisations' lines anywhere."""
    if action.municipality:
        return Q(municipality=action.municipality)
    if action.etc_code:
        return Q(municipality__in=list(etc_municipalities(action.etc_code)))
    if action.department:
        return Q(department=action.department)
    return Q()


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


def action_etpv_support(action: Action) -> EtpvSupportFigures:
    """Approved (approved or published) 5W lines marked «Actividad en apoyo en ETPV = Sí» of
    the action's lead or supporting organisations, in its territory, from its start month to
    its due month. Progress: the people reached count from the baseline towards the target
    (not computed for a target in percent, nor without a target)."""
    first, last = _months(action)
    orgs = _organization_codes(action)
    where = (
        Q(etpv_support=True, month__gte=first, month__lte=last)
        & Q(submission__organization__code__in=orgs)
        & _territory(action)
    )
    chosen = ActivityLine.objects.filter(where, submission__status__in=APPROVED)
    types = Counter(chosen.values_list("etpv_support_type", flat=True))
    lines = sum(types.values())
    people = (
        _people(lines_table(APPROVED, where=where), statuses=APPROVED, first=first, last=last)
        if lines
        else 0
    )
    percent = None
    if action.target is not None and action.unit.strip() != "%":
        percent = indicator_progress(
            baseline=action.baseline, target=action.target, latest=action.baseline + people
        )
    return EtpvSupportFigures(
        lines=lines,
        people=people,
        percent_of_target=percent if lines else None,
        by_type=tuple(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        organizations=tuple(orgs),
    )


def etpv_support_by_action(actions: Iterable[Action]) -> dict[int, EtpvSupportFigures]:
    return {action.pk: action_etpv_support(action) for action in actions}


@dataclass(frozen=True)
class ProjectResult:
    """One funded project × activity of the published 5W: who reported it, where, and the
    people reached (cumulative from January of the period's year)."""

    project: str
    activity: str
    activity_name: str
    organizations: str
    departments: str
    lines: int
    people: int


def results_by_funded_project(period: str) -> list[ProjectResult]:
    """Published 5W lines that name a funded project («Convenio Financiado»), from January of
    the period's year to the period, per project and activity."""
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
    if not line_ids:
        return []
    table = lines_table(PUBLISHED, where=where)
    names = dict(
        CatalogueItem.objects.order_by("code", "valid_from").values_list("code", "name_es")
    )
    results = []
    for (project, activity), ids in sorted(line_ids.items()):
        mine = table.filter(pc.is_in(table["line_id"], value_set=pa.array(ids, pa.int64())))
        results.append(
            ProjectResult(
                project=project,
                activity=activity,
                activity_name=names.get(activity, ""),
                organizations=", ".join(sorted(orgs[(project, activity)])),
                departments=", ".join(sorted(departments[(project, activity)])),
                lines=len(ids),
                people=_people(mine, statuses=PUBLISHED, first=period, last=period),
            )
        )
    return results
