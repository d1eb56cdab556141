"""Emergencies pages: the list, an event (figures, map, sedes, gaps, timeline), recording and
changing events, importing lists, exports. Access in access.py, writes in services.py."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trayecto.reports.affected_schools_export import sedes_hxl_csv, write_sedes_xlsx
from trayecto.reports.affected_schools_template import write_affected_schools_template
from trayecto.reports.damage_assessment_form import write_damage_assessment_form
from trayecto.reports.emergency_map import event_map_spec
from trayecto.web.accounts.access import require_member
from trayecto.web.emergencies import access, geography, reach, selectors, services
from trayecto.web.emergencies.forms import (
    AffectedSedeForm,
    AssessmentUploadForm,
    EventFilterForm,
    EventForm,
    ExportForm,
    ListUploadForm,
    SedePageForm,
    StatusForm,
)
from trayecto.web.emergencies.map_data import map_data, map_labels
from trayecto.web.emergencies.models import STATUS_LABELS, AffectedSede, Event
from trayecto.web.params import parsed
from trayecto.web.problem_words import problem_words

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
TOP_MUNICIPALITIES = 25  # the page lists these; the CLI JSON and exports give all


def _listed_events(request: HttpRequest) -> list[Event]:
    """The events the list shows under its filters (the page and its map read the same)."""
    require_member(request)
    filters = parsed(EventFilterForm(request.GET))
    return list(
        selectors.events(
            status=filters["estado"] or "",
            type_=filters["tipo"] or "",
            department=filters["departamento"] or "",
            year=filters["anio"],
        )
    )


@require_GET
@login_required
def event_list_view(request: HttpRequest) -> HttpResponse:
    events = _listed_events(request)
    context = {
        "events": events,
        "form": EventFilterForm(request.GET),
        "may_record": access.may_record_anywhere(request.user),
        "department_names": geography.names("department"),
        "map_spec": event_map_spec(labels=map_labels()),
        "map_src": _with_query(reverse("emergencies:list-map"), request.GET.urlencode()),
        "without_point": selectors.sedes_without_point(events),
    }
    return render(request, "emergencies/event_list.html", context)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@require_GET
@login_required
def event_list_map_view(request: HttpRequest) -> JsonResponse:
    """The map of the events the list shows under the same filters (map_data.py)."""
    return JsonResponse(map_data(request.user, _listed_events(request)))


@require_http_methods(["GET", "POST"])
@login_required
def event_create_view(request: HttpRequest) -> HttpResponse:
    require_member(request)
    if not access.may_record_anywhere(request.user):
        raise PermissionDenied(access.record_refusal(request.user, []))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.event_input()
        if not access.can_record_event(request.user, data.department_codes):
            raise PermissionDenied(access.record_refusal(request.user, data.department_codes))
        try:
            event = services.event_create(data=data, user=request.user)
        except services.EventInvalid as exc:
            form.add_error(None, problem_words(str(exc)))
        else:
            return redirect("emergencies:detail", event.pk)
    return render(
        request, "emergencies/event_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk, write=True)
    initial = {
        "tipo": event.type, "subtipo": event.subtype, "titulo": event.title,
        "fecha": event.start_date, "fecha_fin": event.end_date,
        "departamentos": ", ".join(event.department_codes),
        "municipios": ", ".join(event.municipality_codes), "fuente": event.source,
        "narrativa": event.narrative, "dias_alerta": event.alert_after_days,
    }  # fmt: skip
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.event_input()
        if not access.can_record_event(request.user, data.department_codes):
            raise PermissionDenied(access.record_refusal(request.user, data.department_codes))
        try:
            services.event_update(event=event, data=data, user=request.user)
        except services.EventInvalid as exc:
            form.add_error(None, problem_words(str(exc)))
        else:
            return redirect("emergencies:detail", event.pk)
    context = {"form": form, "event": event}
    return render(
        request, "emergencies/event_form.html", context, status=400 if form.errors else 200
    )


def _page_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    params = parsed(SedePageForm(request.GET))
    names = geography.names("municipality")
    visible = access.visible_sedes(request.user, event)
    figures, reached = selectors.cached_figures(event)
    visible = selectors.listed_sedes(visible, reached, only_gaps=params["sin_respuesta"])
    page = Paginator(visible, PAGE_SIZE).get_page(params["pagina"] or 1)
    return {
        "event": event,
        "figures": figures,
        "page": page,
        "rows": selectors.sede_rows(page.object_list, reached, names),
        "top_municipalities": figures["by_municipality"][:TOP_MUNICIPALITIES],
        "only_gaps": params["sin_respuesta"],
        "sees_sedes": access.can_view_event_sedes(request.user),
        "may_change": access.can_change_event(request.user, event),
        "department_names": geography.names("department"),
        "lists": event.lists.order_by("name"),
        "timeline": selectors.timeline(event),
        "status_form": StatusForm(),
        "upload_form": ListUploadForm(),
        "may_edit_sedes": access.can_change_event(request.user, event),
        "map_spec": event_map_spec(labels=map_labels()),
        "without_point": selectors.sedes_without_point([event]),
        "next_statuses": _next_statuses(event),
    }


def _next_statuses(event: Event) -> list[tuple[str, Any]]:
    from trayecto.domain.emergencies import NEXT_STATUSES, EventStatus

    allowed = NEXT_STATUSES[EventStatus(event.status)]
    return [(s.value, STATUS_LABELS[s]) for s in EventStatus if s in allowed]


@require_GET
@login_required
def event_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk)
    return render(request, "emergencies/event_detail.html", _page_context(request, event))


@require_POST
@login_required
def event_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk, write=True)
    data = parsed(StatusForm(request.POST))
    try:
        services.event_move(event=event, to=data["estado"], user=request.user, note=data["nota"])
    except services.EventInvalid as exc:
        raise PermissionDenied(problem_words(str(exc))) from exc
    return redirect("emergencies:detail", event.pk)


@require_POST
@login_required
def list_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk, write=True)
    form = ListUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "emergencies/import_report.html", {"event": event, "form": form}, status=400
        )
    upload = form.cleaned_data["archivo"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name  # the list is known by its file name
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        report = services.affected_list_import(
            event=event, path=path, store=geography.warehouse(), user=request.user,
            dry_run=form.cleaned_data["solo_validar"],
        )  # fmt: skip
    context = {"event": event, "report": report, "suffix": suffix}
    return render(request, "emergencies/import_report.html", context, status=200)


@require_GET
@login_required
def event_map_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The event's map data (map_data.py: counts for every member, points as access says)."""
    event = access.get_event_for_user(request, pk)
    return JsonResponse(map_data(request.user, [event]))


