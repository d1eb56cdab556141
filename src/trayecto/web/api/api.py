"""The versioned API (django-ninja) under /api/v1/: one router module per topic, added here
with one line each; authentication, rate limit and the JSON errors shared by all."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from trayecto.web.api import (
    areas,
    coordination,
    downloads,
    emergencies,
    five_w,
    five_w_downloads,
    indicators,
    needs,
    reach,
    trajectory,
)
from trayecto.web.api.errors import ApiError, NotModified
from trayecto.web.api.security import CallerRateThrottle, TokenOrSession

api = NinjaAPI(
    title="Trayecto API",
    version="1",
    description=(
        "Official education statistics, 5W response figures and areas of the Education in "
        "Emergencies Cluster in Colombia. Send a personal token as `Authorization: Bearer "
        "TOKEN`; without one only the public figures answer. Guide: docs/api.md."
    ),
    auth=TokenOrSession(),
    throttle=[CallerRateThrottle()],
    urls_namespace="api-v1",
    docs_url=None,  # Swagger UI loads from a CDN: the schema is enough, and nothing leaves the site
)

# One line per topic; the needs, emergencies, coordination and trajectory routers join here.
api.add_router("/areas", areas.router)
api.add_router("/indicators", indicators.router)
api.add_router("/reach", reach.router)
api.add_router("/5w", five_w.router)
api.add_router("/downloads", downloads.router)
api.add_router("/downloads", five_w_downloads.router)
api.add_router("/needs", needs.router)
api.add_router("/emergencies", emergencies.router)
api.add_router("/coordination", coordination.router)
api.add_router("/trajectory", trajectory.router)


def _error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return api.create_response(request, error.body(), status=error.status)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    response = _error(request, exc)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="trayecto"'
    return response


@api.exception_handler(NotModified)
def on_not_modified(request: HttpRequest, exc: NotModified) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = exc.etag
    return response


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = ", ".join(
        ".".join(str(part) for part in e.get("loc", ())[1:]) or "body" for e in exc.errors
    )
    detail = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    message = f"Parámetros no válidos: {fields}. Vea /api/v1/openapi.json para los permitidos."
    return _error(request, ApiError(400, message, detail=detail))


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(
        request,
        ApiError(429, "Demasiadas llamadas: espere y repita (límite TRAYECTO_API_RATE)."),
    )
    response["Retry-After"] = str(max(1, int(exc.wait or 1)))
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if exc.status_code in (400, 401, 403, 404, 409, 429) else 400
    return _error(request, ApiError(status, str(exc)))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, ApiError(404, "No encontrado."))


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, ApiError(403, str(exc) or "Su rol no permite esta operación."))
