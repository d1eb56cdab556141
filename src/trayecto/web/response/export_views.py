"""Downloads of the activity lines a user may see, under the reach page's filters: XLSX with
names beside codes, and HXL-tagged CSV."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from trayecto.reports.five_w_export import lines_hxl_csv, write_lines_xlsx
from trayecto.web.response import access
from trayecto.web.response.downloads import csv_response, xlsx_response
from trayecto.web.response.reach_views import reach_filters
from trayecto.web.response.selectors.lines import export_records, filtered_lines
from trayecto.web.response.selectors.places import place_names
from trayecto.web.response.selectors.snapshot import warehouse


def _export_lines(request: HttpRequest) -> list[dict[str, Any]]:
    lines = access.exportable_lines(request.user)
    return export_records(filtered_lines(lines, reach_filters(request)), place_names(warehouse()))


@login_required
def export_xlsx_view(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    write_lines_xlsx(buffer, _export_lines(request))
    return xlsx_response(buffer, "5W-lineas.xlsx")


@login_required
def export_hxl_view(request: HttpRequest) -> HttpResponse:
    return csv_response(lines_hxl_csv(_export_lines(request)), "5W-lineas-hxl.csv")
