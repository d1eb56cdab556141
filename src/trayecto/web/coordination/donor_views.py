"""The donor view: published figures only. People reached by department, the results
framework (each response-plan target against the people reached by its activities, and each
partner's planned activities against what it reached, and each donor-funded project's planned
people (planned activities that name it) against what it achieved (published 5W lines that
name it in «Convenio Financiado»), per activity),
downloadable as XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from trayecto import paths
from trayecto.domain.five_w import Status
from trayecto.domain.five_w_monitoring import month_to_report
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.access import require_member
from trayecto.web.coordination.etpv_link import results_by_funded_project
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.params import PeriodField, parsed
from trayecto.web.response.models import PlannedActivity
from trayecto.web.response.selectors.reach import planned_vs_reached, progress_table, reach_figures


class DonorForm(forms.Form):
    period = PeriodField(required=False, max_length=7)


def _figures(request: HttpRequest) -> dict[str, Any]:
    require_member(request)  # published aggregates: every member, donors included
    period = parsed(DonorForm(request.GET))["period"] or month_to_report(timezone.localdate())
    warehouse = Warehouse.for_root(paths.warehouse_dir())
    by_department = reach_figures(
        warehouse=warehouse, period=period, level="department", status=Status.PUBLISHED
    )
    return {
        "period": period,
        "by_department": sorted(by_department, key=lambda f: -f["value"]),
        "total": sum(f["value"] for f in by_department),
        "targets": progress_table(warehouse=warehouse, period=period),
        "plans": planned_vs_reached(
            warehouse=warehouse, period=period, plans=PlannedActivity.objects.all()
        ),
        "projects": results_by_funded_project(period),
    }


@login_required
def donor_view(request: HttpRequest) -> HttpResponse:
    return render(request, "coordination/donor.html", _figures(request))


@login_required
def donor_xlsx_view(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    rows: list[tuple[Any, ...]] = [
        (_("Meta del plan de respuesta"), t["indicator"], t["department"], "", t["target"],
         t["reached"], t["percent_of_target"])
        for t in figures["targets"]
    ]  # fmt: skip
    rows += [
        (_("Actividad planificada"), f"{p['activity']} {p['activity_name']}",
         f"{p['place_name']} ({p['place']})", p["organization_name"], p["planned"],
         p["reached"], p["percent_of_plan"])
        for p in figures["plans"]
    ]  # fmt: skip
    rows += [
        (_("Proyecto financiado"), f"{r.activity} {r.activity_name}", r.departments,
         f"{r.project} · {r.organizations}", r.planned, r.people,
         r.percent_of_plan)
        for r in figures["projects"]
    ]  # fmt: skip
    return xlsx_response(
        filename=f"marco-de-resultados-{figures['period']}.xlsx",
        sheet=_("Marco de resultados"),
        title=_("Marco de resultados, %(period)s: solo cifras publicadas")
        % {"period": figures["period"]},
        headers=[_("Tipo"), _("Indicador o actividad"), _("Departamento"), _("Socio"),
                 _("Planificado"), _("Logrado"), _("Logrado (%)")],
        rows=rows,
    )  # fmt: skip
