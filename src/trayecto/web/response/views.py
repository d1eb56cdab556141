"""Pages of the 5W cycle. Thin: access.py decides who, services.py changes, selectors.py reads."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto import paths
from trayecto.analytics.geography import department_map, matcher_from_warehouse
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import (
    POPULATION_GROUP_LABELS,
    PopulationGroup,
    Status,
)
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS
from trayecto.domain.five_w_monitoring import completeness_grid, month_to_report
from trayecto.reports.five_w_export import lines_hxl_csv, write_lines_xlsx, write_pivot_xlsx
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.warehouse import Warehouse
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.models import Organization
from trayecto.web.params import PERIOD_RULE, InvalidParameter, is_reporting_month, parsed
from trayecto.web.response import access, upload_task
from trayecto.web.response.forms import (
    CopyLastMonthForm,
    PlanForm,
    ReachFilterForm,
    TemplateForm,
    YearForm,
)
from trayecto.web.response.models import (
    ActivityLine,
    AuditLog,
    CatalogueItem,
    ReportingPeriod,
    Submission,
)
from trayecto.web.response.selectors import snapshot
from trayecto.web.response.selectors.catalogue import catalogue_activities, catalogue_units
from trayecto.web.response.selectors.lines import export_records, filtered_lines, line_form_values
from trayecto.web.response.selectors.monitoring import completeness_table, reminders_for
from trayecto.web.response.selectors.pivot import (
    PIVOT_DIMENSIONS,
    PIVOT_LABELS,
    pivot_choice,
    pivot_table,
)
from trayecto.web.response.selectors.places import (
    place_names,
    sede_choices,
    template_municipalities,
)
from trayecto.web.response.selectors.prefill import plan_prefill_lines, prefill_lines
from trayecto.web.response.selectors.reach import (
    planned_vs_reached,
    presence_table,
    progress_table,
    reach_figures,
)
from trayecto.web.response.selectors.review import (
    department_parts,
    line_cells_label,
    validation_queue,
)
from trayecto.web.response.services import lines, periods, plans, workflow

LINES_SHOWN = 300
PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(buffer: io.BytesIO, filename: str) -> HttpResponse:
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def warehouse() -> Warehouse:
    return Warehouse.for_root(paths.warehouse_dir())


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(access.NOT_REVIEWER)


def _member_or_403(request: HttpRequest) -> None:
    if access.role_of(request.user) is None:
        raise PermissionDenied(access.NOT_REVIEWER)


def _uploadable_orgs(request: HttpRequest) -> list[Organization]:
    if access.is_national(request.user):
        return list(Organization.objects.all())
    found = access.membership(request.user)
    if found is not None and found.role == access.Role.PARTNER:
        return [found.organization]
    return []


# --------------------------------------------------------------------------- lists
@login_required
def submission_list_view(request: HttpRequest) -> HttpResponse:
    _member_or_403(request)
    submissions = access.submissions_visible_to(request.user).order_by("-period__month")[:200]
    found = access.membership(request.user)
    reminders = (
        reminders_for(organization=found.organization, today=timezone.localdate())
        if found is not None and found.role == access.Role.PARTNER
        else []
    )
    return render(
        request,
        "response/submission_list.html",
        {"submissions": submissions, "orgs": _uploadable_orgs(request),
         "period": month_to_report(timezone.localdate()), "reminders": reminders},
    )  # fmt: skip


@login_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """LEG: submitted reports with lines in its departments, each department validated or
    pending; national: the same for every department, then the reports to approve and the
    approved ones waiting to be published (nothing ticked in advance)."""
    role = access.role_of(request.user)
    _require(access.is_national(request.user) or role == access.Role.LEG_COORDINATOR)
    visible = access.submissions_visible_to(request.user)
    national = access.is_national(request.user)
    to_approve = list(visible.filter(status=Status.VALIDATED)) if national else []
    to_publish = list(visible.filter(status=Status.APPROVED)) if national else []
    periods = list(ReportingPeriod.objects.all()[:24]) if national else []
    return render(
        request,
        "response/review_queue.html",
        {
            "to_validate": validation_queue(user=request.user, names=place_names(warehouse())),
            "to_approve": [(s, access.can_approve(request.user, s)) for s in to_approve],
            "to_publish": [(s, access.can_publish(request.user, s)) for s in to_publish],
            "periods": periods,
        },
    )


@login_required
@require_POST
def period_lock_view(request: HttpRequest, month: str) -> HttpResponse:
    """Lock or unlock a reporting period, with a reason (national roles)."""
    _require(access.can_manage_periods(request.user))
    period = ReportingPeriod.objects.filter(month=month).first()
    if period is None:
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("lock") == "1":
            periods.period_lock(period=period, user=request.user, reason=reason)
        else:
            periods.period_unlock(period=period, user=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:review")


# --------------------------------------------------------------------------- upload
@login_required
@require_POST
def upload_view(request: HttpRequest) -> HttpResponse:
    orgs = {o.code: o for o in _uploadable_orgs(request)}
    _require(bool(orgs))
    upload = request.FILES.get("file")
    org_code = request.POST.get("org", "")
    if upload is None or org_code not in orgs:
        messages.error(request, _("Elija su organización y un archivo."))
        return redirect("response:list")
    if upload.size is not None and upload.size > settings.TRAYECTO_MAX_UPLOAD_BYTES:
        messages.error(request, _("El archivo supera el tamaño máximo permitido."))
        return redirect("response:list")
    con = warehouse().reader()[0]
    if not has_table(con, "municipality"):
        messages.error(request, _("Falta la geografía: pida al equipo de IM que la importe."))
        return redirect("response:list")
    period = request.POST.get("period") or None
    if period is not None and not is_reporting_month(period):
        messages.error(request, PERIOD_RULE)
        return redirect("response:list")
    # Read and stored by a worker (upload_task.py): a large file never times the request out.
    # Rows that would be rejected are shown, and nothing is sent until the user confirms.
    assert request.user.pk is not None  # login_required
    mode = upload_task.CHECK if request.POST.get("dry_run") == "1" else upload_task.SEND_IF_CLEAN
    upload_args: dict[str, Any] = {
        "org_code": org_code, "file_name": upload.name or "", "period": period,
    }  # fmt: skip
    staged = upload_task.upload_save(upload)
    request.session[f"five_w_upload:{staged}"] = upload_args
    result = upload_task.five_w_upload.enqueue(
        upload=staged, user_id=request.user.pk, mode=mode, **upload_args
    )
    return _upload_result(request, result)


def _upload_result(request: HttpRequest, result: upload_task.UploadResult) -> HttpResponse:
    if not result.is_finished:
        return redirect("response:upload-progress", result_id=result.id)
    return _upload_page(request, *upload_task.upload_outcome(result))


def _upload_page(request: HttpRequest, status: str, outcome: dict[str, Any] | None) -> HttpResponse:
    if outcome is None:
        return render(
            request,
            "response/upload_progress.html",
            {"pending": status in upload_task.PENDING, "status": status},
        )
    sent = outcome.get("sent")
    return render(
        request,
        "response/import_report.html",
        {
            "report": outcome["report"],
            "confirm": outcome.get("confirm"),
            "sent": None if sent is None else Submission.objects.filter(pk__in=sent),
            "unchanged": outcome.get("unchanged", False),
        },
    )


@login_required
@require_POST
def upload_confirm_view(request: HttpRequest) -> HttpResponse:
    """Send a checked upload after the user has seen its rejected rows."""
    token = Path(request.POST.get("token", "")).name
    upload_args = request.session.pop(f"five_w_upload:{token}", None)
    if upload_args is None or not upload_task.is_staged(token):
        messages.error(request, _("La carga ya no está disponible: vuelva a subir el archivo."))
        return redirect("response:list")
    assert request.user.pk is not None  # login_required
    result = upload_task.five_w_upload.enqueue(
        upload=token, user_id=request.user.pk, mode=upload_task.SEND, **upload_args
    )
    return _upload_result(request, result)


@login_required
def upload_progress_view(request: HttpRequest, result_id: str) -> HttpResponse:
    """Where an upload stands; its import report once the worker is done (uploader only)."""
    state = upload_task.upload_state(result_id, user_id=request.user.pk)
    if state is None:
        raise Http404
    return _upload_page(request, *state)


@login_required
def template_download_view(request: HttpRequest) -> HttpResponse:
    orgs = {o.code: o for o in _uploadable_orgs(request)}
    _require(bool(orgs))
    asked = parsed(TemplateForm(request.GET))
    org_code = asked["org"] or next(iter(orgs))
    period = asked["period"] or month_to_report(timezone.localdate())
    if org_code not in orgs:
        raise PermissionDenied(access.NOT_YOURS)
    municipalities = template_municipalities(warehouse())
    chosen = asked["prefill"]
    prefill = (
        prefill_lines(organization=orgs[org_code], month=period)
        if chosen == "1"
        else plan_prefill_lines(
            organization=orgs[org_code], month=period, municipalities=municipalities
        )
        if chosen == "plan"
        else []
    )
    buffer = io.BytesIO()
    write_five_w_template(
        buffer, period=period, org_code=org_code, municipalities=municipalities, prefill=prefill
    )
    return _xlsx(buffer, f"5W-{org_code}-{period}.xlsx")


# --------------------------------------------------------------------------- one report
@login_required
def submission_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = access.get_submission_for_user(request.user, pk)
    user = request.user
    actions = [
        (name, label)
        for name, label, allowed in (
            ("submit", _("Enviar"), access.can_submit(user, submission)),
            ("validate", _("Validar"), access.can_validate(user, submission)),
            ("approve", _("Aprobar"), access.can_approve(user, submission)),
            ("publish", _("Publicar"), access.can_publish(user, submission)),
            ("reject", _("Devolver al socio"), access.can_reject(user, submission)),
            ("reopen", _("Reabrir"), access.can_reopen(user, submission)),
        )
        if allowed
    ]
    names = place_names(warehouse())
    units = catalogue_units()
    activity_names = dict(CatalogueItem.objects.values_list("code", "name_es"))
    groups = {g.value: POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup}
    lines = [
        {"line": line, "municipality_name": names.get(line.municipality, ""),
         "activity_name": activity_names.get(line.activity, ""),
         "group": groups.get(line.population_group, line.population_group),
         "unit": units.get(line.activity, ""), "cells": line_cells_label(line.cells)}
        for line in access.lines_visible_to(user, submission)[:LINES_SHOWN]
    ]  # fmt: skip
    # why a reviewer does not get the step the report waits for (four eyes, a lock, ...)
    national = access.is_national(user)
    refusals = [
        access.why_not(user, submission, name)
        for name, waiting, reviewer in (
            ("validate", Status.SUBMITTED,
             national or bool(access.reviewable_departments(user, submission))),
            ("approve", Status.VALIDATED, national),
            ("publish", Status.APPROVED, national),
        )
        if submission.status == waiting and reviewer and name not in {a for a, _ in actions}
    ]  # fmt: skip
    return render(
        request,
        "response/submission_detail.html",
        {
            "submission": submission,
            "lines": lines,
            "line_count": access.lines_visible_to(user, submission).count(),
            "actions": actions,
            "refusals": refusals,
            "can_edit_lines": access.can_edit_lines(user, submission),
            "parts": department_parts(submission, names),
            "history": AuditLog.objects.filter(object_type="submission", object_id=submission.pk),
        },
    )


@login_required
@require_POST
def submission_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = access.get_submission_for_user(request.user, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "submit":
            workflow.submission_submit(
                submission=submission, user=request.user, warehouse=warehouse()
            )
        elif action == "validate":
            workflow.submission_validate(
                submission=submission, user=request.user, warehouse=warehouse()
            )
        elif action == "approve":
            workflow.submission_approve(
                submission=submission, user=request.user, warehouse=warehouse()
            )
        elif action == "publish":
            workflow.submission_publish(
                submission=submission, user=request.user, warehouse=warehouse()
            )
        elif action == "reject":
            workflow.submission_reject(
                submission=submission, user=request.user, comment=comment, warehouse=warehouse()
            )
        elif action == "reopen":
            workflow.submission_reopen(
                submission=submission, user=request.user, reason=comment, warehouse=warehouse()
            )
        else:
            raise PermissionDenied(access.NOT_REVIEWER)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:detail", pk=pk)


@login_required
@require_POST
def bulk_approve_view(request: HttpRequest) -> HttpResponse:
    return _bulk(
        request,
        workflow.submissions_bulk_approve,
        nothing=_("Marque los reportes que quiere aprobar."),
        done=_("Reportes aprobados: %(n)d"),
    )


@login_required
@require_POST
def bulk_publish_view(request: HttpRequest) -> HttpResponse:
    """Publish the approved reports the IM officer ticked in the publish queue."""
    return _bulk(
        request,
        workflow.submissions_bulk_publish,
        nothing=_("Marque los reportes que quiere publicar."),
        done=_("Reportes publicados: %(n)d"),
    )


def _bulk(
    request: HttpRequest, service: Callable[..., int], *, nothing: str, done: str
) -> HttpResponse:
    """One workflow step on the reports ticked in a queue (national roles only)."""
    _require(access.is_national(request.user))
    ids = [int(i) for i in request.POST.getlist("submission") if i.isdigit()]
    chosen = list(access.submissions_visible_to(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, nothing)
        return redirect("response:review")
    try:
        count = service(submissions=chosen, user=request.user, warehouse=warehouse())
        messages.success(request, done % {"n": count})
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    except PermissionDenied as exc:  # four eyes or a lock: nothing was changed
        messages.error(request, str(exc))
    return redirect("response:review")


@login_required
@require_POST
def copy_last_month_view(request: HttpRequest) -> HttpResponse:
    orgs = {o.code: o for o in _uploadable_orgs(request)}
    organization = orgs.get(request.POST.get("org", ""))
    _require(organization is not None)
    assert organization is not None
    form = CopyLastMonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for m in form.errors["period"]))
        return redirect("response:list")
    try:
        draft = workflow.submission_copy_last_month(
            organization=organization, month=form.cleaned_data["period"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("response:list")
    return redirect("response:detail", pk=draft.pk)


# --------------------------------------------------------------------------- dashboard
def _reach_form(request: HttpRequest) -> ReachFilterForm:
    """The reach filters of the address, as pickers by name (codes are the values)."""
    reporting = Organization.objects.filter(submissions__isnull=False).distinct()
    return ReachFilterForm(
        request.GET,
        places=template_municipalities(warehouse()),
        organizations=reporting.order_by("name").values_list("code", "name"),
        activities=[(code, name) for code, name, _unit in catalogue_activities()],
    )


def _filters(request: HttpRequest, form: ReachFilterForm | None = None) -> ReachFilters:
    """The filters of the address, narrowed to the user's territory. The page shows a bad
    filter's message beside its defaults; a download or the map's data (no form given) is
    refused (400) rather than answer for other filters than those asked."""
    if form is None:
        form = _reach_form(request)
        if not form.is_valid():
            raise InvalidParameter(" ".join(form.messages()))
    chosen = form.reach_filters(timezone.localdate().strftime("%Y-%m"))
    return access.scoped_filters(request.user, chosen)


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Published reach for every member; a partner also sees its own unpublished figures."""
    _member_or_403(request)
    form = _reach_form(request)
    filters = _filters(request, form)
    for message in form.messages():
        messages.error(request, message)
    period = filters.period
    wh = warehouse()
    by_department = reach_figures(warehouse=wh, period=period, level="department", filters=filters)
    rows, columns = pivot_choice(request.GET.get("rows"), request.GET.get("columns"))
    pivot = pivot_table(warehouse=wh, period=period, filters=filters, rows=rows, columns=columns)
    own: list[dict[str, Any]] = []
    found = access.membership(request.user)
    if found is not None and found.role == access.Role.PARTNER:
        own_filters = ReachFilters(**{**filters.__dict__, "orgs": (found.organization.code,)})
        own = reach_figures(
            warehouse=wh, period=period, level="department", status=Status.SUBMITTED,
            filters=own_filters,
        )  # fmt: skip
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"departamento": f["area_name"] or f["area_code"],
                             "alcanzados": f["value"]} for f in by_department]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "departamento", "type": "nominal", "sort": "-x"},
            "x": {"field": "alcanzados", "type": "quantitative", "title": _("Personas alcanzadas")},
        },
    }  # fmt: skip
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
            "spec": spec,
            "query": request.GET.urlencode(),
            "can_export": access.can_export_lines(request.user),
            "presence": presence_table(warehouse=wh, filters=filters),
            "planned": planned_vs_reached(
                warehouse=wh,
                period=period,
                plans=access.plans_visible_to(request.user),
                departments=access.leg_departments(request.user),
            ),
            # targets are per department: not an ETC analyst's municipalities only
            "progress": progress_table(warehouse=wh, period=period)
            if access.etc_scope(request.user) is None
            else [],
        },
    )


