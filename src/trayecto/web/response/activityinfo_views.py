"""The ActivityInfo (GIFMM 5W v2) download of the reach page's month: the published lines the
user may export (the same rule as the line exports), as `trayecto export activityinfo`
writes them: a workbook with its note, or the CSV ActivityInfo imports."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from trayecto.domain.five_w import Status
from trayecto.reports import activityinfo
from trayecto.warehouse.places import has_table
from trayecto.web.api.activityinfo import activityinfo_export
from trayecto.web.response import access
from trayecto.web.response.downloads import csv_response, xlsx_response
from trayecto.web.response.reach_views import reach_filters
from trayecto.web.response.selectors.lines import filtered_lines
from trayecto.web.response.selectors.snapshot import warehouse


@login_required
def xlsx_view(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
def csv_view(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


def _download(request: HttpRequest, extension: str) -> HttpResponse:
    filters = reach_filters(request)  # a bad filter: 400 saying what is allowed
    lines = filtered_lines(access.exportable_lines(request.user), filters)
    store = warehouse()
    published = lines.filter(month=filters.period, submission__status=Status.PUBLISHED)
    if published.exists() and not has_table(store.reader()[0], "municipality"):
        # the file names places by name
        messages.error(request, _("Falta la geografía: pida al equipo de IM que la importe."))
        return redirect("response:dashboard")
    export, body, _places = activityinfo_export(filters.period, store, among=lines)
    name = f"GIFMM-5W-v2-{filters.period}"
    if extension == "csv":
        data = activityinfo.to_csv(body).decode("utf-8")
        return csv_response(data, f"{name}.csv")
    with tempfile.TemporaryDirectory() as folder:  # xlsxwriter writes to a file
        path = activityinfo.write_xlsx(Path(folder) / f"{name}.xlsx", export, body)
        return xlsx_response(io.BytesIO(path.read_bytes()), f"{name}.xlsx")
