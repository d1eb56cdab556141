"""The page of one sede: school-level data, for the roles DESIGN.md lets see it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from trayecto.web.accounts.models import Membership
from trayecto.web.statistics import sedes


def user_scope(request: HttpRequest) -> sedes.SedeScope:
    user = request.user
    if user.is_superuser:
        return sedes.SedeScope(national=True)
    membership = Membership.objects.filter(user_id=int(user.pk or 0)).first()
    if membership is None:
        return sedes.SedeScope()
    return sedes.scope_for(
        role=membership.role,
        department_codes=list(membership.department_codes or []),
        etc_code=membership.etc_code,
    )


@login_required
def sede_view(request: HttpRequest, code: str) -> HttpResponse:
    scope = user_scope(request)
    if not scope.any:
        raise PermissionDenied(
            _(
                "Las páginas por sede son datos a nivel de escuela: solo para el equipo de "
                "manejo de información, la coordinación GEL y la Secretaría de Educación."
            )
        )
    page = sedes.sede_page(code)
    if page is None:
        raise Http404(code)
    if not scope.allows(department=page.department_code, etc=page.etc_code):
        raise PermissionDenied(_("Esta sede está fuera del territorio de su cuenta."))
    columns = [(s, n) for s in ("f", "m") for n in page.nationalities]
    return render(request, "statistics/sede.html", {"page": page, "columns": columns})