@login_required
def dashboard_map_view(request: HttpRequest) -> JsonResponse:
    """The Vega-Lite spec of the department map of published reach (loaded by the page)."""
    _member_or_403(request)
    filters = _filters(request)
    wh = warehouse()
    reached = {
        f["area_code"]: f["value"]
        for f in reach_figures(
            warehouse=wh, period=filters.period, level="department", filters=filters
        )
    }
    con = wh.reader()[0]
    features = department_map(con)["features"] if has_table(con, "department_boundary") else []
    for feature in features:
        feature["properties"]["alcanzados"] = reached.get(feature["properties"]["code"], 0)
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420, "height": 480,
        "data": {"values": features, "format": {"type": "json"}},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "color": {"field": "properties.alcanzados", "type": "quantitative",
                      "title": _("Personas alcanzadas"), "scale": {"scheme": "blues"}},
            "tooltip": [{"field": "properties.name", "title": _("Departamento")},
                        {"field": "properties.alcanzados", "title": _("Alcanzados"),
                         "format": ","}],
        },
    }  # fmt: skip
    return JsonResponse(spec)


def _export_lines(request: HttpRequest) -> list[dict[str, Any]]:
    _require(access.can_export_lines(request.user))
    visible = access.submissions_visible_to(request.user).filter(
        status__in=snapshot.counted_statuses()
    )
    found = access.membership(request.user)
    if found is not None and found.role == access.Role.PARTNER:
        visible = visible | access.submissions_visible_to(request.user).filter(
            organization=found.organization
        )
    lines = ActivityLine.objects.filter(submission__in=visible)
    scope = access.etc_scope(request.user)
    if scope is not None:
        lines = lines.filter(municipality__in=scope)
    return export_records(filtered_lines(lines, _filters(request)), place_names(warehouse()))


