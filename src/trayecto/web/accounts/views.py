"""Organisation pages: who works for an organisation, in which role, over which territory."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trayecto.web.accounts import access


@require_GET
@login_required
def organization_view(request: HttpRequest, code: str) -> HttpResponse:
    organization = access.get_organization_for_user(request, code)
    members = organization.members.select_related("user").order_by("user__username")
    context = {
        "organization": organization,
        "members": members,
        "can_change": access.can_change_organization(request.user, organization),
    }
    return render(request, "accounts/organization.html", context)
