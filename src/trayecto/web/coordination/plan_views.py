"""Pages of the action plans: the list, a plan's dashboard with inline updates (htmx), an
action with its progress and comments, the workbook import and export."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto import paths
from trayecto.domain.action_plans import ActionStatus
from trayecto.reports.action_plan_export import write_action_plan_xlsx
from trayecto.warehouse import Warehouse
from trayecto.web.coordination import access, etpv_link, plan_selectors, plan_services
from trayecto.web.coordination.etpv_students import etpv_students_section
from trayecto.web.coordination.exports import XLSX, xlsx_response
from trayecto.web.coordination.forms import (
    ActionForm,
    ActionStatusForm,
    CommentForm,
    PlanCreateForm,
    PlanImportForm,
    ProgressForm,
)
from trayecto.web.coordination.models import Action, ActionPlan

MAX_UPLOAD = 5 * 1024 * 1024  # a plan of a few hundred actions is far below this


def _names() -> dict[str, dict[str, str]]:
    return plan_selectors.territory_names(Warehouse.for_root(paths.warehouse_dir()))


@login_required
def plan_list_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    national = access.is_national(request.user)
    form = PlanCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.require(national, access.NOT_PLAN_MANAGER)
        if form.is_valid():
            try:
                plan = plan_services.plan_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("coordination:plan", plan.code)
    return render(
        request,
        "coordination/plan_list.html",
        {
            "plans": plan_selectors.plan_list(today=timezone.localdate()),
            "form": form if national else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def plan_list_xlsx_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    rows = [
        (item["plan"].name, item["plan"].code, item["progress"].total,
         item["progress"].percent_done, item["progress"].overdue)
        for item in plan_selectors.plan_list(today=timezone.localdate())
    ]  # fmt: skip
    return xlsx_response(
        filename="planes-de-accion.xlsx",
        sheet=_("Planes"),
        title=_("Planes de acción"),
        headers=[_("Plan"), _("Código"), _("Acciones"), _("Hechas (%)"), _("Vencidas")],
        rows=rows,
    )


def _with_etpv_support(
    request: HttpRequest, plan: ActionPlan, rows: list[plan_selectors.ActionRowView]
) -> list[plan_selectors.ActionRowView]:
    """The ETPV plan's rows get their figures from approved 5W lines, where the user may
    see them (access.can_see_etpv_support)."""
    if plan.code != plan_services.ETPV_CODE:
        return rows
    shown = [row for row in rows if access.can_see_etpv_support(request.user, row.action)]
    figures = etpv_link.etpv_support_by_action(row.action for row in shown)
    for row in rows:
        row.etpv = figures.get(row.action.pk)
        row.etpv_hidden = row.etpv is None
    return rows


def _dashboard_context(request: HttpRequest, plan: ActionPlan) -> dict[str, object]:
    today = timezone.localdate()
    rows = plan_selectors.action_rows(
        plan_selectors.plan_actions(plan), today=today, names=_names()
    )
    _with_etpv_support(request, plan, rows)
    return {
        "plan": plan,
        "rows": [(row, access.can_update_action(request.user, row.action)) for row in rows],
        "progress": plan_selectors.progress_of(rows, today=today),
        "overdue": [row for row in rows if row.overdue],
        "responsibilities": plan_selectors.responsibilities(rows),
        "by_etc": plan_selectors.indicators_by_etc(rows),
        "grade_11": [row for row in rows if row.grade_11_flag],
        "manage": access.can_manage_plan(request.user, plan),
        "status_form": ActionStatusForm(),
        "import_form": PlanImportForm(),
        "etpv_students": (
            etpv_students_section(request) if plan.code == plan_services.ETPV_CODE else None
        ),
    }


@login_required
def plan_dashboard_view(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    return render(request, "coordination/plan_dashboard.html", _dashboard_context(request, plan))


@login_required
def plan_export_view(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    actions, updates = plan_selectors.export_rows(plan)
    buffer = io.BytesIO()
    write_action_plan_xlsx(buffer, actions=actions, updates=updates)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.code}.xlsx"'
    return response


@require_POST
@login_required
def plan_import_view(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_user(request, code, manage=True)
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid() or form.cleaned_data["file"].size > MAX_UPLOAD:
        messages.error(request, _("Elija un libro .xlsx de hasta 5 MB con la hoja «Acciones»."))
        return redirect("coordination:plan", code)
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        report = plan_services.plan_import(
            plan=plan, path=path, user=request.user, dry_run=form.cleaned_data["dry_run"]
        )
    return render(
        request,
        "coordination/plan_import.html",
        {"plan": plan, "report": report},
        status=400 if report.refused else 200,
    )


@login_required
def action_new_view(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_plan_for_user(request, code, manage=True)
    form = ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supporting = data.pop("supporting")
        data["baseline"] = data["baseline"] or 0.0
        try:
            action = plan_services.action_create(
                plan=plan, supporting=supporting, user=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("coordination:action", code, action.pk)
    return render(
        request,
        "coordination/action_form.html",
        {"plan": plan, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def action_detail_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    action = access.get_action_for_user(request, plan, pk)
    row = plan_selectors.action_rows(
        plan_selectors.plan_actions(plan).filter(pk=action.pk),
        today=timezone.localdate(),
        names=_names(),
    )[0]
    _with_etpv_support(request, plan, [row])
    return render(
        request,
        "coordination/action_detail.html",
        {
            "plan": plan,
            "row": row,
            "etpv_types": row.etpv.type_labels(get_language()) if row.etpv else [],
            "etpv_hidden_reason": gettext(access.ETPV_SUPPORT_HIDDEN),
            "action": row.action,
            "can_update": access.can_update_action(request.user, action),
            "status_form": ActionStatusForm(initial={"status": action.status}),
            "progress_form": ProgressForm(),
            "comment_form": CommentForm(),
            "comments": action.comments.select_related("created_by"),
        },
    )


def _after_update(request: HttpRequest, plan: ActionPlan, action: Action) -> HttpResponse:
    """htmx swaps the action's row of the dashboard in place; a plain form goes back."""
    if getattr(request, "htmx", False):
        today = timezone.localdate()
        row = plan_selectors.action_rows(
            plan_selectors.plan_actions(plan).filter(pk=action.pk), today=today, names=_names()
        )[0]
        _with_etpv_support(request, plan, [row])
        return render(
            request,
            "coordination/_action_row.html",
            {"row": row, "can_update": True, "plan": plan, "status_form": ActionStatusForm()},
        )
    return redirect("coordination:action", plan.code, action.pk)


@require_POST
@login_required
def action_status_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    action = access.get_action_for_user(request, plan, pk, update=True)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            plan_services.action_set_status(
                action=action, status=ActionStatus(form.cleaned_data["status"]), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        return HttpResponse(" ".join(str(e) for e in form.errors["status"]), status=400)
    return _after_update(request, plan, action)


@require_POST
@login_required
def action_progress_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    action = access.get_action_for_user(request, plan, pk, update=True)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        message = "; ".join(
            f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        )
        return HttpResponse(message, status=400)
    plan_services.progress_add(action=action, user=request.user, **form.cleaned_data)
    return _after_update(request, plan, action)


@require_POST
@login_required
def action_comment_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, code)
    action = access.get_action_for_user(request, plan, pk, update=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        plan_services.comment_add(action=action, text=form.cleaned_data["text"], user=request.user)
    else:
        messages.error(request, _("Escriba el comentario."))
    return redirect("coordination:action", code, pk)
