"""/api/v1/indicators…: the registry's metadata, values and gap reports.

Values are `analytics.compute.rollup`, the function `trayecto indicator --json` prints, so
the API and the command line give the same objects. Official aggregates are public with a
version stamp (ETag, Last-Modified); level sede only for the roles that see school-level
data of the area asked, as in the explorer.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from trayecto.analytics import aggregation, compute, gaps, registry
from trayecto.domain.indicators import Indicator
from trayecto.reports import published_tables
from trayecto.warehouse import Warehouse
from trayecto.web.accounts import access
from trayecto.web.api.common import API_ROOT, Page, Paging, paged, stamp_version, warehouse
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.api.results import results
from trayecto.web.statistics.selectors import area_name, etc_municipality_codes, latest_etc_code

router = Router(tags=["indicators"])


class IndicatorMeta(Schema):
    code: str
    family: str
    name_es: str
    name_en: str
    definition_es: str
    definition_en: str
    formula: str
    unit: str
    numerator: str
    numerator_en: str
    denominator: str
    denominator_en: str
    levels: list[str]
    disaggregations: list[str]
    source: list[str]
    aggregation: str
    base_level: str
    published: str
    school_level: str


class Provenance(Schema):
    source: str | None
    vintage: str | None
    manifest_version: int
    group: str | None
    status: str
    numerator_status: str
    method: str | None
    synthetic: bool
    published_source: str | None


class IndicatorValue(Schema):
    """One row of `trayecto indicator CODE --json`."""

    indicator: str
    level: str
    area_code: str
    area_name: str
    year: int
    sex: str | None
    group: str | None
    value: float | None
    unit: str
    numerator: float | None
    denominator: float | None
    published_value: float | None
    difference: float | None
    units: int | None
    units_with_value: int | None
    provenance: Provenance


class Unplaced(Schema):
    year: int
    units: int
    municipalities: list[str]


class ValuePage(Page[IndicatorValue]):
    manifest_version: int
    unplaced: list[Unplaced] = Field(
        default_factory=list,
        description="Units of the base level no area of this level could take (never lost).",
    )
    downloads: dict[str, str] = Field(
        default_factory=dict,
        description="The same values as files (csv, parquet) at the address of this "
        "manifest version: it keeps answering with these figures after later publications.",
    )


class ValueFilters(Schema):
    level: Literal["nation", "department", "etc", "municipality", "sede"] = "nation"
    area: str | None = Field(
        None, pattern=r"^\d{2,12}$", description="DANE code of the area (prefix at sede level)."
    )
    year: int | None = Field(None, ge=1900, le=2100)
    sex: Literal["f", "m"] | None = None
    group: Literal["COL", "VEN", "OTH"] | None = Field(
        None, description="Population group (nationality), sede-level data only."
    )


class GapFlag(Schema):
    """One gap; a publisher inconsistency adds `published_value` and `from_municipalities`."""

    kind: str
    area_code: str
    area_name: str
    year: int | None
    value: float | None
    message: str
    published_value: float | None = None
    from_municipalities: float | None = None


class GapReport(Schema):
    indicator: str
    manifest_version: int
    years: list[int]
    counts: dict[str, int]
    summary: str
    flags: list[GapFlag]


def metadata(indicator: Indicator) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in IndicatorMeta.model_fields}


def indicator_of(code: str) -> Indicator:
    try:
        return registry.get(code)
    except registry.UnknownIndicator as exc:
        raise ApiError(404, str(exc.args[0])) from exc


@router.get("", response=responses(list[IndicatorMeta]))
def indicator_list(request: HttpRequest, response: HttpResponse) -> list[dict[str, Any]]:
    """Every indicator of the registry with its metadata (as /metodologia/)."""
    stamp_version(request, response, warehouse())
    return [metadata(i) for i in registry.indicators().values()]


@router.get("/{code}", response=responses(IndicatorMeta))
def indicator_detail(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, Any]:
    found = metadata(indicator_of(code))
    stamp_version(request, response, warehouse())
    return found


def shows_school_level_rows(indicator: Indicator, level: str) -> bool:
    return level == "sede" and ("sede" in indicator.levels or bool(indicator.school_level))


@router.get("/{code}/values", response=responses(ValuePage))
def indicator_values(
    request: HttpRequest,
    response: HttpResponse,
    code: str,
    filters: Query[ValueFilters],
    paging: Query[Paging],
) -> dict[str, Any]:
    """The indicator at one level with provenance: the objects of `trayecto indicator --json`."""
    indicator = indicator_of(code)
    school_level = refuse_school_level(request, indicator, filters)
    store = warehouse()
    if not school_level:
        stamp_version(request, response, store)
    version = store.manifest().version
    rolled = results.get(
        store.root, version, ("values", code, asked(filters)),
        lambda: values_rollup(store, code, filters),
    )  # fmt: skip
    return {
        **paged(rolled.rows, paging),
        "manifest_version": version,
        "unplaced": rolled.unplaced,
        "downloads": download_links(request, code, filters, version),
    }


def asked(filters: Schema) -> tuple[tuple[str, Any], ...]:
    """The filters as a key of the result cache."""
    return tuple(sorted(filters.model_dump().items()))


def download_links(
    request: HttpRequest, code: str, filters: ValueFilters, version: int
) -> dict[str, str]:
    """The versioned download addresses of these values, one per format."""
    asked = urlencode({k: v for k, v in filters.model_dump().items() if v is not None})
    return {
        fmt: request.build_absolute_uri(
            f"{API_ROOT}downloads/v{version}/indicators/{code}.{fmt}?{asked}"
        )
        for fmt in published_tables.FORMATS
    }


def page_download_links(
    request: HttpRequest, rows: list[dict[str, Any]], **chosen: Any
) -> dict[str, str]:
    """The versioned downloads of the explorer's rows (chosen: code, level, area, year, sex,
    group as the explorer's filters hold them, "" for none), their version and the list of
    versions; nothing for no rows."""
    if not rows:
        return {}
    code = chosen.pop("code")
    filters = ValueFilters(**{k: v for k, v in chosen.items() if v not in ("", None)})
    version = rows[0]["provenance"]["manifest_version"]
    return {
        **download_links(request, code, filters, version),
        "version": str(version),
        "versions": f"{API_ROOT}downloads/versions",
    }


def refuse_school_level(request: HttpRequest, indicator: Indicator, filters: ValueFilters) -> bool:
    """Whether the rows asked for are school-level ones; refused (401/403) when the caller's
    role may not see that area's sedes."""
    school_level = shows_school_level_rows(indicator, filters.level)
    if school_level and not access.can_view_school_level_area(
        request.user, filters.area or "", latest_etc_code, etc_municipality_codes
    ):
        if not request.user.is_authenticated:
            raise ApiError(401, gettext("Los valores por sede piden una cuenta: envíe su token."))
        # the same words as the explorer's refusal: what this role may ask for instead
        raise ApiError(403, access.school_level_refusal(request.user, area_name))
    return school_level


