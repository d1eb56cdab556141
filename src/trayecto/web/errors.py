"""Error pages that say what went wrong with the request (config/urls.py handler400)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trayecto.web.params import InvalidParameter


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Only our own messages are shown: others (a bad Host header...) may echo what was sent.
    message = str(exception) if isinstance(exception, InvalidParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)
