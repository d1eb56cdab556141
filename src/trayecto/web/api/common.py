"""What every router shares: the warehouse, paging, version stamps, refusals."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from ninja import Field, Schema

from trayecto.warehouse import Warehouse
from trayecto.web.api.errors import ApiError, NotModified

T = TypeVar("T")

API_ROOT = "/api/v1/"  # where web/api/urls.py mounts the API
MAX_PAGE_SIZE = 1000
MEMBERS_ONLY = (
    "Esta información es para miembros del clúster: envíe un token personal "
    "(Authorization: Bearer TOKEN). Sin token solo se leen las cifras públicas: indicadores, "
    "brechas y ETC."
)
NO_MEMBERSHIP = (
    "Su cuenta no pertenece a ninguna organización: pida a la administración del clúster "
    "que la asocie a su organización y le asigne un rol."
)


def warehouse() -> Warehouse:
    """The process's warehouse, as the web pages read it."""
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


class Page(Schema, Generic[T]):
    """The envelope of every list that can grow: `items` and where they sit in the whole."""

    items: list[T]
    count: int
    page: int
    page_size: int
    pages: int


def paged(items: Sequence[Any] | QuerySet[Any], paging: Paging) -> dict[str, Any]:
    """One page of `items` (a queryset is counted and sliced in the database)."""
    start = (paging.page - 1) * paging.page_size
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {
        "items": list(items[start : start + paging.page_size]),
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": max(1, -(-count // paging.page_size)),
    }


def stamp_version(request: HttpRequest, response: HttpResponse, store: Warehouse) -> None:
    """ETag and Last-Modified of public data from the warehouse manifest: the answer to the
    same address changes only when a new version is published. A matching If-None-Match
    gets 304 without computing anything."""
    manifest = store.manifest()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    etag = f'"v{manifest.version}-{path}"'
    if etag in request.headers.get("If-None-Match", ""):
        raise NotModified(etag)
    response["ETag"] = etag
    published = [t.published_at for t in manifest.tables.values() if t.published_at]
    if published:
        response["Last-Modified"] = http_date(datetime.fromisoformat(max(published)).timestamp())
    response["Cache-Control"] = "public, max-age=0, must-revalidate"


def refuse_anonymous_or_outsider(request: HttpRequest, is_member: bool) -> None:
    """401 for anonymous calls, 403 for a user without a membership."""
    if not request.user.is_authenticated:
        raise ApiError(401, MEMBERS_ONLY)
    if not is_member:
        raise ApiError(403, NO_MEMBERSHIP)
