"""Login rate limits (django-axes): who is counted as the same address.

Behind the reverse proxy of docs/deploy.md every request comes from the proxy, so counting
REMOTE_ADDR would lock every user out together. With TRAYECTO_PROXY_COUNT=N (production: 1)
the client is the address the outermost of our N proxies saw, read from the right of
X-Forwarded-For: entries further left are written by the client and could be forged.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    proxies: int = settings.TRAYECTO_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def locked_out(
    request: HttpRequest, original_response: object, credentials: object
) -> HttpResponse:
    """The page a locked-out login gets: HTTP 429, how many failures, how long to wait."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
