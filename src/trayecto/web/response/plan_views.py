"""Planned activities: a partner's own (editable by it and the IM officer), a LEG's
departments', every one for national roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.web.params import parsed
from trayecto.web.response import access
from trayecto.web.response.forms import PlanEntryForm, PlanForm, YearForm
from trayecto.web.response.models import CatalogueItem
from trayecto.web.response.services import plans


@login_required
def plan_list_view(request: HttpRequest) -> HttpResponse:
    """A partner's planned activities (own organisation), editable by it and the IM officer."""
    access.require_five_w(request.user)
    year = parsed(YearForm(request.GET))["year"] or timezone.localdate().year
    orgs = access.plan_organizations(request.user)
    if request.method == "POST":
        entry = PlanEntryForm(request.POST)
        entry.is_valid()
        typed = entry.cleaned_data
        organization = {o.code: o for o in orgs}.get(typed.get("org") or "")
        access.require(organization is not None)
        assert organization is not None
        form = PlanForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
            return redirect(f"{request.path}?year={year}")
        try:
            plans.planned_activity_save(
                user=request.user,
                organization=organization,
                activity=typed.get("activity") or "",
                department=typed.get("department") or "",
                municipality=typed.get("municipality") or "",
                population_group=typed.get("group") or "",
                plan_year=form.cleaned_data["year"] or year,
                planned_beneficiaries=form.cleaned_data["planned"],
                funded_project=form.cleaned_data["funded_project"],
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
