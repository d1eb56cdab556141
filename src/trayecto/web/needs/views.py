"""Pages of the needs app: the runs (and a new one), a run beside OCHA's, two runs compared."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from trayecto.analytics import etc_report, supply
from trayecto.analytics.areas import area_names
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.reports import etc_report as render_report
from trayecto.reports.sede_ranking_export import sede_ranking_csv, sede_ranking_xlsx
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.protected import protected_environment
from trayecto.web.needs import access, selectors
from trayecto.web.needs.forms import (
    CompareForm,
    DepartmentForm,
    EtcReportForm,
    NeedsRunForm,
    SedeRankingForm,
    SupplyForm,
)
from trayecto.web.needs.models import NeedsRun
from trayecto.web.needs.services import needs_run_create, needs_run_publish
from trayecto.web.params import parsed
from trayecto.web.response.downloads import XLSX


def warehouse() -> Warehouse:
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


@login_required
@require_http_methods(["GET", "POST"])
def run_list_view(request: HttpRequest) -> HttpResponse:
    scope = access.require_reader(request)
    form = None
    status = 200
    if request.method == "POST":
        access.require_runner(request)
        form = NeedsRunForm(request.POST)
        if form.is_valid():
            run = needs_run_create(
                name=form.cleaned_data["name"],
                parameters=form.cleaned_data["parameters"],
                user=request.user if isinstance(request.user, User) else None,
                warehouse=warehouse(),
            )
            return redirect("needs:detail", run.pk)
        status = 400
    elif access.can_run(scope):
        form = NeedsRunForm(initial=NeedsRunForm.initial_values())
    return render(
        request,
        "needs/run_list.html",
        {"runs": selectors.runs(), "form": form, "departments": PRIORITY_DEPARTMENTS},
        status=status,
    )


@login_required
def run_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access.require_reader(request)
    department = parsed(DepartmentForm(request.GET)).get("departamento") or None
    run = get_object_or_404(NeedsRun, pk=pk)
    return render(
        request,
        "needs/run_detail.html",
        {
            "run": run,
            "rows": selectors.run_rows(run, department),
            "department": department,
            "departments": PRIORITY_DEPARTMENTS,
            "can_publish": access.can_run(scope),
        },
    )


@login_required
@require_POST
def run_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a run: from then on it is the cluster's own figure in the bulletin."""
    access.require_runner(request)
    run = get_object_or_404(NeedsRun, pk=pk)
    needs_run_publish(run=run, user=request.user if isinstance(request.user, User) else None)
    return redirect("needs:detail", run.pk)


@login_required
def run_compare_view(request: HttpRequest) -> HttpResponse:
    access.require_reader(request)
    query = parsed(CompareForm(request.GET))
    first = get_object_or_404(NeedsRun, pk=query["a"])
    second = get_object_or_404(NeedsRun, pk=query["b"])
    department = query.get("departamento") or None
    return render(
        request,
        "needs/run_compare.html",
        {
            "first": first,
            "second": second,
            "rows": selectors.compared(first, second, department),
            "changed": selectors.changed_parameters(first, second),
            "department": department,
            "departments": PRIORITY_DEPARTMENTS,
            "keep": [("a", first.pk), ("b", second.pk)],
        },
    )


@login_required
def supply_view(request: HttpRequest) -> HttpResponse:
    """Places, demand and gap per municipality, ranked by shortfall, within the user's scope
    of sede data."""
    scope = access.require_reader(request)
    form = SupplyForm(request.GET)
    query = parsed(form)
    department = query.get("departamento") or None
    result = supply.gap(warehouse(), form.parameters())
    con, _ = warehouse().reader() if result.manifest_version else (None, 0)
    etc_of = supply.etc_by_municipality(con) if con is not None else {}
    rows = access.visible_municipalities(scope, result.municipalities, etc_of)
    if department:
        rows = [r for r in rows if r["municipality_code"].startswith(department)]
    return render(
        request,
        "needs/supply.html",
        {
            "result": result,
            "rows": rows,
            "synthetic": any(r["is_synthetic"] for r in rows),
            "department": department,
            "departments": PRIORITY_DEPARTMENTS,
            "keep": [
                ("anio", result.parameters.year),
                ("urbana", result.parameters.students_per_group_urban),
                ("rural", result.parameters.students_per_group_rural),
            ],
        },
    )


