"""Selectors behind the indicator explorer, methodology and ETC pages (no HTTP here)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from trayecto.analytics import aggregation, areas, compute, estimates, gaps, geography, registry
from trayecto.domain.indicators import LEVELS, Indicator
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.importers import registry as sources
from trayecto.reports import indicator_chart, indicator_export
from trayecto.warehouse import Warehouse, engine
from trayecto.web.statistics import area_figures
from trayecto.web.statistics.labels import (
    GROUP_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    method_words,
)

# A re-aggregated value further than this from MEN's published one is flagged: MEN rounds
# to 2 decimals, so smaller gaps are rounding; larger ones mean another method or series.
DIFFERENCE_FLAG = {
    "percent": 0.1,
    "per_1000": 0.5,
    "persons": 0.0,
    "ratio": 0.01,
    "students_per_teacher": 0.1,
    "severity": 0.01,
}
# MEN rates weighted by DANE's single-age population (coverage by level): higher levels differ
# from MEN's own figures where MEN divided by another projection (2012–2017, CNPV 2005).
DANE_WEIGHTED = {"queries/men_rate_by_population_ages.sql"}


# The table's sortable columns, by the name the `orden` parameter uses ("-valor": descending).
SORT_KEYS = {"codigo": "area_code", "area": "area_name", "anio": "year", "valor": "value"}
ORDERS = tuple(name for key in SORT_KEYS for name in (key, f"-{key}"))
PAGE_SIZE = 100  # rows of the table per page: a page's size and time never grow with the data
# Results kept per (warehouse, manifest version, filters): the next page, or another order,
# of a national table reuses its rows instead of computing them again. A national sede table
# is some tens of MB of dicts; a few of them are kept, the oldest dropped first.
RESULTS_KEPT = 4
_results: OrderedDict[tuple[Any, ...], ExplorerResult] = OrderedDict()
_results_lock = threading.Lock()


def warehouse() -> Warehouse:
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


@dataclass(frozen=True)
class ExplorerFilters:
    code: str = "cobertura_neta"
    level: str = "department"
    area: str = ""
    year: int | None = None
    sex: str = ""
    group: str = ""  # population group (nationality COL | VEN | OTH), sede data only
    estimate: str = ""

    @classmethod
    def from_query(cls, data: Any) -> ExplorerFilters:
        def pick(name: str, default: str, allowed: Any = None) -> str:
            value = str(data.get(name, default) or default).strip()
            return value if allowed is None or value in allowed else default

        year_text = pick("anio", "")
        return cls(
            code=pick("indicador", "cobertura_neta", registry.indicators()),
            level=pick("nivel", "department", LEVELS),
            area=pick("area", "")[:12],
            year=int(year_text) if year_text.isdigit() else None,
            sex=pick("sexo", "", ("f", "m")),
            group=pick("grupo", "", compute.GROUPS),
            estimate=pick("estimar", "", estimates.METHODS),
        )


@dataclass
class ExplorerResult:
    indicator: Indicator
    filters: ExplorerFilters
    rows: list[dict[str, Any]] = field(default_factory=list)
    flags: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # flag kind -> rows of the table that carry it: the gap report counts what the table
    # shows (same level, area, year, sex), never the whole country's base-level report
    gap_counts: dict[str, int] = field(default_factory=dict)
    # The map's areas and one year's values; the specs are drawn per page language
    # (`charts`), since this result is shared by every language
    map_layer: dict[str, Any] | None = None
    map_values: dict[str, float | None] = field(default_factory=dict)
    map_year: int | None = None
    notice: str = ""
    years: list[int] = field(default_factory=list)
    # base units the level could not place (no ETC known for their municipality): shown
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    # "≠ published" shown for an indicator whose municipal rates Trayecto weights by DANE's
    # CNPV-2018 population (coverage by level): the page explains why they differ
    differs_by_weighting: bool = False
    # the rows in each order asked for, sorted once per result (see ordered_rows)
    orders: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    @property
    def synthetic(self) -> bool:
        """Some value comes from synthetic (demo) sede data."""
        return any(r["provenance"].get("synthetic") for r in self.rows)


def has_group(indicator: Indicator) -> bool:
    """The indicator can be broken down by population group (sede data carry nationality)."""
    return "nationality" in indicator.disaggregations


def no_group_notice(indicator: Indicator) -> str:
    return (
        f"«{indicator.name_es}» no tiene desagregación por grupo poblacional: los datos "
        "oficiales (MEN, DANE) no publican cifras por nacionalidad, y el grupo solo existe en "
        "la matrícula por sede (deserción, aprobación, reprobación, repitencia y extraedad). "
        "/ No breakdown by population group: official MEN and DANE data have none; the group "
        "(nationality) exists only in sede-level enrolment."
    )


def not_below_municipality_notice(indicator: Indicator) -> str:
    return (
        f"«{indicator.name_es}» no se calcula por sede: su denominador es la población que vive "
        "en un territorio (proyección DANE por municipio) y una sede no tiene población propia; "
        "sus estudiantes vienen de varios barrios y veredas. Por eso la cobertura se muestra "
        "desde el municipio hacia arriba. / Coverage is never computed below the municipality:"
        " its denominator is the population living in a territory, which a school does not have."
    )


def area_choices() -> list[dict[str, str]]:
    """Departments and ETCs by code and name, for the area field's suggestions."""
    store = warehouse()
    try:
        con, version = compute.reader(store)
    except compute.MissingData:
        return []

    def build() -> list[dict[str, str]]:
        return [
            {"code": code, "name": name, "level": level}
            for level in ("department", "etc")
            for code, name in sorted(areas.area_names(con, level).items())
        ]

    choices: list[dict[str, str]] = compute.cached((str(store.root), version, "choices"), build)
    return choices


