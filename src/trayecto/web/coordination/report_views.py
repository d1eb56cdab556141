"""Pages of the LEG monthly report: start, read and edit, move along the workflow, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from trayecto import paths
from trayecto.domain.coordination import EDITABLE, ReportAction, ReportStatus, next_status
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import access, selectors, services
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.coordination.forms import ReportSectionsForm, ReportStartForm, ReturnForm
from trayecto.web.coordination.models import LegReport

ACTION_LABELS = {
    ReportAction.SUBMIT: gettext_noop("Enviar al clúster nacional"),
    ReportAction.APPROVE: gettext_noop("Aprobar"),
    ReportAction.RETURN: gettext_noop("Devolver al GEL"),
    ReportAction.PUBLISH: gettext_noop("Publicar"),
}


def warehouse() -> Warehouse:
    return Warehouse.for_root(paths.warehouse_dir())


@require_POST
@login_required
def report_start_view(request: HttpRequest, code: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code, write=True)
    form = ReportStartForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("coordination:workspace", code)
    period = form.cleaned_data["period"]
    try:
        services.report_start(workspace=workspace, period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("coordination:report", code, period)


def _figures(report: LegReport) -> tuple[dict[str, object], bool]:
    """The frozen figures once sent; live ones (published data only) while being written."""
    if report.status in EDITABLE or not report.figures:
        live = selectors.report_figures(
            workspace=report.workspace, period=report.period, warehouse=warehouse()
        )
        return live, True
    return dict(report.figures), False


@login_required
def report_detail_view(request: HttpRequest, code: str, period: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    report = access.get_report_for_user(request, workspace, period)
    editing = report.status in EDITABLE and access.can_edit_workspace(request.user, workspace)
    status = 200
    if request.method == "POST":
        access.require(editing, access.NOT_YOUR_DEPARTMENT)
        form = ReportSectionsForm(request.POST)
        if form.is_valid():
            services.report_update(report=report, user=request.user, sections=form.cleaned_data)
            messages.success(request, _("Informe guardado."))
            return redirect("coordination:report", code, period)
        status = 400
    else:
        form = ReportSectionsForm(
            initial={name: getattr(report, name) for name in services.SECTIONS}
        )
    figures, live = _figures(report)
    actions = [
        (action.value, _(ACTION_LABELS[action]))
        for action in ReportAction
        if next_status(ReportStatus(report.status), action) is not None
        and access.report_refusal(request.user, report, action) is None
    ]
    return render(
        request,
        "coordination/report_detail.html",
        {
            "workspace": workspace,
            "report": report,
            "form": form if editing else None,
            "figures": figures,
            "live": live,
            "actions": actions,
        },
        status=status,
    )


@require_POST
@login_required
def report_action_view(request: HttpRequest, code: str, period: str, action: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    report = access.get_report_for_user(request, workspace, period)
    try:
        chosen = ReportAction(action)
    except ValueError:
        raise Http404(action) from None
    refusal = access.report_refusal(request.user, report, chosen)
    access.require(refusal is None, refusal or "")
    return_form = ReturnForm(request.POST)
    comment = return_form.cleaned_data["comment"] if return_form.is_valid() else ""
    figures = None
    if chosen == ReportAction.SUBMIT:
        figures = selectors.report_figures(
            workspace=workspace, period=period, warehouse=warehouse()
        )
    try:
        services.report_transition(
            report=report, action=chosen, user=request.user, comment=comment, figures=figures
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Informe: %(status)s.") % {"status": report.get_status_display()}
        )
    return redirect("coordination:report", code, period)


@login_required
def report_list_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    reports = access.visible_reports(request.user, workspace)
    rows = [
        (r.period, r.get_status_display(), r.submitted_at, r.approved_at, r.published_at,
         (r.figures or {}).get("reach"), r.comment)
        for r in reports
    ]  # fmt: skip
    return xlsx_response(
        filename=f"GEL-{code}-informes.xlsx",
        sheet=_("Informes"),
        title=_("Informes mensuales del GEL de %(name)s") % {"name": workspace.name},
        headers=[_("Mes"), _("Estado"), _("Enviado"), _("Aprobado"), _("Publicado"),
                 _("Personas alcanzadas (enviadas)"), _("Comentario")],
        rows=rows,
    )  # fmt: skip
