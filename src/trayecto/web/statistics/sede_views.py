"""The page of one sede: school-level data, for the roles DESIGN.md lets see it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from trayecto.web.accounts import access
from trayecto.web.statistics import sedes


@login_required
def sede_view(request: HttpRequest, code: str) -> HttpResponse:
    if not access.can_view_any_school_level(request.user):
        raise PermissionDenied(
            _(
                "Las páginas por sede son datos a nivel de escuela: solo para el equipo de "
                "manejo de información, la coordinación GEL y la Secretaría de Educación."
            )
        )
    page = sedes.sede_page(code)
    if page is None:
        raise Http404(code)
    if not access.can_view_school_level(
        request.user, department_code=page.department_code, etc_codes=[page.etc_code]
    ):
        raise PermissionDenied(_("Esta sede está fuera del territorio de su cuenta."))
    columns = [(s, n) for s in ("f", "m") for n in page.nationalities]
    return render(request, "statistics/sede.html", {"page": page, "columns": columns})
