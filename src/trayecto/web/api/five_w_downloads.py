"""/api/v1/downloads/…/reach and …/5w/lines: published reach and the published 5W lines as
CSV or Parquet at addresses that name the 5W warehouse's manifest version, as the indicator
downloads are (downloads.py; guide: docs/api.md).

`/downloads/v{N}/reach.csv?period=&level=&rule=` keeps the figures of version N after later
publications; `/downloads/reach.csv` answers with the current version and names it
(`Content-Location`). Access is the API's reach and lines access (web/response/access.py):
reach for members, ETC analysts' figures narrowed to their municipalities; the lines for the
roles that export lines (never viewers), ETC analysts' narrowed likewise.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from trayecto.analytics.reach import TABLE as LINES_TABLE
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import ConsolidationRule, Status
from trayecto.reports import published_tables
from trayecto.warehouse import Warehouse, engine
from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import refuse_anonymous_or_outsider
from trayecto.web.api.downloads import FILE_RESPONSE, Format, at_version, versioned_file
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.api.five_w import NO_LINES_FOR_ROLE, five_w_warehouse
from trayecto.web.api.reach import ReachQuery
from trayecto.web.response import access
from trayecto.web.response.selectors.reach import reach_figures
from trayecto.web.response.selectors.snapshot import reach_rule

router = Router(tags=["downloads"])

NO_SNAPSHOT = (
    "El almacén aún no tiene líneas 5W publicadas: publique reportes (o ejecute "
    "`trayecto snapshot`)."
)


def _reach_file(
    request: HttpRequest, store: Warehouse, fmt: str, query: ReachQuery
) -> HttpResponse:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    if not store.has(LINES_TABLE):
        raise ApiError(404, NO_SNAPSHOT, code="missing_data")
    version = store.manifest().version
    period = query.period or timezone.localdate().strftime("%Y-%m")
    rule = ConsolidationRule(query.rule or reach_rule())
    chosen = ReachFilters(
        period=period,
        departments=tuple(query.department),
        municipalities=tuple(query.municipality),
        orgs=tuple(query.organization),
        activities=tuple(query.activity),
    )
    scoped = access.scoped_filters(request.user, chosen)

    def build() -> bytes:
        figures = reach_figures(
            warehouse=store, period=period, level=query.level, rule=rule, filters=scoped
        )
        records = [
            {**f, "level": query.level, "rule": rule.value,
             "statuses": ",".join(f["provenance"]["statuses"]), "manifest_version": version}
            for f in figures
        ]  # fmt: skip
        return _body(published_tables.REACH_COLUMNS, records, fmt, version)

    return versioned_file(
        request,
        version=version,
        pinned=f"downloads/v{version}/reach.{fmt}",
        name=f"reach_{query.level}_{period}_{rule.value}_v{version}.{fmt}",
        key=("download-reach", version, fmt, period, query.level, rule, scoped),
        build=build,
        private=True,  # members only
    )


class LineQuery(Schema):
    month: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    department: str | None = Field(None, pattern=r"^\d{2}$")
    municipality: str | None = Field(None, pattern=r"^\d{5}$")
    organization: str | None = Field(None, pattern=r"^[-a-zA-Z0-9_]{1,40}$")


LINES_SQL = f"""
select * from {LINES_TABLE}
where status = $status
  and ($month is null or month = $month)
  and ($department is null or department = $department)
  and ($municipality is null or municipality = $municipality)
  and ($org is null or org = $org)
  and ($scope is null or list_contains($scope, municipality))
order by month, submission_id, line_id, population_group, sex, age
"""  # noqa: S608 (a constant table name; every value is a parameter)


def _lines_file(request: HttpRequest, store: Warehouse, fmt: str, query: LineQuery) -> HttpResponse:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    if not access.can_export_lines(request.user):
        raise ApiError(403, NO_LINES_FOR_ROLE)
    if not store.has(LINES_TABLE):
        raise ApiError(404, NO_SNAPSHOT, code="missing_data")
    version = store.manifest().version
    scope = access.etc_scope(request.user)

    def build() -> bytes:
        values = {
            "status": Status.PUBLISHED.value, "month": query.month,
            "department": query.department, "municipality": query.municipality,
            "org": query.organization, "scope": None if scope is None else list(scope),
        }  # fmt: skip
        table = engine.query(store.reader()[0], LINES_SQL, values)
        records = [{**row, "manifest_version": version} for row in table.to_pylist()]
        return _body(published_tables.LINE_COLUMNS, records, fmt, version)

    asked = (query.month, query.department, query.municipality, query.organization)
    parts = [p for p in asked if p]
    return versioned_file(
        request,
        version=version,
        pinned=f"downloads/v{version}/5w/lines.{fmt}",
        name="_".join(["5w_lines", *parts, f"v{version}"]) + f".{fmt}",
        key=("download-lines", version, fmt, asked, scope),
        build=build,
        private=True,
    )


def _body(columns: published_tables.Columns, records: list[dict[str, Any]], fmt: str,
          version: int) -> bytes:  # fmt: skip
    if fmt == "csv":
        return published_tables.records_csv(columns, records)
    return published_tables.records_parquet(columns, records, manifest_version=version)


@router.get("/reach.{fmt}", response=responses(None), openapi_extra=FILE_RESPONSE,
            url_name="download-reach-current")  # fmt: skip
def reach_current(request: HttpRequest, fmt: Format, query: Query[ReachQuery]) -> HttpResponse:
    """Published reach per area (as /api/v1/reach), from the current manifest version."""
    return _reach_file(request, five_w_warehouse(), fmt, query)


@router.get("/v{version}/reach.{fmt}", response=responses(None), openapi_extra=FILE_RESPONSE,
            url_name="download-reach-version")  # fmt: skip
def reach_version(
    request: HttpRequest, version: int, fmt: Format, query: Query[ReachQuery]
) -> HttpResponse:
    """Published reach as counted from manifest version `version`, current or earlier."""
    store = at_version(five_w_warehouse(), version)
    return _reach_file(request, store, fmt, query)


@router.get("/5w/lines.{fmt}", response=responses(None), openapi_extra=FILE_RESPONSE,
            url_name="download-lines-current")  # fmt: skip
def lines_current(request: HttpRequest, fmt: Format, query: Query[LineQuery]) -> HttpResponse:
    """The published 5W lines (one row per line × group × sex × age cell), current version."""
    return _lines_file(request, five_w_warehouse(), fmt, query)


@router.get("/v{version}/5w/lines.{fmt}", response=responses(None),
            openapi_extra=FILE_RESPONSE, url_name="download-lines-version")  # fmt: skip
def lines_version(
    request: HttpRequest, version: int, fmt: Format, query: Query[LineQuery]
) -> HttpResponse:
    """The published 5W lines as the warehouse held them at manifest version `version`."""
    store = at_version(five_w_warehouse(), version)
    return _lines_file(request, store, fmt, query)