@login_required
def export_xlsx_view(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    write_lines_xlsx(buffer, _export_lines(request))
    return _xlsx(buffer, "5W-lineas.xlsx")


@login_required
def pivot_xlsx_view(request: HttpRequest) -> HttpResponse:
    """The dashboard pivot as the user chose it (rows, columns, filters), as XLSX."""
    _member_or_403(request)
    filters = _filters(request)
    period = filters.period
    rows, columns = pivot_choice(request.GET.get("rows"), request.GET.get("columns"))
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
    return _xlsx(buffer, f"5W-alcance-{rows}-{columns}-{period}.xlsx")


@login_required
def export_hxl_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(lines_hxl_csv(_export_lines(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="5W-lineas-hxl.csv"'
    return response


@login_required
def completeness_view(request: HttpRequest) -> HttpResponse:
    role = access.role_of(request.user)
    _require(access.is_national(request.user) or role == access.Role.LEG_COORDINATOR)
    year = parsed(YearForm(request.GET))["year"] or timezone.localdate().year
    rows = completeness_table(plan_year=year)
    found = access.membership(request.user)
    if role == access.Role.LEG_COORDINATOR and found is not None:
        rows = [r for r in rows if r.department in set(found.department_codes or [])]
    expected = sum(r.expected for r in rows)
    orgs, months, cells = completeness_grid(rows)
    names = dict(Organization.objects.values_list("code", "name"))
    places = place_names(warehouse())
    return render(
        request,
        "response/completeness.html",
        {
            "rows": [{"row": r, "org_name": names.get(r.org, r.org),
                      "department_name": places.get(r.department, "")} for r in rows],
            "year": year,
            "months": months,
            "grid": [(org, names.get(org, org), [cells.get((org, m)) for m in months])
                     for org in orgs],
            "completeness": round(100 * sum(r.received for r in rows) / expected, 1)
            if expected else None,
            "timeliness": round(100 * sum(r.on_time for r in rows) / expected, 1)
            if expected else None,
        },
    )  # fmt: skip


# --------------------------------------------------------------------------- planned activities
def _plan_orgs(request: HttpRequest) -> list[Organization]:
    return [o for o in Organization.objects.all() if access.can_edit_plan(request.user, o)]


@login_required
def plan_list_view(request: HttpRequest) -> HttpResponse:
    """A partner's planned activities (own organisation), editable by it and the IM officer."""
    _member_or_403(request)
    year = parsed(YearForm(request.GET))["year"] or timezone.localdate().year
    orgs = _plan_orgs(request)
    if request.method == "POST":
        organization = {o.code: o for o in orgs}.get(request.POST.get("org", ""))
        _require(organization is not None)
        assert organization is not None
        form = PlanForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
            return redirect(f"{request.path}?year={year}")
        try:
            plans.planned_activity_save(
                user=request.user,
                organization=organization,
                activity=request.POST.get("activity", ""),
                department=request.POST.get("department", "").strip(),
                municipality=request.POST.get("municipality", "").strip(),
                population_group=request.POST.get("group", ""),
                plan_year=form.cleaned_data["year"] or year,
                planned_beneficiaries=form.cleaned_data["planned"],
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        return redirect(f"{request.path}?year={year}")
    groups = [(g.value, POPULATION_GROUP_LABELS[g][0]) for g in PopulationGroup]
    return render(
        request,
        "response/plan_list.html",
        {
            "plans": access.plans_visible_to(request.user).filter(plan_year=year),
            "year": year,
            "orgs": orgs,
            "editable": {o.pk for o in orgs},
            # the latest version of each catalogue activity
            "activities": list(
                {i.code: i for i in CatalogueItem.objects.order_by("code", "valid_from")}.values()
            ),
            "group_choices": groups,
        },
    )


@login_required
@require_POST
def plan_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.plans_visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    year = plan.plan_year
    plans.planned_activity_delete(user=request.user, plan=plan)
    return redirect(f"{reverse('response:plans')}?year={year}")


# --------------------------------------------------------------------------- typed lines
LINE_CELLS = [c for c in TEMPLATE_COLUMNS if c.field.startswith(("cell:", "of:"))]
NUMBER_FIELDS = {"beneficiaries", "quantity", "households"}


def _typed(column: Any, values: dict[str, Any]) -> tuple[str, str, str]:
    value = values.get(column.field)
    return column.field, column.header_es, "" if value is None else str(value)


def _line_context(
    submission: Submission, values: dict[str, Any], problems: list[Any]
) -> dict[str, Any]:
    places = template_municipalities(warehouse())
    department = str(values.get("department") or "")
    municipality = str(values.get("municipality") or "")
    return {
        "submission": submission,
        "values": values,
        "problems": problems,
        "departments": sorted({(m.department_code, m.department_name) for m in places}),
        "municipalities": [m for m in places if m.department_code == department],
        "sedes": sede_choices(warehouse(), municipality),
        "activities": catalogue_activities(),
        "groups": [(g.value, POPULATION_GROUP_LABELS[g][0]) for g in PopulationGroup],
        "numbers": [_typed(c, values) for c in TEMPLATE_COLUMNS if c.field in NUMBER_FIELDS],
        "cells": [_typed(c, values) for c in LINE_CELLS],
    }


@login_required
def line_form_view(request: HttpRequest, pk: int, line_id: int | None = None) -> HttpResponse:
    """Add or correct one line in the browser, with the importer's rules and messages."""
    submission = access.get_submission_for_user(request.user, pk)
    if not access.can_edit_lines(request.user, submission):
        raise PermissionDenied(access.LINES_FROZEN)
    line = submission.lines.filter(pk=line_id).first() if line_id is not None else None
    if line_id is not None and line is None:
        raise Http404
    values: dict[str, Any] = line_form_values(line)
    problems: list[Any] = []
    if request.method == "POST":
        values = {c.field: request.POST.get(c.field, "").strip() for c in TEMPLATE_COLUMNS}
        try:
            lines.line_save(
                submission=submission, user=request.user, values=values, line=line,
                matcher=matcher_from_warehouse(warehouse().reader()[0]),
            )  # fmt: skip
        except lines.LineProblems as exc:
            problems = exc.problems
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Línea guardada."))
            return redirect("response:detail", pk=pk)
    return render(request, "response/line_form.html", _line_context(submission, values, problems))


@login_required
@require_POST
def line_delete_view(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    submission = access.get_submission_for_user(request.user, pk)
    line = submission.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    try:
        lines.line_delete(submission=submission, user=request.user, line=line)
        messages.success(request, _("Línea borrada."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:detail", pk=pk)


@login_required
def line_places_view(request: HttpRequest) -> HttpResponse:
    """The municipality and sede pickers of the line form for the department (and
    municipality) chosen: htmx swaps them in when a picker changes."""
    _member_or_403(request)
    values = {"department": request.GET.get("department", ""),
              "municipality": request.GET.get("municipality", "")}  # fmt: skip
    context = _line_context(Submission(), values, [])
    if values["municipality"] not in {m.code for m in context["municipalities"]}:
        values["municipality"] = ""
        context["sedes"] = []
    return render(request, "response/_line_places.html", context)
