"""/api/v1/emergencies/…: events with their figures and affected sedes, as the emergencies
pages show them, and the two writes of those pages: recording an event and entering or
correcting one affected sede.

Who sees and does what is web/emergencies/access.py; the writes go through the pages' own
forms (the same checks and messages) and services (the same audit log and alerts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from trayecto.web.accounts.access import role_of
from trayecto.web.api.common import Page, Paging, paged, refuse_anonymous_or_outsider
from trayecto.web.api.errors import ApiError, responses
from trayecto.web.emergencies import access, geography, selectors, services
from trayecto.web.emergencies.forms import AffectedSedeForm, EventForm
from trayecto.web.emergencies.models import AffectedSede, Event
from trayecto.web.problem_words import problem_words

router = Router(tags=["emergencies"])

NO_EVENT = "No hay una emergencia con ese número: vea /api/v1/emergencies/events."
NO_SEDE = "Esa sede afectada no es de esta emergencia: vea sus sedes en …/sedes."
MAX_ID = 2**31 - 1
MAX_COUNT = 2_147_483_647

EventStatus = Literal["reported", "verified", "responding", "closed"]
EventType = Literal["migration", "armed_conflict", "natural_disaster"]


class EventOut(Schema):
    id: int
    type: str
    subtype: str
    title: str
    start_date: dt.date
    end_date: dt.date | None
    department_codes: list[str]
    municipality_codes: list[str]
    source: str
    status: str
    narrative: str
    alert_after_days: int
    sedes_affected: int
    students_affected: int


class EventDetail(EventOut):
    figures: dict[str, Any] = Field(
        ...,
        description="Every figure of the event's page (and of `trayecto event show --json`): "
        "sedes and students affected, by severity, damage, level and sex, the response that "
        "reached them and the sedes still without one, by municipality.",
    )


class EventFilter(Schema):
    status: EventStatus | None = None
    type: EventType | None = None
    department: str | None = Field(None, pattern=r"^\d{2}$", description="DANE code.")
    year: int | None = Field(None, ge=1900, le=2100, description="Year the event started.")


EVENT_COLUMNS = (
    "id", "type", "subtype", "title", "start_date", "end_date", "department_codes",
    "municipality_codes", "source", "status", "narrative", "alert_after_days",
)  # fmt: skip


def _event(event: Event, sedes: int = 0, students: int = 0) -> dict[str, Any]:
    """An event's columns and its counts (annotated by selectors.events, else given)."""
    found = {name: getattr(event, name) for name in EVENT_COLUMNS}
    found["sedes_affected"] = getattr(event, "n_sedes", sedes)
    found["students_affected"] = getattr(event, "n_students", students)
    return found


def _member(request: HttpRequest) -> None:
    refuse_anonymous_or_outsider(request, role_of(request.user) is not None)


def _event_for(request: HttpRequest, event_id: int, *, write: bool = False) -> Event:
    """The event as access.py gives it to the pages: 404 or 403 saying what is allowed."""
    _member(request)
    if not 1 <= event_id <= MAX_ID:
        raise ApiError(404, NO_EVENT)
    try:
        return access.get_event_for_user(request, event_id, write=write)
    except PermissionDenied as exc:
        raise ApiError(403, str(exc)) from exc
    except Http404 as exc:
        raise ApiError(404, NO_EVENT) from exc


