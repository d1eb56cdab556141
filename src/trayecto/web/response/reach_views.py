"""The reach page: published people reached under the chosen filters, by department (bars
and map), as a pivot of two dimensions (also as XLSX), with presence, plans and targets."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import Status
from trayecto.reports.five_w_charts import reach_bars_spec, reach_map_spec
from trayecto.reports.five_w_export import write_pivot_xlsx
from trayecto.web.accounts.models import Organization
from trayecto.web.params import InvalidParameter
from trayecto.web.response import access
from trayecto.web.response.downloads import xlsx_response
from trayecto.web.response.forms import PivotForm, ReachFilterForm
from trayecto.web.response.selectors.catalogue import catalogue_activities
from trayecto.web.response.selectors.pivot import (
    PIVOT_DIMENSIONS,
    PIVOT_LABELS,
    pivot_choice,
    pivot_table,
)
from trayecto.web.response.selectors.places import department_features, template_municipalities
from trayecto.web.response.selectors.reach import (
    planned_vs_reached,
    presence_table,
    progress_table,
    reach_figures,
)
from trayecto.web.response.selectors.snapshot import warehouse
from trayecto.web.response.services.snapshot_task import snapshot_updating


def _reach_form(request: HttpRequest) -> ReachFilterForm:
    """The reach filters of the address, as pickers by name (codes are the values)."""
    reporting = Organization.objects.filter(submissions__isnull=False).distinct()
    return ReachFilterForm(
        request.GET,
        places=template_municipalities(warehouse()),
        organizations=reporting.order_by("name").values_list("code", "name"),
        activities=[(code, name) for code, name, _unit in catalogue_activities()],
    )


def reach_filters(request: HttpRequest, form: ReachFilterForm | None = None) -> ReachFilters:
    """The filters of the address, narrowed to the user's territory. The page shows a bad
    filter's message beside its defaults; a download or the map's data (no form given) is
    refused (400) rather than answer for other filters than those asked."""
    if form is None:
        form = _reach_form(request)
        if not form.is_valid():
            raise InvalidParameter(" ".join(form.messages()))
    chosen = form.reach_filters(timezone.localdate().strftime("%Y-%m"))
    return access.scoped_filters(request.user, chosen)


def _pivot_dimensions(request: HttpRequest) -> tuple[str, str]:
    return pivot_choice(*PivotForm(request.GET).dimensions())


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Published reach for every member; a partner also sees its own unpublished figures."""
    user = request.user
    access.require_five_w(user)
    form = _reach_form(request)
    filters = reach_filters(request, form)
    for message in form.messages():
        messages.error(request, message)
    period = filters.period
    wh = warehouse()
    by_department = reach_figures(warehouse=wh, period=period, level="department", filters=filters)
    rows, columns = _pivot_dimensions(request)
    pivot = pivot_table(warehouse=wh, period=period, filters=filters, rows=rows, columns=columns)
    own: list[dict[str, Any]] = []
    partner = access.partner_organization(user)
    if partner is not None:
        own_filters = ReachFilters(**{**filters.__dict__, "orgs": (partner.code,)})
        own = reach_figures(
            warehouse=wh, period=period, level="department", status=Status.SUBMITTED,
            filters=own_filters,
        )  # fmt: skip
    return render(
        request,
        "response/dashboard.html",
        {
            "period": period,
            "by_department": by_department,
            "total": sum(f["value"] for f in by_department),
            "pivot": pivot.table(),
            "pivot_columns": pivot.column_labels(),
            "pivot_rows": rows,
            "pivot_columns_dimension": columns,
            "pivot_dimensions": [(d, PIVOT_LABELS[d]) for d in PIVOT_DIMENSIONS],
            "pivot_query": request.GET.urlencode(),
            "form": form,
            "pivot_keep": [(k, v) for k in ("rows", "columns") for v in request.GET.getlist(k)],
            "own": own,
            "updating": snapshot_updating(),
            "spec": reach_bars_spec(by_department, reached=_("Personas alcanzadas")),
            "query": request.GET.urlencode(),
            "can_export": access.can_export_lines(user),
            "presence": presence_table(warehouse=wh, filters=filters),
            "planned": planned_vs_reached(
                warehouse=wh,
                period=period,
                plans=access.plans_visible_to(user),
                departments=access.leg_departments(user),
            ),
            "progress": progress_table(warehouse=wh, period=period)
            if access.can_view_progress(user)
            else [],
            "can_view_progress": access.can_view_progress(user),
        },
    )


@login_required
def dashboard_map_view(request: HttpRequest) -> JsonResponse:
    """The Vega-Lite spec of the department map of published reach (loaded by the page)."""
    access.require_five_w(request.user)
    filters = reach_filters(request)
    wh = warehouse()
    reached = {
        f["area_code"]: f["value"]
        for f in reach_figures(
            warehouse=wh, period=filters.period, level="department", filters=filters
        )
    }
    spec = reach_map_spec(
        department_features(wh), reached, reached=_("Personas alcanzadas"),
        department=_("Departamento"), reached_short=_("Alcanzados"),
    )  # fmt: skip
    return JsonResponse(spec)


@login_required
def pivot_xlsx_view(request: HttpRequest) -> HttpResponse:
    """The dashboard pivot as the user chose it (rows, columns, filters), as XLSX."""
    access.require_five_w(request.user)
    filters = reach_filters(request)
    period = filters.period
    rows, columns = _pivot_dimensions(request)
    pivot = pivot_table(
        warehouse=warehouse(), period=period, filters=filters, rows=rows, columns=columns
    )
    buffer = io.BytesIO()
    write_pivot_xlsx(
        buffer,
        title=_("Personas alcanzadas %(period)s (publicadas, sin doble conteo en cada celda)")
        % {"period": period},
        corner=f"{PIVOT_LABELS[rows]} \\ {PIVOT_LABELS[columns]}",
        column_labels=pivot.column_labels(),
        rows=[(r["label"], r["cells"]) for r in pivot.table()],
    )
    return xlsx_response(buffer, f"5W-alcance-{rows}-{columns}-{period}.xlsx")
