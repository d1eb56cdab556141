"""Pages of the LEG meetings: record one, add decisions and follow-ups, close a follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.web.coordination import access, selectors, services
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.coordination.forms import DecisionForm, FollowUpForm, MeetingForm
from trayecto.web.coordination.models import FollowUp, Meeting, Workspace


def _meeting(workspace: Workspace, pk: int) -> Meeting:
    try:
        return workspace.meetings.get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(pk) from None


@login_required
def meeting_new_view(request: HttpRequest, code: str) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code, write=True)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_record(
            workspace=workspace,
            held_on=form.cleaned_data["held_on"],
            title=form.cleaned_data["title"],
            notes=form.cleaned_data["notes"],
            attendees=form.cleaned_data["attendees"],
            user=request.user,
        )
        return redirect("coordination:meeting", code, meeting.pk)
    return render(
        request,
        "coordination/meeting_form.html",
        {"workspace": workspace, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def meeting_detail_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code)
    meeting = _meeting(workspace, pk)
    editable = access.can_edit_workspace(request.user, workspace)
    follow_ups = selectors.follow_up_rows(meeting.follow_ups.all(), today=timezone.localdate())
    for row in follow_ups:
        row["can_complete"] = access.can_complete_follow_up(request.user, row["follow_up"])
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "workspace": workspace,
            "meeting": meeting,
            "editable": editable,
            "follow_ups": follow_ups,
            "decision_form": DecisionForm(),
            "follow_up_form": FollowUpForm(),
        },
    )


@require_POST
@login_required
def decision_add_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code, write=True)
    meeting = _meeting(workspace, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.decision_add(meeting=meeting, text=form.cleaned_data["text"], user=request.user)
    else:
        messages.error(request, _("Escriba la decisión."))
    return redirect("coordination:meeting", code, pk)


@require_POST
@login_required
def follow_up_add_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    workspace = access.get_workspace_for_user(request, code, write=True)
    meeting = _meeting(workspace, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_assign(meeting=meeting, user=request.user, **form.cleaned_data)
    else:
        for name, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
            )
    return redirect("coordination:meeting", code, pk)


@require_POST
@login_required
def follow_up_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_workspaces(request)
    try:
        follow_up = FollowUp.objects.select_related("meeting__workspace").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404(pk) from None
    access.require(
        access.can_complete_follow_up(request.user, follow_up), access.NOT_YOUR_FOLLOW_UP
    )
    try:
        services.follow_up_complete(follow_up=follow_up, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    meeting = follow_up.meeting
    return redirect("coordination:meeting", meeting.workspace.department_code, meeting.pk)


@login_required
def meeting_list_xlsx_view(request: HttpRequest, code: str) -> HttpResponse:
    """Every meeting of the workspace with its decisions and follow-ups, one row each."""
    workspace = access.get_workspace_for_user(request, code)
    rows: list[tuple[object, ...]] = []
    meetings = workspace.meetings.prefetch_related("decisions", "follow_ups__organization")
    for meeting in meetings:
        rows.append((meeting.held_on, meeting.title, _("reunión"), meeting.notes, "", None, ""))
        for decision in meeting.decisions.all():
            rows.append(
                (meeting.held_on, meeting.title, _("decisión"), decision.text, "", None, "")
            )
        for f in meeting.follow_ups.all():
            done = _("cumplido") if f.done_at else _("pendiente")
            rows.append((meeting.held_on, meeting.title, _("compromiso"), f.text,
                         f.organization.name, f.due_date, done))  # fmt: skip
    return xlsx_response(
        filename=f"GEL-{code}-reuniones.xlsx",
        sheet=_("Reuniones"),
        title=_("Reuniones del GEL de %(name)s") % {"name": workspace.name},
        headers=[_("Fecha"), _("Reunión"), _("Tipo"), _("Texto"), _("Organización responsable"),
                 _("Fecha límite"), _("Estado")],
        rows=rows,
    )  # fmt: skip
