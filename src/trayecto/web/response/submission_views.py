"""Pages of the reports: the list, one report with its lines and history, its workflow steps,
and a draft copied from last month."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.domain.five_w_monitoring import month_to_report
from trayecto.web.response import access
from trayecto.web.response.forms import CommentForm, CopyLastMonthForm
from trayecto.web.response.models import AuditLog, CatalogueItem
from trayecto.web.response.selectors.catalogue import catalogue_units
from trayecto.web.response.selectors.monitoring import reminders_for
from trayecto.web.response.selectors.places import place_names
from trayecto.web.response.selectors.review import department_parts, line_cells_label
from trayecto.web.response.selectors.snapshot import warehouse
from trayecto.web.response.services import workflow

LINES_SHOWN = 300


@login_required
def submission_list_view(request: HttpRequest) -> HttpResponse:
    access.require_five_w(request.user)
    submissions = access.submissions_visible_to(request.user).order_by("-period__month")[:200]
    own = access.partner_organization(request.user)
    reminders = (
        reminders_for(organization=own, today=timezone.localdate()) if own is not None else []
    )
    return render(
        request,
        "response/submission_list.html",
        {"submissions": submissions, "orgs": access.uploadable_organizations(request.user),
         "period": month_to_report(timezone.localdate()), "reminders": reminders},
    )  # fmt: skip


def _action_labels() -> dict[str, str]:
    return {
        "submit": _("Enviar"),
        "validate": _("Validar"),
        "approve": _("Aprobar"),
        "publish": _("Publicar"),
        "reject": _("Devolver al socio"),
        "reopen": _("Reabrir"),
    }


@login_required
def submission_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    submission = access.get_submission_for_user(user, pk)
    (submission,) = access.with_review_state([submission])
    allowed = access.allowed_actions(user, submission)
    labels = _action_labels()
    names = place_names(warehouse())
    units = catalogue_units()
    activity_names = dict(CatalogueItem.objects.values_list("code", "name_es"))
    groups = {g.value: POPULATION_GROUP_LABELS[g][0] for g in PopulationGroup}
    visible = access.lines_visible_to(user, submission)
    lines = [
        {"line": line, "municipality_name": names.get(line.municipality, ""),
         "activity_name": activity_names.get(line.activity, ""),
         "group": groups.get(line.population_group, line.population_group),
         "unit": units.get(line.activity, ""), "cells": line_cells_label(line.cells)}
        for line in visible[:LINES_SHOWN]
    ]  # fmt: skip
    return render(
        request,
        "response/submission_detail.html",
        {
            "submission": submission,
            "lines": lines,
            "line_count": visible.count(),
            "actions": [(name, labels[name]) for name in allowed],
            "refusals": access.refusals(user, submission, allowed),
            "can_edit_lines": access.can_edit_lines(user, submission),
            "parts": department_parts(submission, names),
            "history": AuditLog.objects.filter(object_type="submission", object_id=submission.pk),
        },
    )


@login_required
@require_POST
def submission_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = access.get_submission_for_user(request.user, pk)
    comment = CommentForm(request.POST)
    comment.is_valid()
    text = comment.cleaned_data.get("comment") or ""
    user, wh = request.user, warehouse()
    try:
        workflow.submission_transition(
            action=action, submission=submission, user=user, comment=text, warehouse=wh
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:detail", pk=pk)


@login_required
@require_POST
def copy_last_month_view(request: HttpRequest) -> HttpResponse:
    form = CopyLastMonthForm(request.POST)
    valid = form.is_valid()
    orgs = {o.code: o for o in access.uploadable_organizations(request.user)}
    organization = orgs.get(form.cleaned_data.get("org") or "")
    access.require(organization is not None)
    assert organization is not None
    if not valid:
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
