"""Reads of the trajectory pages: transitions of a territory by year and school level, its
sub-areas, and the early warning per sede, computed once per warehouse version.

Each computation opens a connection of its own (`Warehouse.connect`): the linking builds
temporary tables, which must not linger on the request threads' shared reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
from django.conf import settings
from django.utils.translation import gettext_noop

from trayecto.analytics import areas, etpv, risk, trajectory, trajectory_uis
from trayecto.domain import trajectory as rules
from trayecto.domain import trajectory_uis as uis
from trayecto.warehouse import Warehouse, engine
from trayecto.web.params import InvalidParameter
from trayecto.web.trajectory.forms import level_of

T = TypeVar("T")
# The sub-areas a territory's page lists: a department its municipalities, an ETC its
# municipalities, a municipality its sedes.
CHILD_LEVEL = {
    "nation": "department",
    "department": "municipality",
    "etc": "municipality",
    "municipality": "sede",
    "sede": None,
}
SCHOOL_LEVELS = ("transicion", "primaria", "secundaria", "media")
FOLLOWED_RULE = gettext_noop(
    "«anio»: se puede seguir a los estudiantes de los años %(years)s (el año siguiente "
    "también está cargado)."
)
LOADED_RULE = gettext_noop("«anio»: hay archivos de estudiantes de los años %(years)s.")
WARNING_COUNTS = ("students", "high_risk")


def warehouse() -> Warehouse:
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


def _computed(name: tuple[Any, ...], build: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`build(con)` on a connection of its own, once per warehouse version."""
    store = warehouse()
    version = store.manifest().version

    def run() -> T:
        con = store.connect(version)
        try:
            return build(con)
        finally:
            con.close()

    return store.memo_at(version, name, run)


def years() -> list[int]:
    """The school years of student files loaded."""
    if not warehouse().manifest().version:
        return []
    return _computed(("trajectory-years",), trajectory.years_loaded)


def followed_years() -> list[int]:
    """The years t whose students can be followed (t+1 is loaded too)."""
    loaded = years()
    return [y for y in loaded if y + 1 in loaded]


@dataclass(frozen=True)
class Territory:
    code: str  # "" for the nation
    level: str
    name: str

    @property
    def child_level(self) -> str | None:
        return CHILD_LEVEL[self.level]


def territory(code: str) -> Territory | None:
    """The territory of an area code, None when the warehouse does not know it."""
    level = level_of(code)
    if level == "nation":
        return Territory("", level, "Colombia")
    names: dict[str, str] = _computed(
        ("trajectory-names", level), lambda con: areas.area_names(con, level)
    )
    if code in names:
        return Territory(code, level, names[code])
    if level == "sede" and code in _student_sedes():
        return Territory(code, level, code)  # a sede of the student files without a name
    return None


def _values(sql: str) -> Callable[[duckdb.DuckDBPyConnection], frozenset[Any]]:
    """The distinct values of a query on `student_enrolment` (none before any import)."""

    def build(con: duckdb.DuckDBPyConnection) -> frozenset[Any]:
        if trajectory.TABLE not in areas.tables(con):
            return frozenset()
        return frozenset(v for (v,) in engine.values(con, sql))

    return build


def _student_sedes() -> frozenset[str]:
    return _computed(
        ("trajectory-sedes",),
        _values("select distinct sede_code::varchar from student_enrolment"),
    )


def synthetic_years() -> frozenset[int]:
    """Years whose student rows are the demo's synthetic ones (labelled SINTÉTICO)."""
    return _computed(
        ("trajectory-synthetic",),
        _values("select distinct year::int from student_enrolment where is_synthetic"),
    )


def _area(place: Territory) -> str | None:
    return place.code or None


def flows_of_year(place: Territory, year: int) -> dict[str, Any]:
    """The territory's transitions of year t: the total, one row per school level, and one
    row per sub-area (with their link stages)."""

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        linked = trajectory.Linked(con, year)
        total = linked.flows(level=place.level, area=_area(place))
        by_level = {
            r["level"]: r for r in linked.flows(level=place.level, area=_area(place), by="level")
        }
        child = place.child_level
        return {
            "year": year,
            "total": total[0] if total else None,
            "levels": [by_level[name] for name in SCHOOL_LEVELS if name in by_level],
            "children": linked.flows(level=child, area=_area(place)) if child else [],
            "stages": [s.as_dict() for s in linked.stages],
        }

    return _computed(("trajectory-flows", place.code, place.level, year), build)


