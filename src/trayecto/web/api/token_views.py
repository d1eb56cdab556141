"""The user's API tokens page: create one (shown once), see and revoke one's own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trayecto.web.accounts import access
from trayecto.web.api.forms import TokenForm
from trayecto.web.api.models import ApiToken
from trayecto.web.api.tokens import token_create, token_revoke


@login_required
def token_list_view(request: HttpRequest) -> HttpResponse:
    """GET lists the user's tokens; POST creates one and shows it this once."""
    scope = access.require_member(request)  # tokens carry a role: outsiders have none
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        created = token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_days=form.cleaned_data["expires_days"],
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "created": created, "scope": scope},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()  # type: ignore[misc]
    if token is None:  # someone else's token is not revealed
        raise Http404
    token_revoke(token=token, user=request.user)  # type: ignore[arg-type]
    return redirect("api-tokens")