SEDES_PER_PAGE = 50


@login_required
def sede_ranking_view(request: HttpRequest) -> HttpResponse:
    """Sedes ranked by the places their promoted cohorts lack, within the user's scope of
    sede data; paged on the server, or the whole selection as CSV."""
    scope = access.require_reader(request)
    form = SedeRankingForm(request.GET)
    query = parsed(form)
    department = query.get("departamento") or ""
    result = supply.sede_ranking(warehouse(), form.parameters(), department=department)
    con, _ = warehouse().reader() if result.manifest_version else (None, 0)
    etc_of = supply.etc_by_municipality(con) if con is not None else {}
    rows = access.visible_municipalities(scope, result.municipalities, etc_of)
    municipalities = selectors.municipality_choices(rows)
    municipality = query.get("municipio") or ""
    if municipality:
        rows = [r for r in rows if r["municipality_code"] == municipality]
    rows = selectors.ranked(rows)
    if query.get("formato"):
        name = f"sedes_cupos_{result.parameters.year}_{municipality or department or 'todas'}"
        return _ranking_download(rows, query["formato"], name)
    page = Paginator(rows, SEDES_PER_PAGE).get_page(query.get("pagina") or 1)
    return render(
        request,
        "needs/sede_ranking.html",
        {
            "result": result,
            "page": page,
            "total": len(rows),
            "short_sedes": sum(1 for r in rows if r["short"] > 0),
            "synthetic": any(r["is_synthetic"] for r in rows),
            "department": department,
            "departments": PRIORITY_DEPARTMENTS,
            "municipality": municipality,
            "municipalities": municipalities,
        },
    )


def _ranking_download(rows: list[dict[str, Any]], kind: str, name: str) -> HttpResponse:
    """The whole selection as XLSX, as a CSV for Excel in Spanish, or as a plain CSV."""
    if kind == "xlsx":
        body = sede_ranking_xlsx(rows, title=gettext("Sedes por cupos que faltan"))
        response = HttpResponse(body, content_type=XLSX)
        extension = "xlsx"
    else:
        text = sede_ranking_csv(rows, for_spanish_excel=kind == "csv-excel")
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        extension = "excel.csv" if kind == "csv-excel" else "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@login_required
def etc_report_view(request: HttpRequest) -> HttpResponse:
    """The ETC analysis report, generated on demand as HTML, PDF or XLSX."""
    access.require_reader(request)
    query = parsed(EtcReportForm(request.GET))
    year, kind = query["anio"], query["formato"]
    language = query.get("idioma") or "es"
    if not warehouse().manifest().version:
        raise Http404(gettext("El almacén está vacío: importe primero las fuentes oficiales."))
    con, _ = warehouse().reader()
    if query.get("departamento"):
        code = query["departamento"]
        if code not in area_names(con, "department"):
            raise Http404(gettext("Ningún departamento tiene ese código."))
        access.require_department_report(request, code)
        data = etc_report.gather_department(warehouse(), code, year, protected_environment(year))
        name = f"informe_departamento_{code}_{year}"
    else:
        code = query["etc"]
        departments = {m[:2] for m, etc in supply.etc_by_municipality(con).items() if etc == code}
        if not departments:
            raise Http404(gettext("Ninguna ETC tiene ese código."))
        access.require_etc_report(request, code, departments)
        data = etc_report.gather(warehouse(), code, year, protected_environment(year))
        name = f"informe_etc_{code}_{year}"
    if kind == "html":
        return HttpResponse(render_report.render_html(data, language))
    if kind == "pdf":
        response = HttpResponse(
            render_report.render_pdf(data, language), content_type="application/pdf"
        )
    else:
        buffer = io.BytesIO()
        render_report.render_xlsx(data, buffer, language)
        response = HttpResponse(
            buffer.getvalue(),
            content_type=XLSX,
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