def survival(place: Territory, year: int, grade: int) -> dict[str, Any] | None:
    """The cohort of `grade` in `year` in the territory, followed across the later years,
    with UIS's reconstructed cohort of the same rows beside it."""

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
        rows = trajectory_uis.beside_true_survival(
            con, year=year, grade=grade, level=place.level, area=_area(place)
        )
        return rows[0] if rows else None

    return _computed(("trajectory-survival", place.code, place.level, year, grade), build)


def suppressed_survival(found: dict[str, Any] | None) -> dict[str, Any] | None:
    """For roles without school-level access: a cohort or a count of students who reached a
    grade from 1 to 4 is "<5", and its rate goes too (rate × cohort would give it back).
    UIS's reconstruction beside it as `trajectory_uis.suppress` shows it; the difference
    goes with either side (with one side it gives the other back)."""
    if found is None:
        return None
    cohort_hidden = found["cohort"] in rules.SMALL_CELL
    reconstructed = uis.suppress(found["uis"]) if "uis" in found else None
    estimates = {s["grade"]: s for s in reconstructed["survival"]} if reconstructed else {}
    steps = []
    for step in found["survival"]:
        hidden = cohort_hidden or step["reached"] in rules.SMALL_CELL
        shown = {
            **rules.suppress_counts(step, ("reached",)),
            "rate": None if hidden else step["rate"],
        }
        if step["grade"] in estimates:
            estimate = estimates[step["grade"]]
            shown["uis_by_last_year"] = estimate["by_last_year"]
            shown["uis_eventual"] = estimate["eventual"]
            shown["difference"] = uis.difference(shown["rate"], estimate["by_last_year"])
        steps.append(shown)
    result = {**rules.suppress_counts(found, ("cohort",)), "survival": steps}
    if reconstructed is not None:
        result["uis"] = reconstructed
    return result


def suppressed_year(found: dict[str, Any], *, with_children: bool = True) -> dict[str, Any]:
    """A year's total, school levels and sub-areas for roles without school-level access:
    both tables add up to the same total, so they are suppressed together until the total's
    hidden cells agree (domain/trajectory.py, `suppress_table`)."""
    if not with_children:  # the sub-areas are not shown: they need not protect the total
        found = {**found, "children": []}
    if found["total"] is None:
        return found
    hidden: set[str] = set()
    while True:
        total, levels = rules.suppress_table(found["total"], found["levels"], hidden)
        total_b, children = rules.suppress_table(found["total"], found["children"], hidden)
        now = {n for n in rules.COUNTS if isinstance(total[n], str) or isinstance(total_b[n], str)}
        if now == hidden:
            break
        hidden = now
    return {**found, "total": total, "levels": levels, "children": children}


def etpv_years() -> list[int]:
    """The school years whose student files give the ETPV indicators."""
    if not warehouse().manifest().version:
        return []
    return _computed(("etpv-years",), etpv.years_loaded)


def etpv_documents(year: int) -> list[dict[str, Any]]:
    """The ETPV indicators of every ETC with student files for `year` (analytics/etpv.py)."""
    return _computed(
        ("etpv-documents", year),
        lambda con: [row.as_dict() for row in etpv.etc_documents(con, year)],
    )


# venezuelan = nes + pep + ppt + other: the sum an ETC's row states
ETPV_DOCUMENTS = ("nes", "pep", "ppt", "other")
ETPV_COUNTS = ("venezuelan", *ETPV_DOCUMENTS, "grade_11_without_ppt")