def explore(filters: ExplorerFilters) -> ExplorerResult:
    """The explorer's rows, flags, chart and map for these filters, computed once per
    warehouse version: paging and sorting a large table slice these, never recompute them."""
    store = warehouse()
    key = (str(store.root), store.manifest().version, filters)
    with _results_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    result = compute_result(filters)
    with _results_lock:
        _results[key] = result
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)
    return result


def compute_result(filters: ExplorerFilters) -> ExplorerResult:
    indicator = registry.get(filters.code)
    result = ExplorerResult(indicator=indicator, filters=filters)
    if filters.level not in indicator.levels:
        result.notice = (
            not_below_municipality_notice(indicator)
            if filters.level == "sede"
            else f"{indicator.name_es}: nivel no disponible ({', '.join(indicator.levels)})."
        )
        return result
    if filters.sex and "sex" not in indicator.disaggregations:
        result.notice = (
            f"«{indicator.name_es}» no tiene desagregación por sexo en las fuentes oficiales "
            "(MEN no publica matrícula por sexo y municipio). / No breakdown by sex in the "
            "official sources."
        )
        return result
    if filters.group and not has_group(indicator):
        result.notice = no_group_notice(indicator)
        return result
    if filters.group and filters.estimate:
        result.notice = (
            "Las estimaciones se hacen para todos los grupos juntos: elija «Todos» en Grupo. "
            "/ Estimates are made for all population groups together."
        )
        return result
    store = warehouse()
    query = compute.Query(
        code=filters.code,
        level=filters.level,
        area=filters.area or None,
        year=filters.year,
        sex=filters.sex or None,
        group=filters.group or None,
    )
    try:
        if filters.estimate:
            rows = estimates.estimate(store, query, method=filters.estimate)
        else:
            rolled = compute.rollup(store, query)
            rows, result.unplaced = rolled.rows, rolled.unplaced
        report = gaps.gap_report(store, filters.code)
    except (compute.MissingData, aggregation.MissingGeography) as exc:
        result.notice = str(exc)
        return result
    result.rows = rows
    base_flags = gaps.flags_by_cell(report) if filters.level == indicator.base_level else {}
    if filters.level == "department":
        # MEN's departmental figure against MEN's own municipal ones: the publisher's
        # inconsistency, said as such instead of a plain "≠ published"
        base_flags = {
            (f["area_code"], f["year"]): [f["kind"]]
            for f in report["flags"]
            if f["kind"] == "publisher_inconsistency"
        }
    for r in rows:
        cell = list(base_flags.get((r["area_code"], r["year"]), []))
        if r["units_with_value"] < r["units"]:
            cell.append("incomplete")
        if r["provenance"]["status"] == "estimated":
            cell.append("estimated")
        if r["provenance"].get("synthetic"):
            cell.append("synthetic")  # demo sede data: every page that shows it says so
        differs = (
            r["difference"] is not None and abs(r["difference"]) > DIFFERENCE_FLAG[indicator.unit]
        )
        if differs and "publisher_inconsistency" not in cell:
            cell.append("differs")
        over_100 = (r["value"] or 0) > 100 and indicator.coverage
        if over_100 and indicator.unit == "percent" and "over_100" not in cell:
            cell.append("over_100")
        if cell:
            result.flags[(r["area_code"], r["year"])] = cell
    result.gap_counts = flag_counts(result.flags)
    result.differs_by_weighting = indicator.sql in DANE_WEIGHTED and "differs" in result.gap_counts
    result.years = sorted({r["year"] for r in rows})
    add_map(result, store)
    return result


def ordered_rows(result: ExplorerResult, order: str) -> list[dict[str, Any]]:
    """The rows in the asked order ("" keeps the computed one), sorted once per result."""
    if not order:
        return result.rows
    if order not in result.orders:
        result.orders[order] = sort_rows(result.rows, order)
    return result.orders[order]


def sort_rows(rows: list[dict[str, Any]], order: str) -> list[dict[str, Any]]:
    """Missing values always last, whichever the direction, so that the first page shows
    figures."""
    key = SORT_KEYS[order.removeprefix("-")]
    present = [r for r in rows if r[key] is not None]
    missing = [r for r in rows if r[key] is None]
    present.sort(key=lambda r: r[key], reverse=order.startswith("-"))
    return present + missing


