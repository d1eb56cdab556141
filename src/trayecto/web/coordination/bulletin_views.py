"""The bulletin archive: every bulletin issued, its file, a rebuild check, and issuing one."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.web.accounts.access import require_member
from trayecto.web.coordination import access
from trayecto.web.coordination.bulletin import bulletin_issue, bulletin_rebuild
from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.coordination.exports import xlsx_response
from trayecto.web.coordination.forms import BulletinForm
from trayecto.web.coordination.models import BulletinRecord
from trayecto.web.params import parsed

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _archive() -> list[BulletinRecord]:
    return list(BulletinRecord.objects.defer("content", "inputs")[:200])


@login_required
def bulletin_list_view(request: HttpRequest) -> HttpResponse:
    """Bulletins show published data only: every member reads them, donors included."""
    require_member(request)
    national = access.is_national(request.user)
    if request.method == "POST":
        access.require(national, access.ONLY_NATIONAL_ISSUES)
        data = parsed(BulletinForm(request.POST))
        scope = BulletinScope(data["period"], data["department"] or "", "es")
        record = bulletin_issue(scope, data["format"], user=request.user, source="web")
        messages.success(request, _("Boletín emitido: %(size)s bytes.") % {"size": record.size})
        return redirect("coordination:bulletins")
    return render(
        request,
        "coordination/bulletin_list.html",
        {"records": _archive(), "form": BulletinForm() if national else None},
    )


def _record(pk: int) -> BulletinRecord:
    try:
        return BulletinRecord.objects.get(pk=pk)
    except BulletinRecord.DoesNotExist:
        raise Http404(pk) from None


@login_required
def bulletin_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_member(request)
    record = _record(pk)
    response = HttpResponse(bytes(record.content), content_type=CONTENT_TYPES[record.format])
    name = f"boletin-{record.period}-{record.department or 'nacional'}.{record.format}"
    # a download, never a page of the site: the HTML carries its own style
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@login_required
def bulletin_rebuild_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_member(request)
    access.require(access.is_national(request.user), access.ONLY_NATIONAL_ISSUES)
    record = _record(pk)
    rebuilt = hashlib.sha256(bulletin_rebuild(record)).hexdigest()
    if rebuilt == record.sha256:
        messages.success(request, _("Reconstruido: idéntico al emitido (%(sha)s).")
                         % {"sha": rebuilt[:12]})  # fmt: skip
    else:
        messages.error(request, _("Reconstruido: distinto del emitido (%(a)s ≠ %(b)s).")
                       % {"a": rebuilt[:12], "b": record.sha256[:12]})  # fmt: skip
    return redirect("coordination:bulletins")


@login_required
def bulletin_xlsx_view(request: HttpRequest) -> HttpResponse:
    require_member(request)
    national = _("nacional")
    rows = [
        (r.period, r.department or national, r.format, r.manifest_version, r.size, r.sha256,
         r.source, r.created_at)
        for r in _archive()
    ]  # fmt: skip
    return xlsx_response(
        filename="boletines.xlsx",
        sheet=_("Boletines"),
        title=_("Archivo de boletines"),
        headers=[_("Mes"), _("Departamento"), _("Formato"), _("Versión del almacén"),
                 _("Bytes"), "SHA-256", _("Origen"), _("Emitido")],
        rows=rows,
    )  # fmt: skip
