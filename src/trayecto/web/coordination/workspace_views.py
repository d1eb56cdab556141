"""Pages of the LEG workspaces: the list, one workspace, opening a new one, announcements.

Thin: access.py decides who, services.py changes, selectors.py reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.web.coordination import access, selectors, services
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.coordination.forms import AnnouncementForm, ReportStartForm, WorkspaceOpenForm
from trayecto.web.coordination.models import Announcement


@login_required
def workspace_list_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    return render(
        request,
        "coordination/workspace_list.html",
        {
            "workspaces": [
                {**row, "editable": access.can_edit_workspace(request.user, row["workspace"])}
                for row in selectors.workspace_list()
            ],
            "can_open": access.can_open_workspace(request.user),
            "open_form": WorkspaceOpenForm(),
        },
    )


@login_required
def workspace_list_xlsx_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    rows = [
        (row["workspace"].name, row["workspace"].department_code,
         len(selectors.workspace_coordinators(row["workspace"])), row["reports"], row["meetings"])
        for row in selectors.workspace_list()
    ]  # fmt: skip
    return xlsx_response(
        filename="GEL-espacios.xlsx",
        sheet=_("Espacios de GEL"),
        title=_("Espacios de los Grupos Locales de Educación (GEL)"),
        headers=[_("Departamento"), _("Código DANE"), _("Coordinadores"), _("Informes"),
                 _("Reuniones")],
        rows=rows,
    )  # fmt: skip


@require_POST
@login_required
def workspace_open_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    access.require(access.can_open_workspace(request.user), access.ONLY_ADMIN_OPENS)
    form = WorkspaceOpenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("coordination:list")
    try:
        workspace = services.workspace_open(
            department_code=form.cleaned_data["department_code"],
            name=form.cleaned_data["name"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coordination:list")
    return redirect("coordination:workspace", workspace.department_code)


@login_required
def workspace_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    editable = access.can_edit_workspace(request.user, workspace)
    reports = access.visible_reports(request.user, workspace)
    today = timezone.localdate()
    return render(
        request,
        "coordination/workspace_detail.html",
        {
            "workspace": workspace,
            "editable": editable,
            "coordinators": selectors.workspace_coordinators(workspace),
            "organizations": selectors.workspace_organizations(workspace),
            "reports": reports,
            "meetings": workspace.meetings.all()[:20],
            "follow_ups": selectors.follow_up_rows(
                selectors.open_follow_ups(workspace), today=today
            ),
            "announcements": selectors.announcements_for(workspace)[:10],
            "start_form": ReportStartForm(),
        },
    )


@login_required
def workspace_members_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    rows = [
        (
            item["organization"].name,
            item["organization"].code,
            _("sí") if item["coordinates"] else "",
            _("sí") if item["reports_5w"] else "",
        )
        for item in selectors.workspace_organizations(workspace)
    ]
    return xlsx_response(
        filename=f"GEL-{code}-organizaciones.xlsx",
        sheet=_("Organizaciones"),
        title=_("Organizaciones del GEL de %(name)s") % {"name": workspace.name},
        headers=[_("Organización"), _("Código"), _("Coordina el GEL"), _("Reporta 5W")],
        rows=rows,
    )


# --------------------------------------------------------------------------- announcements
@login_required
def announcement_list_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    national = access.is_national(request.user)
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.require(national, access.ONLY_NATIONAL)
        if form.is_valid():
            announcement = services.announcement_send(
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                workspaces=form.cleaned_data["workspaces"],
                user=request.user,
            )
            messages.success(
                request,
                _("Anuncio enviado; correos: %(count)s.") % {"count": announcement.emails_sent},
            )
            return redirect("coordination:announcements")
    return render(
        request,
        "coordination/announcement_list.html",
        {
            "announcements": Announcement.objects.prefetch_related("workspaces")[:100],
            "form": form if national else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def announcement_xlsx_view(request: HttpRequest) -> HttpResponse:
    access.require_workspaces(request)
    everyone = _("todos los GEL")
    rows = [
        (a.created_at, a.title, a.body,
         ", ".join(w.name for w in a.workspaces.all()) or everyone, a.emails_sent)
        for a in Announcement.objects.prefetch_related("workspaces")
    ]  # fmt: skip
    return xlsx_response(
        filename="GEL-anuncios.xlsx",
        sheet=_("Anuncios"),
        title=_("Anuncios del clúster nacional a los GEL"),
        headers=[_("Fecha"), _("Asunto"), _("Mensaje"), _("Destinatarios"), _("Correos")],
        rows=rows,
    )