def flag_counts(flags: dict[tuple[str, int], list[str]]) -> dict[str, int]:
    """How many rows carry each kind of flag."""
    counts: dict[str, int] = {}
    for kinds in flags.values():
        for kind in set(kinds):
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def add_map(result: ExplorerResult, store: Warehouse) -> None:
    """A choropleth of one year: all departments, or the municipalities of one department
    (the national municipal layer is too heavy for slow connections)."""
    filters = result.filters
    level = filters.level
    if level not in ("department", "municipality") or not result.rows:
        return
    if level == "municipality" and len(filters.area) != 2:
        return
    con, _ = compute.reader(store)
    needed = (
        {"department_boundary"}
        if level == "department"
        else {"municipality_boundary", "municipality", "department"}
    )
    if not needed <= areas.tables(con):
        return  # the map needs the geography imports (mgn2018, divipola)
    with_value = [r for r in result.rows if r["value"] is not None]
    if not with_value:
        return
    year = filters.year or max(r["year"] for r in with_value)
    values = {r["area_code"]: r["value"] for r in with_value if r["year"] == year}
    if level == "department":
        layer = geography.department_map(con)
    else:
        layer = geography.municipality_map(con, [filters.area])
    result.map_year = year
    result.map_layer = layer
    result.map_values = values


@dataclass(frozen=True)
class Charts:
    trend: indicator_chart.TrendChart
    map: dict[str, Any] | None


def charts(result: ExplorerResult, labels: indicator_chart.ChartLabels, *, english: bool) -> Charts:
    """The trend chart (the priority departments' areas first) and the map, in the page's
    language: titles, legends, tooltips and the statuses' names."""
    indicator, filters = result.indicator, result.filters
    language = "en" if english else "es"
    title = indicator.name(language)
    if filters.sex:
        title += f" ({SEX_LABELS[filters.sex]})"
    if filters.group:
        title += f" — {GROUP_LABELS[filters.group]}"
    unit_label = indicator.unit_label(language)
    trend = indicator_chart.trend_spec(
        result.rows, title=title, unit=indicator.unit, unit_label=unit_label, labels=labels,
        priority=PRIORITY_DEPARTMENTS,
    )  # fmt: skip
    shown_map = None
    if result.map_layer is not None:
        shown_map = indicator_chart.choropleth_spec(
            result.map_layer,
            result.map_values,
            title=f"{indicator.name(language)} {result.map_year}",
            unit=indicator.unit,
            unit_label=unit_label,
            labels=labels,
        )
    return Charts(trend, shown_map)


def export_rows(result: ExplorerResult) -> list[dict[str, Any]]:
    """The download's rows: codes, and beside the unit, status and method their words in the
    page's language."""
    language = "en" if (get_language() or "es").startswith("en") else "es"
    unit = result.indicator.unit_label(language)
    return [
        {
            **row,
            "unit_name": unit,
            "status_name": str(STATUS_LABELS.get(row["status"], row["status"])),
            "method_name": method_words(row["method"]) if row["method"] else "",
        }
        for row in indicator_export.table_rows(result.rows, result.flags)
    ]


def methodology(code: str) -> dict[str, Any]:
    indicator = registry.get(code)
    return {
        "indicator": indicator,
        "sql": "\n".join(p.read_text(encoding="utf-8") for p in registry.sql_paths(indicator)),
        "sources": [sources.SOURCES[s] for s in indicator.source if s in sources.SOURCES],
        "aggregation": aggregation_text(indicator),
    }


def aggregation_text(indicator: Indicator) -> dict[str, str]:
    if indicator.aggregation == "sum":
        return {
            "es": "Se suman los valores municipales (o de sede) hacia ETC, departamento y nación.",
            "en": "Municipal (or school) values are summed up to ETC, department and nation.",
        }
    if indicator.aggregation in aggregation.PARITY:
        return {
            "es": "Tasa femenina / tasa masculina, cada una recalculada sumando numeradores "
            "y denominadores.",
            "en": "Female rate / male rate, each recomputed by summing numerators and "
            "denominators.",
        }
    return {
        "es": "Se suman numeradores y denominadores de las unidades de base y se divide: "
        "nunca se promedian tasas.",
        "en": "Numerators and denominators of the base units are summed, then divided: "
        "rates are never averaged.",
    }


def etc_page(code: str) -> dict[str, Any] | None:
    store = warehouse()
    try:
        con, _ = compute.reader(store)
    except compute.MissingData:
        return None
    name = areas.area_names(con, "etc").get(code)
    if name is None:
        return None
    municipalities: list[dict[str, Any]] = []
    if "municipality_etc" in areas.tables(con):
        municipalities = engine.rows(
            con,
            "select municipality_code as code from municipality_etc where etc_code::varchar = $c "
            "qualify year = max(year) over () order by 1",
            {"c": code},
        )
    names = areas.area_names(con, "municipality")
    for m in municipalities:
        m["name"] = names.get(m["code"], m["code"])
    # An ETC lies within one department: the one of its municipalities.
    department_code = municipalities[0]["code"][:2] if municipalities else None
    figures = area_figures.area_figures(
        store, level="etc", code=code, department_code=department_code
    )
    table = [figure.for_page(get_language() or "es") for figure in figures]
    return {"code": code, "name": name, "municipalities": municipalities, "indicators": table}
