"""Trajectory pages: transitions of a territory by year and school level with its sub-areas,
the early warning per sede, and the ETC's pseudonymous list (CSV). Access in access.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from trayecto.analytics import risk
from trayecto.web.params import parsed
from trayecto.web.trajectory import access, charts, selectors, services
from trayecto.web.trajectory.forms import TrajectoryForm

PAGE_SIZE = 50


NO_KEY = gettext_noop(
    "Esta instalación aún no tiene clave de seudónimos: se crea al importar el primer archivo "
    "de estudiantes."
)


def _place(request: HttpRequest) -> tuple[dict[str, Any], selectors.Territory]:
    query = parsed(TrajectoryForm(request.POST if request.method == "POST" else request.GET))
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
        "may_get_key": access.may_hold_key(request, place.code),
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
    response = HttpResponse(
        risk.list_csv(rows, place.code, year) if year is not None else "",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="alerta_temprana_seudonimos_{place.code}_{year}.csv"'
    )
    return response


@require_POST
@login_required
def etc_key_view(request: HttpRequest) -> HttpResponse:
    """The ETC's pseudonym key, as a file, to its analyst only; every time audited."""
    _query, place = _place(request)
    access.require_key_holder(request, place.code)
    try:
        text = services.etc_key_file(
            selectors.warehouse().root.parent, place.code, request.user, via="web"
        )
    except services.NoKey:
        raise Http404(gettext(NO_KEY)) from None
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clave_etc_{place.code}.txt"'
    response["Cache-Control"] = "no-store"
    return response
