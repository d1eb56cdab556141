"""/api/v1/reach: people reached without double counting, as the reach dashboard counts them
(published reports; an ETC analyst's figures narrowed to its municipalities by
response/access.py)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from trayecto.analytics.reach import TABLE as LINES_TABLE
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import ConsolidationRule, Status
from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import refuse_anonymous_or_outsider
from trayecto.web.api.errors import responses
from trayecto.web.api.five_w import five_w_warehouse
from trayecto.web.api.results import results
from trayecto.web.response import access
from trayecto.web.response.selectors.reach import reach_figures
from trayecto.web.response.selectors.snapshot import counted_statuses, reach_rule

router = Router(tags=["reach"])

# ConsolidationRule's values (tests/web/api holds them equal)
Rule = Literal["max_activity_then_sum_municipality", "max_department", "max_site", "sum_new"]


class ReachProvenance(Schema):
    kind: str
    source: str
    method: str
    statuses: list[str]
    read_from: str
    manifest_version: int | None


class ReachFigure(Schema):
    area_code: str
    area_name: str
    year: int
    period: str
    value: int
    unit: str
    provenance: ReachProvenance


class ReachQuery(Schema):
    period: str | None = Field(
        None,
        pattern=r"^20\d{2}-(0[1-9]|1[0-2])$",
        description="Cumulative from January to this month (YYYY-MM); default this month.",
    )
    level: Literal["nation", "department", "municipality"] = "nation"
    rule: Rule | None = Field(None, description="Consolidation rule; default the configured one.")
    department: list[str] = Field(default_factory=list, description="DANE codes (2 digits).")
    municipality: list[str] = Field(default_factory=list, description="DANE codes (5 digits).")
    organization: list[str] = Field(default_factory=list, description="Organisation codes.")
    activity: list[str] = Field(default_factory=list, description="Activity codes.")


@router.get("", response=responses(list[ReachFigure]))
def reach(request: HttpRequest, query: Query[ReachQuery]) -> list[dict[str, Any]]:
    """Published reach per area of the level, with the rule and the manifest version used."""
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    period = query.period or timezone.localdate().strftime("%Y-%m")
    chosen = ReachFilters(
        period=period,
        departments=tuple(query.department),
        municipalities=tuple(query.municipality),
        orgs=tuple(query.organization),
        activities=tuple(query.activity),
    )
    store = five_w_warehouse()
    rule = ConsolidationRule(query.rule or reach_rule())
    scoped = access.scoped_filters(request.user, chosen)

    def figures() -> list[dict[str, Any]]:
        return reach_figures(
            warehouse=store, period=period, level=query.level, rule=rule, filters=scoped
        )

    if not (store.has(LINES_TABLE) and Status.PUBLISHED.value in counted_statuses()):
        return figures()  # read from the database: no warehouse version to key it by
    # the scope is in `scoped`: two callers share a result only when they see the same lines
    key = ("reach", period, query.level, rule, scoped)
    return results.get(store.root, store.manifest().version, key, figures)
