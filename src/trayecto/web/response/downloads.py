"""How the 5W pages send files: XLSX and CSV attachments."""

from __future__ import annotations

import io

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(buffer: io.BytesIO, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


def csv_response(text: str, filename: str) -> HttpResponse:
    return _attachment(HttpResponse(text, content_type="text/csv"), filename)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