@require_GET
@login_required
def template_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk, write=True)
    wanted = list(selectors.territory_municipalities(event).values())
    buffer = io.BytesIO()
    write_affected_schools_template(buffer, municipalities=wanted, title=event.title)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="sedes-afectadas-{event.pk}.xlsx"'
    return response


@require_GET
@login_required
def export_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request, pk)
    if not access.can_view_event_sedes(request.user):
        raise PermissionDenied(_(access.SEDES_REFUSED))
    fmt = parsed(ExportForm(request.GET))["formato"]
    visible = list(access.visible_sedes(request.user, event))
    reached = reach.response_reach(event, visible)
    rows = selectors.sede_rows(visible, reached, geography.names("municipality"))
    if fmt == "hxl":
        response = HttpResponse(sedes_hxl_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="sedes-afectadas-{event.pk}-hxl.csv"'
        )
        return response
    buffer = io.BytesIO()
    write_sedes_xlsx(buffer, rows, title=f"{event.title} ({event.start_date:%Y-%m-%d})")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="sedes-afectadas-{event.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def sede_edit_view(request: HttpRequest, pk: int, sede_pk: int | None = None) -> HttpResponse:
    """Enter one affected sede in the web, or correct one (whatever list brought it)."""
    event = access.get_event_for_user(request, pk, write=True)
    sede = get_object_or_404(AffectedSede, pk=sede_pk, event=event) if sede_pk else None
    municipalities = selectors.territory_municipalities(event)
    form = AffectedSedeForm(
        request.POST or None,
        municipalities=municipalities,
        initial=AffectedSedeForm.initial_of(sede) if sede else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.affected_sede_save(
                event=event, user=request.user, values=form.sede_values(), sede=sede
            )
        except services.EventInvalid as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("emergencies:detail", event.pk)
    context = {"form": form, "event": event, "sede": sede}
    return render(
        request, "emergencies/sede_form.html", context, status=400 if form.errors else 200
    )


@require_GET
@login_required
def assessment_form_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's damage assessment XLSForm, to load in KoboToolbox or ODK."""
    event = access.get_event_for_user(request, pk, write=True)
    departments = geography.names("department")
    municipalities = selectors.territory_municipalities(event)
    buffer = io.BytesIO()
    write_damage_assessment_form(
        buffer,
        event_id=event.pk,
        title=event.title,
        departments=[(c, departments.get(c, c)) for c in sorted(event.department_codes)],
        municipalities=sorted(municipalities.items()),
        version=f"{event.updated_at:%Y%m%d%H%M}",
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="evaluacion-danos-{event.pk}.xlsx"'
    return response


@require_POST
@login_required
def assessment_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the submissions export of the event's damage assessment."""
    event = access.get_event_for_user(request, pk, write=True)
    form = AssessmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"event": event, "form": form, "assessment": True}
        return render(request, "emergencies/import_report.html", context, status=400)
    upload = form.cleaned_data["archivo"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        report = services.assessment_import(
            event=event, path=path, store=geography.warehouse(), user=request.user,
            dry_run=form.cleaned_data["solo_validar"],
        )  # fmt: skip
    context = {"event": event, "report": report, "assessment": True}
    return render(request, "emergencies/import_report.html", context)
