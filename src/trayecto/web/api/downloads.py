"""/api/v1/downloads/…: an indicator's values as CSV or Parquet at an address that names the
warehouse manifest version, for Power BI, Excel and scripts (guide: docs/api.md).

`/downloads/v{N}/indicators/{code}.csv` always answers with the figures of version N, even
after later publications (the warehouse keeps every manifest and every file they name);
`/downloads/indicators/{code}.csv` answers with the current version and says which one
(`Content-Location`, the file name, the `manifest_version` column). Access is that of the
values: public above the sede level, school-level rows only for the roles that see them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Literal

import duckdb
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from trayecto.reports import published_tables
from trayecto.warehouse import Warehouse
from trayecto.warehouse.store import Manifest
from trayecto.web.api.common import API_ROOT, Page, Paging, paged, warehouse
from trayecto.web.api.errors import ApiError, NotModified, responses
from trayecto.web.api.indicators import (
    ValueFilters,
    asked,
    indicator_of,
    refuse_school_level,
    values_rollup,
)
from trayecto.web.api.results import results

router = Router(tags=["downloads"])

Format = Literal["csv", "parquet"]
NO_VERSION = (
    "No hay una versión {version} del almacén: las versiones publicadas van de 1 a {current} "
    "(lista en /api/v1/downloads/versions)."
)
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The values as a file (CSV or Parquet) named by its version.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


class PinnedWarehouse(Warehouse):
    """The warehouse as it was at one earlier manifest version, for reading only: the
    analytics ask it for "the current manifest" and its reader, and get that version's."""

    def __init__(self, root: Path | str, version: int) -> None:
        super().__init__(root)
        self.version = version
        self._pinned = super().manifest(version)  # FileNotFoundError: no such version
        self._con: duckdb.DuckDBPyConnection | None = None

    def manifest(self, version: int | None = None) -> Manifest:
        return self._pinned if version is None else super().manifest(version)

    def reader(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        if self._con is None:
            self._con = self.connect(self.version)
        return self._con, self.version

    def publish_update(self, compute: Any) -> int | None:
        raise RuntimeError("a pinned warehouse version is read only")


def at_version(store: Warehouse, version: int) -> Warehouse:
    """`store` as it was at `version`: itself for the current version, else a pinned view;
    404 for a version that was never published."""
    current = store.manifest().version
    if version == current:
        return store
    if not 1 <= version < current:
        raise ApiError(404, NO_VERSION.format(version=version, current=current))
    try:
        return PinnedWarehouse(store.root, version)
    except FileNotFoundError as exc:  # the manifest of that version was removed by hand
        raise ApiError(404, NO_VERSION.format(version=version, current=current)) from exc


def file_body(store: Warehouse, code: str, fmt: str, filters: ValueFilters, version: int) -> bytes:
    rows = values_rollup(store, code, filters).rows
    if fmt == "csv":
        return published_tables.to_csv(rows)
    return published_tables.to_parquet(rows, manifest_version=version)


def serve(
    request: HttpRequest, store: Warehouse, code: str, fmt: str, filters: ValueFilters
) -> HttpResponse:
    indicator = indicator_of(code)
    school_level = refuse_school_level(request, indicator, filters)
    version = store.manifest().version
    parts = (filters.area, filters.year, filters.sex, filters.group)
    return versioned_file(
        request,
        version=version,
        pinned=f"downloads/v{version}/indicators/{code}.{fmt}",
        name=published_tables.file_name(code, filters.level, parts, version, fmt),
        key=("download", version, code, fmt, asked(filters)),
        build=lambda: file_body(store, code, fmt, filters, version),
        private=school_level,
    )


def versioned_file(
    request: HttpRequest,
    *,
    version: int,
    pinned: str,
    name: str,
    key: Hashable,
    build: Callable[[], bytes],
    private: bool,
) -> HttpResponse:
    """A download of manifest version `version`: its address under `pinned` (relative to
    the API root) keeps these bytes for ever, so that address is immutable and the ETag
    names version and query; `private` when the file holds what only some roles see."""
    if version == 0:
        raise ApiError(
            404, "El almacén está vacío: importe las fuentes oficiales.", code="missing_data"
        )
    fmt = pinned.rsplit(".", 1)[-1]
    pinned = f"{API_ROOT}{pinned}"
    query = request.META.get("QUERY_STRING", "")
    address = pinned + (f"?{query}" if query else "")
    # The same address answers the same bytes for ever: the ETag names version and query.
    etag = f'"v{version}-{hashlib.sha256(address.encode()).hexdigest()[:16]}"'
    if etag in request.headers.get("If-None-Match", ""):
        raise NotModified(etag)
    current = warehouse()
    body = results.get(current.root, current.manifest().version, key, build)
    response = HttpResponse(body, content_type=published_tables.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Location"] = address
    response["X-Manifest-Version"] = str(version)
    response["ETag"] = etag
    visibility = "private" if private else "public"
    if request.path.startswith(pinned):
        response["Cache-Control"] = f"{visibility}, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = f"{visibility}, max-age=0, must-revalidate"
    return response


@router.get(
    "/indicators/{code}.{fmt}",
    response=responses(None),
    openapi_extra=FILE_RESPONSE,
    url_name="download-current",
)
def download_current(
    request: HttpRequest, code: str, fmt: Format, filters: Query[ValueFilters]
) -> HttpResponse:
    """The values of the current manifest version as a file; `Content-Location` gives the
    address that keeps these figures after the next publication."""
    return serve(request, warehouse(), code, fmt, filters)


@router.get(
    "/v{version}/indicators/{code}.{fmt}",
    response=responses(None),
    openapi_extra=FILE_RESPONSE,
    url_name="download-version",
)
def download_version(
    request: HttpRequest,
    version: int,
    code: str,
    fmt: Format,
    filters: Query[ValueFilters],
) -> HttpResponse:
    """The values as computed from manifest version `version`, current or earlier."""
    return serve(request, at_version(warehouse(), version), code, fmt, filters)


class VersionOut(Schema):
    version: int
    published_at: str | None = Field(description="When the version was published (UTC).")
    tables: list[str] = Field(description="The tables this version published anew.")
    current: bool


@router.get("/versions", response=responses(Page[VersionOut]))
def version_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Every published manifest version, newest first: each one's downloads stay available."""
    store = warehouse()
    current = store.manifest().version
    found = store.memo_at(current, ("api", "versions"), lambda: versions(store, current))
    return paged(found, paging)


def versions(store: Warehouse, current: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: dict[str, str] = {}  # table -> file of the previous version
    for version in range(1, current + 1):
        try:
            manifest = store.manifest(version)
        except FileNotFoundError:
            continue
        changed = sorted(n for n, t in manifest.tables.items() if seen.get(n) != t.file)
        seen = {n: t.file for n, t in manifest.tables.items()}
        stamps = [manifest.tables[n].published_at for n in changed]
        found.append(
            {
                "version": version,
                "published_at": max(stamps) if stamps else None,
                "tables": changed,
                "current": version == current,
            }
        )
    found.reverse()
    return found
