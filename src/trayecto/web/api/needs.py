"""/api/v1/needs/…: the needs runs (our own severity and PiN per municipality) as the needs
pages show them: for the IM team, the LEG coordinators and the ETC analysts
(web/needs/access.py), read through web/needs/selectors.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import Page, Paging, paged, refuse_anonymous_or_outsider
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.needs import access, selectors
from trayecto.web.needs.models import NeedsRun

router = Router(tags=["needs"])

NO_RUN = "No hay un cálculo de necesidades con ese número: vea /api/v1/needs/runs."


class RunOut(Schema):
    id: int
    name: str
    year: int
    warehouse_version: int
    created_at: datetime
    published_at: datetime | None
    parameters: dict[str, Any]
    missing: list[Any] = Field(..., description="Inputs without data (empty: all had data).")


class RunFilter(Schema):
    department: str | None = Field(
        None,
        pattern=r"^\d{2}$",
        description="DANE code of a department; without it, the priority departments (the "
        "page's default).",
    )


def _reader(request: HttpRequest) -> None:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)
    access.require_reader(request)  # 403 saying who reads runs


@router.get("/runs", response=responses(Page[RunOut]))
def run_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The stored needs runs, newest first (published or working analyses)."""
    _reader(request)
    return paged(selectors.runs(), paging)


@router.get("/runs/{run_id}/municipalities", response=responses(Page[dict[str, Any]]))
def run_municipalities(
    request: HttpRequest, run_id: int, filters: Query[RunFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """Each municipality of a run as the run's page lists it: `code`, `name`, `severity`
    (phase 1-5), `total_pin`, `migrant_pin`, `host_pin`, OCHA's `official_pin` and the
    `difference`, with the inputs and the `explanation` of each figure."""
    _reader(request)
    run = NeedsRun.objects.filter(pk=run_id).first() if 1 <= run_id <= 2**31 - 1 else None
    if run is None:
        raise ApiError(404, NO_RUN)
    return paged(selectors.run_rows(run, filters.department), paging)