@router.get("/events", response=responses(Page[EventOut]))
def event_list(
    request: HttpRequest, filters: Query[EventFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """The events every member sees, newest first, with their counts of affected sedes and
    students (the list page and its filters)."""
    _member(request)
    found = selectors.events(
        status=filters.status or "",
        type_=filters.type or "",
        department=filters.department or "",
        year=filters.year,
    )
    page = paged(found, paging)
    return {**page, "items": [_event(e) for e in page["items"]]}


@router.get("/events/{event_id}", response=responses(EventDetail))
def event_detail(request: HttpRequest, event_id: int) -> dict[str, Any]:
    """An event and its figures (aggregates: every member, as its page)."""
    event = _event_for(request, event_id)
    figures, _reached = selectors.cached_figures(event)
    counts = (figures["sedes_affected"], figures["students_affected"])
    return {**_event(event, *counts), "figures": figures}


class AffectedSedeOut(Schema):
    id: int = Field(..., alias="pk")
    sede_code: str
    sede_name: str
    department_code: str
    municipality_code: str
    municipality_name: str
    severity: int | None
    damage: str | None
    used_as_shelter: bool | None
    occupied: bool | None
    reopened: bool | None
    learning_materials_lost: bool | None
    days_lost: int | None
    students_affected: int
    teachers: int | None
    reached_month: str | None = Field(..., description="First month a 5W response reached it.")
    reached_by: str | None
    responders: list[str]
    organisations: list[str]


class SedeFilter(Schema):
    without_response: bool = Field(
        False, description="Only the sedes no response has reached yet (the page's gaps)."
    )


@router.get("/events/{event_id}/sedes", response=responses(Page[AffectedSedeOut]))
def event_sedes(
    request: HttpRequest, event_id: int, filters: Query[SedeFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """The event's affected sedes the caller may see (sede-level data: the IM team, the LEG
    of the sede's department, the analyst of the sede's ETC) and the response that reached
    each."""
    event = _event_for(request, event_id)
    if not access.can_view_event_sedes(request.user):
        raise ApiError(403, gettext(access.SEDES_REFUSED))
    _figures, reached = selectors.cached_figures(event)
    visible = access.visible_sedes(request.user, event)
    listed = selectors.listed_sedes(visible, reached, only_gaps=filters.without_response)
    page = paged(listed, paging)
    names = geography.names("municipality")
    return {**page, "items": selectors.sede_rows(page["items"], reached, names)}


# ------------------------------------------------------------------------------ writes
class EventIn(Schema):
    type: EventType
    subtype: str = Field("", max_length=40, description="A subtype of the type (optional).")
    title: str = Field(..., max_length=200)
    start_date: dt.date
    end_date: dt.date | None = None
    department_codes: list[str] = Field(..., min_length=1, max_length=33)
    municipality_codes: list[str] = Field(
        default_factory=list, max_length=400, description="Empty: every municipality."
    )
    source: str = Field("", max_length=300)
    narrative: str = Field("", max_length=20_000)
    alert_after_days: int = Field(7, ge=1, le=365)


# the page's form field of each API field (the form's messages name its fields)
EVENT_FIELDS = {
    "tipo": "type", "subtipo": "subtype", "titulo": "title", "fecha": "start_date",
    "fecha_fin": "end_date", "departamentos": "department_codes",
    "municipios": "municipality_codes", "fuente": "source", "narrativa": "narrative",
    "dias_alerta": "alert_after_days",
}  # fmt: skip


def _refused_form(form: forms.Form, fields: dict[str, str]) -> ApiError:
    """The page's form errors as a 400 naming the API's fields."""
    detail = [
        {"field": fields.get(name, "body"), "message": " ".join(str(m) for m in messages)}
        for name, messages in form.errors.items()
    ]
    said = "; ".join(f"{d['field']}: {d['message']}" for d in detail)
    return ApiError(400, f"Datos no válidos: {said}", detail=detail)


def _event_form(body: EventIn) -> EventForm:
    data = body.model_dump()
    return EventForm(
        {
            "tipo": data["type"],
            "subtipo": data["subtype"],
            "titulo": data["title"],
            "fecha": data["start_date"].isoformat(),
            "fecha_fin": data["end_date"].isoformat() if data["end_date"] else "",
            "departamentos": ", ".join(data["department_codes"]),
            "municipios": ", ".join(data["municipality_codes"]),
            "fuente": data["source"],
            "narrativa": data["narrative"],
            "dias_alerta": str(data["alert_after_days"]),
        }
    )


@router.post("/events", response=responses(EventOut, 409))
def event_create(request: HttpRequest, body: EventIn) -> dict[str, Any]:
    """Record an event, as «Registrar emergencia»: the LEG coordinator in its departments,
    the IM team and the cluster admin anywhere (403 says so). 400: a field the page's form
    refuses; 409: what the service refuses (an unknown department, a municipality outside
    the departments, a subtype of another type…)."""
    _member(request)
    if not access.may_record_anywhere(request.user):
        raise ApiError(403, access.record_refusal(request.user, []))
    form = _event_form(body)
    if not form.is_valid():
        raise _refused_form(form, EVENT_FIELDS)
    data = form.event_input()
    if not access.can_record_event(request.user, data.department_codes):
        raise ApiError(403, access.record_refusal(request.user, data.department_codes))
    try:
        event = services.event_create(data=data, user=request.user)
    except services.EventInvalid as exc:
        raise ApiError(409, problem_words(str(exc))) from exc
    return _event(event)


class AffectedSedeIn(Schema):
    """One affected sede, as the page's form: the municipality within the event's territory,
    the code's department digits agreeing with it; yes/no fields null when not known."""

    sede_code: str = Field(..., pattern=r"^\d{12}$", description="DANE code (12 digits).")
    sede_name: str = Field(..., min_length=1, max_length=300)
    municipality_code: str = Field(..., pattern=r"^\d{5}$")
    severity: int | None = Field(None, ge=1, le=3, description="1 low, 2 moderate, 3 critical.")
    damage: Literal["none", "partial", "destroyed"] | None = None
    classrooms_damaged: int | None = Field(None, ge=0, le=MAX_COUNT)
    used_as_shelter: bool | None = None
    occupied: bool | None = None
    learning_materials_lost: bool | None = None
    reopened: bool | None = None
    days_lost: int | None = Field(None, ge=0, le=MAX_COUNT)
    enrolment_total: int | None = Field(None, ge=0, le=MAX_COUNT)
    students_affected_female: int | None = Field(None, ge=0, le=MAX_COUNT)
    students_affected_male: int | None = Field(None, ge=0, le=MAX_COUNT)
    teachers_affected_female: int | None = Field(None, ge=0, le=MAX_COUNT)
    teachers_affected_male: int | None = Field(None, ge=0, le=MAX_COUNT)
    latitude: float | None = Field(None, ge=-90, le=90, description="WGS 84, with longitude.")
    longitude: float | None = Field(None, ge=-180, le=180)


SEDE_FIELDS = AffectedSedeForm.FIELDS  # the form's field -> the API's (the model's) name


def _sede_form(event: Event, body: AffectedSedeIn) -> AffectedSedeForm:
    values = body.model_dump()
    data = {}
    for name, attribute in SEDE_FIELDS.items():
        value = values[attribute]
        if isinstance(value, bool):
            value = "si" if value else "no"
        data[name] = "" if value is None else str(value)
    return AffectedSedeForm(data, municipalities=selectors.territory_municipalities(event))


def _sede_save(
    request: HttpRequest, event: Event, body: AffectedSedeIn, sede: AffectedSede | None
) -> dict[str, Any]:
    form = _sede_form(event, body)
    if not form.is_valid():
        raise _refused_form(form, SEDE_FIELDS)
    try:
        row = services.affected_sede_save(
            event=event, user=request.user, values=form.sede_values(), sede=sede
        )
    except services.EventInvalid as exc:
        raise ApiError(409, str(exc)) from exc
    except ValidationError as exc:  # the model's own checks (full_clean)
        raise ApiError(400, "; ".join(exc.messages)) from exc
    _figures, reached = selectors.cached_figures(event)
    names = geography.names("municipality")
    return selectors.sede_rows([row], reached, names)[0]


@router.post("/events/{event_id}/sedes", response=responses(AffectedSedeOut, 409))
def event_sede_add(request: HttpRequest, event_id: int, body: AffectedSedeIn) -> dict[str, Any]:
    """Enter one affected sede of an event (as «Registrar sede»): who may change the event
    (403 says who). 409: outside the event's territory, or already affected in it."""
    event = _event_for(request, event_id, write=True)
    return _sede_save(request, event, body, None)


@router.put("/events/{event_id}/sedes/{sede_id}", response=responses(AffectedSedeOut, 409))
def event_sede_correct(
    request: HttpRequest, event_id: int, sede_id: int, body: AffectedSedeIn
) -> dict[str, Any]:
    """Correct one affected sede, whatever list brought it (every field, as the page's form
    sends them: a field left out is cleared)."""
    event = _event_for(request, event_id, write=True)
    sede = (
        AffectedSede.objects.filter(pk=sede_id, event=event).first() if sede_id <= MAX_ID else None
    )
    if sede is None:
        raise ApiError(404, NO_SEDE)
    return _sede_save(request, event, body, sede)
