"""The accountability page: partner × month and LEG × month grids, with XLSX downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from trayecto.domain.coordination import LEG_REPORT_DAYS_AFTER_5W
from trayecto.domain.five_w_monitoring import CompletenessRow, completeness_grid
from trayecto.web.accounts.models import Organization
from trayecto.web.coordination import access
from trayecto.web.coordination.accountability import leg_rows, partner_rows
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.coordination.models import Workspace
from trayecto.web.params import parsed
from trayecto.web.response.forms import YearForm


def _grid(rows: list[CompletenessRow], names: dict[str, str]) -> dict[str, Any]:
    keys, months, cells = completeness_grid(rows)
    expected = sum(r.expected for r in rows)
    return {
        "months": months,
        "rows": [(key, names.get(key, key), [cells.get((key, m)) for m in months]) for key in keys],
        "completeness": round(100 * sum(r.received for r in rows) / expected, 1)
        if expected
        else None,
        "timeliness": round(100 * sum(r.on_time for r in rows) / expected, 1) if expected else None,
    }


def _scope(request: HttpRequest) -> tuple[int, frozenset[str] | None]:
    scope = access.require_accountability(request)
    year = parsed(YearForm(request.GET))["year"] or timezone.localdate().year
    return year, None if scope.national else scope.department_codes


def _grids(request: HttpRequest) -> tuple[int, dict[str, Any], dict[str, Any]]:
    year, departments = _scope(request)
    organizations = dict(Organization.objects.values_list("code", "name"))
    workspaces = dict(Workspace.objects.values_list("department_code", "name"))
    partners = _grid(partner_rows(year=year, departments=departments), organizations)
    legs = _grid(leg_rows(year=year, departments=departments), workspaces)
    return year, partners, legs


@login_required
def accountability_view(request: HttpRequest) -> HttpResponse:
    year, partners, legs = _grids(request)
    return render(
        request,
        "coordination/accountability.html",
        {"year": year, "partners": partners, "legs": legs, "leg_days": LEG_REPORT_DAYS_AFTER_5W},
    )


@login_required
def accountability_xlsx_view(request: HttpRequest) -> HttpResponse:
    year, partners, legs = _grids(request)
    rows = []
    for kind, grid in ((_("5W del socio"), partners), (_("Informe del GEL"), legs)):
        for key, name, cells in grid["rows"]:
            for month, cell in zip(grid["months"], cells, strict=True):
                if cell is not None:
                    rows.append((kind, name, key, month, cell.expected, cell.received,
                                 cell.on_time))  # fmt: skip
    return xlsx_response(
        filename=f"rendicion-de-cuentas-{year}.xlsx",
        sheet=_("Rendición de cuentas"),
        title=_("Completitud y oportunidad por mes, %(year)s") % {"year": year},
        headers=[_("Reporte"), _("Quién"), _("Código"), _("Mes"), _("Esperados"),
                 _("Recibidos"), _("A tiempo")],
        rows=rows,
    )  # fmt: skip
