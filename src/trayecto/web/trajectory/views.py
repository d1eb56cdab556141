"""Trajectory pages: transitions of a territory by year and school level with its sub-areas,
the early warning per sede, and the ETC's pseudonymous list (CSV). Access in access.py."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from trayecto.domain import trajectory as rules
from trayecto.web.params import parsed
from trayecto.web.trajectory import access, charts, selectors
from trayecto.web.trajectory.forms import TrajectoryForm

PAGE_SIZE = 50


def _place(request: HttpRequest) -> tuple[dict[str, Any], selectors.Territory]:
    query = parsed(TrajectoryForm(request.GET))
    place = selectors.territory(query["area"])
    if place is None:
        raise Http404(gettext("Ningún departamento, ETC, municipio o sede tiene ese código."))
    return query, place


@require_GET
@login_required
def flows_view(request: HttpRequest) -> HttpResponse:
    query, place = _place(request)
    if place.level == "sede":
        access.require_sede_area(request, place.code)
    full = access.sees_school_level(request, place.code)
    followed = selectors.followed_years()
    year = selectors.chosen_year(query["anio"], followed, rule=gettext(selectors.FOLLOWED_RULE))
    shown = selectors.shown_flows(place, full=full)
    years = [{"year": y, "total": f["total"], "levels": f["levels"]} for y, f in shown.items()]
    current = shown[year] if year is not None else None
    lists_children = selectors.lists_children(place, full=full)
    children = current["children"] if current and lists_children else []
    page = Paginator(children, PAGE_SIZE).get_page(query["pagina"] or 1)
    grade = query["grado"] if query["grado"] is not None else 1
    shown_cohort = selectors.shown_survival(place, grade, full=full)
    context = {
        "place": place,
        "full": full,
        "grade": grade,
        "grades": range(12),
        "cohort": shown_cohort,
        # the charts draw what the tables show, suppressed figures left out
        "survival_chart": charts.survival(shown_cohort),
        "flows_chart": charts.flows(year, current["levels"] if current else []),
        "year": year,
        "years": years,
        "loaded": selectors.years(),
        "followed": followed,
        "page": page,
        "children": list(page.object_list),
        "child_level": place.child_level,
        "hides_sedes": bool(place.child_level) and not lists_children,
        # the links of consecutive years (the stage that finds returns is counted apart)
        "stages": [s for s in current["stages"] if s["year_to"] == s["year_from"] + 1]
        if current
        else [],
        "synthetic": bool(selectors.synthetic_years() & {*followed, *(y + 1 for y in followed)}),
        "warning_allowed": full,
    }
    return render(request, "trajectory/flows.html", context)


@require_GET
@login_required
def early_warning_view(request: HttpRequest) -> HttpResponse:
    query, place = _place(request)
    access.require_sede_area(request, place.code)
    loaded = selectors.years()
    year = selectors.chosen_year(query["anio"], loaded, rule=gettext(selectors.LOADED_RULE))
    result = selectors.early_warning(place, year) if year is not None else None
    sedes = result["sedes"] if result else []
    page = Paginator(sedes, PAGE_SIZE).get_page(query["pagina"] or 1)
    context = {
        "place": place,
        "year": year,
        "loaded": loaded,
        "result": result,
        "page": page,
        "sedes": selectors.shown_warning_sedes(page.object_list),
        "totals": selectors.shown_warning_counts(result or {}),
        "synthetic": year in selectors.synthetic_years(),
        "may_download": access.may_hold_list(request, place.code),
    }
    return render(request, "trajectory/early_warning.html", context)


@require_GET
@login_required
def pseudonymous_list_view(request: HttpRequest) -> HttpResponse:
    """The ETC's scored students by pseudonym, never by name (CSV, `;`)."""
    query, place = _place(request)
    access.require_list_holder(request, place.code)
    loaded = selectors.years()
    year = selectors.chosen_year(query["anio"], loaded, rule=gettext(selectors.LOADED_RULE))
    rows = selectors.pseudonymous_list(place, year) if year is not None else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["seudonimo", "sede", "grado", "puntos", "riesgo_alto", *rules.CONDITIONS])
    for row in rows:
        writer.writerow(
            [row["seudonimo"], row["sede"], row["grado"], row["puntos"],
             "SI" if row["riesgo_alto"] else "NO",
             *("SI" if row[name] else "NO" for name in rules.CONDITIONS)]
        )  # fmt: skip
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="alerta_temprana_seudonimos_{place.code}_{year}.csv"'
    )
    return response
