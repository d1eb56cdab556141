"""/api/v1/trajectory/…: students' transitions (flows), the survival of a cohort and the
early-warning counts per sede, as the trajectory pages show them (web/trajectory/access.py):
every member sees transitions by territory, suppressed unless the role has school-level
access to it; the early warning is for those roles only, with 1 to 4 shown as "<5" to all.

The pseudonymous list of students at risk is not served here: it is a file for the ETC's
analyst, downloaded from its page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import Paging, paged, refuse_anonymous_or_outsider
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.params import InvalidParameter, parsed
from trayecto.web.trajectory import access, selectors
from trayecto.web.trajectory.forms import TrajectoryForm

router = Router(tags=["trajectory"])

NO_PLACE = "Ningún departamento, ETC, municipio o sede tiene ese código."
Count = int | str  # a count, or "<5" / "x" where it is suppressed


class Place(Schema):
    code: str = Field(..., description='"" for the nation.')
    level: str
    name: str


class AreaQuery(Schema):
    area: str = Field(
        "",
        max_length=12,
        description="DANE code: department (2 digits), municipality (5), sede (12), or an ETC "
        "code of the MEN (4); empty for the nation.",
    )
    year: int | None = Field(None, ge=1900, le=2100, description="School year; default latest.")


class SurvivalQuery(Schema):
    area: str = Field("", max_length=12, description="As in /trajectory/flows.")
    grade: int = Field(1, ge=0, le=11, description="Entry grade of the cohort (0: transición).")


class YearFlows(Schema):
    year: int
    total: dict[str, Any] | None
    levels: list[dict[str, Any]]


class FlowsOut(Schema):
    """The territory's transitions; `items` are its sub-areas in `year` (none when they are
    sedes and the role lacks school-level access)."""

    place: Place
    full: bool = Field(..., description="Counts as computed (school-level access), or suppressed.")
    year: int | None
    followed: list[int] = Field(..., description="Years whose students can be followed.")
    years: list[YearFlows]
    stages: list[dict[str, Any]]
    synthetic: bool
    items: list[dict[str, Any]]
    count: int
    page: int
    page_size: int
    pages: int


class SurvivalOut(Schema):
    place: Place
    full: bool
    grade: int
    cohort: dict[str, Any] | None = Field(
        ..., description="The cohort followed across later years, UIS's reconstruction beside it."
    )


class WarningOut(Schema):
    place: Place
    year: int | None
    loaded: list[int]
    totals: dict[str, Count] = Field(..., description="Students scored and at high risk.")
    high_risk_from: int | None
    backtest: dict[str, Any] | None
    synthetic: bool
    items: list[dict[str, Any]]
    count: int
    page: int
    page_size: int
    pages: int


def _place(request: HttpRequest, area: str, **more: Any) -> tuple[dict[str, Any], Any]:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    try:
        query = parsed(TrajectoryForm({"area": area, **more}))
    except InvalidParameter as exc:
        raise ApiError(400, str(exc)) from exc
    place = selectors.territory(query["area"])
    if place is None:
        raise ApiError(404, NO_PLACE)
    return query, place


def _year(asked: int | None, allowed: list[int], rule: str) -> int | None:
    try:
        return selectors.chosen_year(asked, allowed, rule=gettext(rule))
    except InvalidParameter as exc:
        raise ApiError(400, str(exc)) from exc


def _placed(place: Any) -> dict[str, str]:
    return {"code": place.code, "level": place.level, "name": place.name}


@router.get("/flows", response=responses(FlowsOut))
def flows(request: HttpRequest, query: Query[AreaQuery], paging: Query[Paging]) -> dict[str, Any]:
    """Transitions of a territory by year and school level, and of its sub-areas."""
    _query, place = _place(request, query.area)
    if place.level == "sede":
        access.require_sede_area(request, place.code)  # 403 saying who sees a sede
    full = access.sees_school_level(request, place.code)
    followed = selectors.followed_years()
    year = _year(query.year, followed, selectors.FOLLOWED_RULE)
    shown = selectors.shown_flows(place, full=full)
    current = shown[year] if year is not None else None
    listed = selectors.lists_children(place, full=full)
    children = current["children"] if current and listed else []
    loaded = {*followed, *(y + 1 for y in followed)}
    return {
        "place": _placed(place),
        "full": full,
        "year": year,
        "followed": followed,
        "years": [
            {"year": y, "total": f["total"], "levels": f["levels"]} for y, f in shown.items()
        ],
        "stages": [s for s in current["stages"] if s["year_to"] == s["year_from"] + 1]
        if current
        else [],
        "synthetic": bool(selectors.synthetic_years() & loaded),
        **paged(children, paging),
    }


@router.get("/survival", response=responses(SurvivalOut))
def survival(request: HttpRequest, query: Query[SurvivalQuery]) -> dict[str, Any]:
    """The cohort of a grade in the first year that can be followed, across the later years
    (true survival from linked students, UIS's reconstructed cohort beside it)."""
    _query, place = _place(request, query.area, grado=str(query.grade))
    if place.level == "sede":
        access.require_sede_area(request, place.code)
    full = access.sees_school_level(request, place.code)
    cohort = selectors.shown_survival(place, query.grade, full=full)
    return {"place": _placed(place), "full": full, "grade": query.grade, "cohort": cohort}


@router.get("/early-warning", response=responses(WarningOut))
def early_warning(
    request: HttpRequest, query: Query[AreaQuery], paging: Query[Paging]
) -> dict[str, Any]:
    """Students scored and those at high risk of dropping out, per sede of a territory, for
    the roles with school-level access to it (a count from 1 to 4 is "<5" for every role)."""
    _query, place = _place(request, query.area)
    access.require_sede_area(request, place.code)  # 403 saying who sees the early warning
    loaded = selectors.years()
    year = _year(query.year, loaded, selectors.LOADED_RULE)
    result = selectors.early_warning(place, year) if year is not None else None
    page = paged(result["sedes"] if result else [], paging)
    totals = selectors.shown_warning_counts(result or {"students": 0, "high_risk": 0})
    return {
        "place": _placed(place),
        "year": year,
        "loaded": loaded,
        "totals": {k: totals[k] for k in selectors.WARNING_COUNTS},
        "high_risk_from": result["high_risk_from"] if result else None,
        "backtest": result["backtest"] if result else None,
        "synthetic": year in selectors.synthetic_years(),
        **page,
        "items": selectors.shown_warning_sedes(page["items"]),
    }
