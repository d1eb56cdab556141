"""/api/v1/areas/…: departments, municipalities, ETCs and sedes, each as its web page allows:
ETCs are public (the ETC pages are), departments and municipalities are for members (their
pages need a login), sedes for the roles that see school-level data of the municipality."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from trayecto.analytics import areas as area_names
from trayecto.analytics import compute
from trayecto.analytics.geography import departments, municipalities
from trayecto.warehouse.places import has_table
from trayecto.web.accounts import access
from trayecto.web.api.common import (
    Page,
    Paging,
    paged,
    refuse_anonymous_or_outsider,
    stamp_version,
    warehouse,
)
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.response.selectors.places import sede_choices
from trayecto.web.statistics.selectors import etc_municipality_codes, latest_etc_code

router = Router(tags=["areas"])

NO_GEOGRAPHY = "La geografía no está cargada: `trayecto import divipola ...` (equipo de IM)."
SEDES_REFUSED = (
    "Las sedes son datos a nivel de escuela: solo para el equipo de IM, la coordinación GEL "
    "del departamento y la Secretaría (ETC) que atiende el municipio. Pida un municipio de "
    "su territorio."
)


class Department(Schema):
    code: str
    name: str
    pcode: str | None
    municipalities: int


class Municipality(Schema):
    code: str
    name: str
    department_code: str
    department_name: str | None
    pcode: str | None
    status: str | None
    etc_code: str | None
    etc_name: str | None


class Etc(Schema):
    code: str
    name: str


class Sede(Schema):
    code: str
    name: str
    municipality_code: str


def _geography(table: str) -> Any:
    con, _version = warehouse().reader() if warehouse().manifest().version else (None, 0)
    if con is None or not has_table(con, table):
        raise ApiError(404, NO_GEOGRAPHY, code="missing_data")
    return con


@router.get("/departments", response=responses(list[Department]))
def department_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The 33 departments (32 and Bogotá) with their number of current municipalities."""
    refuse_anonymous_or_outsider(request, access.can_view_published(request.user))
    return departments(_geography("department"))


class MunicipalityFilter(Schema):
    department: str | None = Field(
        None, pattern=r"^\d{2}$", description="DANE code of a department (2 digits)."
    )


@router.get("/municipalities", response=responses(Page[Municipality]))
def municipality_list(
    request: HttpRequest, filters: Query[MunicipalityFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """Municipalities (all, or of one department) with the ETC that runs their schools."""
    refuse_anonymous_or_outsider(request, access.can_view_published(request.user))
    found = municipalities(_geography("municipality"), filters.department)
    rows = [{**m, "etc_code": None if m["etc_code"] is None else str(m["etc_code"])} for m in found]
    return paged(rows, paging)


@router.get("/etcs", response=responses(list[Etc]))
def etc_list(request: HttpRequest, response: HttpResponse) -> list[dict[str, str]]:
    """The certified territorial entities (Secretarías de Educación): public, as their pages."""
    store = warehouse()
    try:
        con, _version = compute.reader(store)
    except compute.MissingData as exc:
        raise ApiError(404, str(exc), code="missing_data") from exc
    stamp_version(request, response, store)
    names = area_names.area_names(con, "etc")
    return [{"code": code, "name": name} for code, name in sorted(names.items())]


class SedeFilter(Schema):
    municipality: str = Field(..., pattern=r"^\d{5}$", description="DANE code (5 digits).")


@router.get("/sedes", response=responses(Page[Sede]))
def sede_list(
    request: HttpRequest, filters: Query[SedeFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """The sedes (schools) of a municipality, for the roles that see school-level data."""
    refuse_anonymous_or_outsider(request, access.can_view_published(request.user))
    if not access.can_view_school_level_area(
        request.user, filters.municipality, latest_etc_code, etc_municipality_codes
    ):
        raise ApiError(403, SEDES_REFUSED)
    rows = [
        {"code": code, "name": name, "municipality_code": filters.municipality}
        for code, name in sede_choices(warehouse(), filters.municipality)
    ]
    return paged(rows, paging)