def suppressed_etc_documents(found: dict[str, Any]) -> dict[str, Any]:
    """An ETC's ETPV row for roles without school-level access: counts from 1 to 4 are
    "<5"; while the row's sum (Venezuelan = NES + PEP + PPT + other) gives a hidden count
    back, the smallest shown count of the sum is hidden too ("x"); the share with a PPT goes
    with a hidden PPT or Venezuelan count (share × Venezuelan would give the PPT back). The
    rows of different ETCs state no sum together, so each is suppressed alone."""
    sums = [{(0, "venezuelan"): 1, **{(0, name): -1 for name in ETPV_DOCUMENTS}}]
    hidden = {(0, n) for n in ETPV_COUNTS if found[n] in rules.SMALL_CELL}
    while rules.determined_cells(hidden, sums):
        shown = [c for c in sums[0] if c not in hidden]
        if not shown:
            break
        # a hidden zero protects little (counts are not negative): zeros only as a last resort
        shown = [c for c in shown if found[c[1]] > 0] or shown
        hidden.add(min(shown, key=lambda c: (found[c[1]], c)))
    result = dict(found)
    for _row, name in hidden:
        result[name] = rules.SUPPRESSED if found[name] in rules.SMALL_CELL else rules.SECONDARY
    if {(0, "ppt"), (0, "venezuelan")} & hidden:
        result["ppt_share_pct"] = None
    return result


def early_warning(place: Territory, year: int) -> dict[str, Any]:
    """Students scored in year t and those at high risk, per sede of the territory; the
    backtest of t (or of t−1 when t+1 is not loaded)."""

    def build(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        scored = risk.Risk(con, year)
        sedes = scored.counts(level="sede", area=_area(place))
        backtest = scored.backtest()
        return {
            "year": year,
            "sedes": sorted(sedes, key=lambda r: (-r["high_risk"], r["area_code"])),
            "students": sum(r["students"] for r in sedes),
            "high_risk": sum(r["high_risk"] for r in sedes),
            "high_risk_from": scored.weights.high_risk_from,
            "points": dict(scored.weights.points),
            "backtest": backtest,
        }

    found = _computed(("trajectory-risk", place.code, place.level, year), build)
    if found["backtest"] is None and year - 1 in followed_years():
        earlier = _computed(
            ("trajectory-backtest", year - 1),
            lambda con: risk.Risk(con, year - 1).backtest(),
        )
        found = {**found, "backtest": earlier}
    return found


def pseudonymous_list(place: Territory, year: int) -> list[dict[str, Any]]:
    """The scored students of an ETC by the ETC's own pseudonym only (risk.py)."""

    def build(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        return risk.Risk(con, year).pseudonymous_list(place.code)

    # not kept in the memo: a large list, asked for rarely
    con = warehouse().connect()
    try:
        return build(con)
    finally:
        con.close()


def chosen_year(asked: int | None, allowed: list[int], *, rule: str) -> int | None:
    """The year asked for when it can be shown, the latest when none was asked for; a year
    that cannot is an InvalidParameter saying which can (`rule`, translated)."""
    if asked is None:
        return allowed[-1] if allowed else None
    if asked not in allowed:
        raise InvalidParameter(rule % {"years": ", ".join(map(str, allowed)) or "—"})
    return asked


def shown_flows(place: Territory, *, full: bool) -> dict[int, dict[str, Any]]:
    """Each followed year's transitions as a role sees them: as computed with school-level
    access (`full`), else suppressed (the page and the API)."""
    return {
        year: flows_of_year(place, year)
        if full
        else suppressed_year(flows_of_year(place, year), with_children=place.child_level != "sede")
        for year in followed_years()
    }


def lists_children(place: Territory, *, full: bool) -> bool:
    """Whether the sub-areas are listed: roles without school-level access see no sede."""
    return bool(place.child_level) and (full or place.child_level != "sede")


def shown_survival(place: Territory, grade: int, *, full: bool) -> dict[str, Any] | None:
    """The cohort of `grade` in the first year that can be followed, across every later year
    loaded, suppressed for roles without school-level access."""
    followed = followed_years()
    cohort = survival(place, followed[0], grade) if followed else None
    return cohort if full else suppressed_survival(cohort)


def shown_warning_sedes(sedes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Early-warning rows as every role sees them: a handful of students at risk in a sede
    (1 to 4) is "<5", even for the roles that may open the page."""
    return [rules.suppress_counts(row, WARNING_COUNTS) for row in sedes]


def shown_warning_counts(found: dict[str, Any]) -> dict[str, Any]:
    """The early warning's totals, suppressed as its rows."""
    return rules.suppress_counts(found, WARNING_COUNTS)
