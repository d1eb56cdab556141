"""Pages of a partner's upload: the file sent to a worker, its progress and import report,
the confirmation of rejected rows, and the Excel template to fill in."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.domain.five_w_monitoring import month_to_report
from trayecto.reports.five_w_form import write_five_w_form
from trayecto.reports.five_w_template import write_five_w_template
from trayecto.warehouse.places import has_table
from trayecto.web.accounts.selectors import organization_choices
from trayecto.web.params import PERIOD_RULE, parsed
from trayecto.web.response import access, upload_task
from trayecto.web.response.downloads import xlsx_response
from trayecto.web.response.forms import ConfirmUploadForm, TemplateForm, UploadForm
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.places import template_municipalities
from trayecto.web.response.selectors.prefill import plan_prefill_lines, prefill_lines
from trayecto.web.response.selectors.snapshot import warehouse


@login_required
@require_POST
def upload_view(request: HttpRequest) -> HttpResponse:
    orgs = {o.code: o for o in access.uploadable_organizations(request.user)}
    access.require(bool(orgs))
    upload = request.FILES.get("file")
    form = UploadForm(request.POST)
    valid = form.is_valid()
    org_code = form.cleaned_data.get("org") or ""
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
    if not valid:  # the period (the other fields accept anything)
        messages.error(request, PERIOD_RULE)
        return redirect("response:list")
    period = form.cleaned_data["period"] or None
    # Read and stored by a worker (upload_task.py): a large file never times the request out.
    # Rows that would be rejected are shown, and nothing is sent until the user confirms.
    assert request.user.pk is not None  # login_required
    mode = upload_task.CHECK if form.check_only() else upload_task.SEND_IF_CLEAN
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
    form = ConfirmUploadForm(request.POST)
    form.is_valid()
    token = Path(form.cleaned_data.get("token") or "").name
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
    orgs = {o.code: o for o in access.uploadable_organizations(request.user)}
    access.require(bool(orgs))
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
    return xlsx_response(buffer, f"5W-{org_code}-{period}.xlsx")


@login_required
def form_download_view(request: HttpRequest) -> HttpResponse:
    """The 5W as an XLSForm for KoboToolbox/ODK: the registered organisations to choose from,
    the chosen one and month as defaults (docs/formats/five-w-form.md)."""
    orgs = {o.code: o for o in access.uploadable_organizations(request.user)}
    access.require(bool(orgs))
    asked = parsed(TemplateForm(request.GET))
    if asked["org"] and asked["org"] not in orgs:
        raise PermissionDenied(access.NOT_YOURS)
    period = asked["period"] or month_to_report(timezone.localdate())
    buffer = io.BytesIO()
    write_five_w_form(
        buffer,
        municipalities=template_municipalities(warehouse()),
        organizations=organization_choices(),
        period=period,
        org_code=asked["org"] or "",
    )
    return xlsx_response(buffer, f"formulario-5W-{period}.xlsx")
