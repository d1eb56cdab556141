"""Pages of official statistics and geography: thin views over selectors and access helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trayecto.reports import maps
from trayecto.web.accounts import access
from trayecto.web.accounts.models import Organization
from trayecto.web.statistics import area_figures, area_reach, area_sedes, home, selectors


@require_GET
@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    scope = access.require_member(request)
    status = selectors.geography_status()
    context = {
        "scope": scope,
        "cards": home.cards_for(request.user, scope),
        "status": status,
        "demo_organizations": Organization.objects.filter(is_demo=True).count(),
        "departments": selectors.priority_departments() if status.loaded else [],
        "map_spec": maps.etc_map_spec(
            labels={
                "department": _("Departamento"),
                "municipality": _("Municipio"),
                "code": _("Código DANE"),
                "etc": _("ETC"),
            }
        ),
    }
    return render(request, "statistics/home.html", context)


@require_GET
@login_required
def priority_map_data_view(request: HttpRequest) -> HttpResponse:
    """The home map's geometry; versioned URL (?v=manifest version), so browsers may cache it."""
    access.require_member(request)
    if not selectors.geography_status().loaded:
        raise Http404("geography not loaded")
    data = selectors.priority_map_data()
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(data.gzipped if gzip_ok else data.body, content_type="application/json")
    if gzip_ok:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding, Cookie"
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
@login_required
def department_view(request: HttpRequest, code: str) -> HttpResponse:
    scope = access.require_member(request)
    status = selectors.geography_status()
    if not status.loaded:
        return render(request, "statistics/not_loaded.html", {"status": status}, status=404)
    department = selectors.department_detail(code)
    if department is None or not access.can_view_area(request.user, code):
        raise Http404(code)
    context = {
        "scope": scope,
        "department": department,
        "area_code": code,
        "figures": _figures_for_page(level="department", code=code, department_code=None),
        "reach": area_reach.area_reach(request.user, departments=(code,)),
        # As in the explorer: a department may hold several ETCs, so an ETC analyst opens
        # the sedes of its own ETC (all at once), not the department's.
        "school_level": access.can_view_school_level_area(
            request.user, code, selectors.latest_etc_code, selectors.etc_municipality_codes
        ),
        "own_etc": scope.etc_code
        if scope.etc_code
        and any(m["etc_code"] == scope.etc_code for m in department["municipalities"])
        else "",
    }
    context["sedes"] = _sedes_for_page(bool(context["school_level"]), level="department", code=code)
    return render(request, "statistics/department.html", context)


@require_GET
@login_required
def municipality_view(request: HttpRequest, code: str) -> HttpResponse:
    scope = access.require_member(request)
    status = selectors.geography_status()
    if not status.loaded:
        return render(request, "statistics/not_loaded.html", {"status": status}, status=404)
    municipality = selectors.municipality_detail(code)
    if municipality is None or not access.can_view_area(
        request.user, municipality["department_code"]
    ):
        raise Http404(code)
    etc_codes = [period["etc_code"] for period in municipality["etc_periods"][-1:]]
    context = {
        "scope": scope,
        "municipality": municipality,
        "area_code": code,
        "figures": _figures_for_page(
            level="municipality", code=code, department_code=municipality["department_code"]
        ),
        "reach": area_reach.area_reach(request.user, municipalities=(code,)),
        "school_level": access.can_view_school_level(
            request.user, department_code=municipality["department_code"], etc_codes=etc_codes
        ),
    }
    context["sedes"] = _sedes_for_page(
        bool(context["school_level"]), level="municipality", code=code
    )
    return render(request, "statistics/municipality.html", context)


def _figures_for_page(*, level: str, code: str, department_code: str | None) -> list[Any]:
    figures = area_figures.area_figures(
        selectors.warehouse(), level=level, code=code, department_code=department_code
    )
    return [figure.for_page(get_language() or "es") for figure in figures]


def _sedes_for_page(allowed: bool, *, level: str, code: str) -> dict[str, Any] | None:
    """The area's school-level figures, read only for a role the access rule let through."""
    if not allowed:
        return None
    figures = area_sedes.area_sedes(selectors.warehouse(), level=level, code=code)
    return figures.for_page(get_language() or "es") if figures.sedes else None