def values_rollup(store: Warehouse, code: str, filters: ValueFilters) -> aggregation.Rollup:
    """`compute.rollup` of the filters; what cannot be computed is a JSON error."""
    query = compute.Query(
        code=code, level=filters.level, area=filters.area, year=filters.year,
        sex=filters.sex, group=filters.group,
    )  # fmt: skip
    try:
        return compute.rollup(store, query)
    except (aggregation.LevelNotAvailable, compute.GroupNotAvailable) as exc:
        raise ApiError(400, str(exc), code="not_available") from exc
    except (compute.MissingData, aggregation.MissingGeography) as exc:
        raise ApiError(404, str(exc), code="missing_data") from exc


# exclude_unset: a flag has the fields of its kind only, as `trayecto gaps --json` prints it
@router.get("/{code}/gaps", response=responses(GapReport), exclude_unset=True)
def indicator_gaps(request: HttpRequest, response: HttpResponse, code: str) -> dict[str, Any]:
    """Missing years and areas, failed identities, outliers (the explorer's gap flags)."""
    indicator_of(code)
    store = warehouse()
    try:
        report = gaps.gap_report(store, code)
    except compute.MissingData as exc:
        raise ApiError(404, str(exc), code="missing_data") from exc
    stamp_version(request, response, store)
    return report
