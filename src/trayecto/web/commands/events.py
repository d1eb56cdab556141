"""`trayecto event add|show|list` and the event's lists (`import affected-schools --event`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from trayecto.cli.console import JsonOption, emit_json, err, out, print_report, usage_error
from trayecto.cli.console import warehouse as current_warehouse
from trayecto.web.commands.start import ready

event_app = typer.Typer(no_args_is_help=True, help="Emergencies that disrupt schooling.")


@event_app.command("add")
def event_add(
    type_: Annotated[
        str,
        typer.Option(
            "--type",
            help="migration | armed_conflict | natural_disaster, or a subtype "
            "(earthquake, flood, landslide, displacement, confinement, armed_strike, ...).",
        ),
    ],
    date: Annotated[str, typer.Option("--date", help="The day it happened, YYYY-MM-DD.")],
    department: Annotated[
        list[str], typer.Option("--department", help="DANE department code (repeatable).")
    ],
    title: Annotated[str, typer.Option("--title", help="What happened and where.")],
    municipality: Annotated[
        list[str] | None,
        typer.Option("--municipality", help="DANE municipality code (repeatable)."),
    ] = None,
    source: Annotated[str, typer.Option("--source", help="Who reported it.")] = "",
    alert_days: Annotated[
        int, typer.Option("--alert-days", help="Days after which a sede with no response is a gap.")
    ] = 7,
    as_json: JsonOption = False,
) -> None:
    """Record an emergency (status `reported`); prints its id."""
    from trayecto.domain.emergencies import subtype_and_type

    try:
        start = dt.date.fromisoformat(date)
    except ValueError:
        raise usage_error(f"--date must be YYYY-MM-DD, not {date!r}") from None
    try:
        event_type, subtype = subtype_and_type(type_)
    except ValueError as exc:
        raise usage_error(str(exc)) from exc
    if alert_days < 1:
        raise usage_error("--alert-days must be 1 or more")
    ready()
    from trayecto.web.emergencies.services import EventInput, EventInvalid, event_create

    data = EventInput(
        type=event_type.value,
        subtype=subtype.value if subtype else "",
        title=title,
        start_date=start,
        department_codes=tuple(department),
        municipality_codes=tuple(municipality or ()),
        source=source,
        alert_after_days=alert_days,
    )
    try:
        event = event_create(data=data, user=None, store=current_warehouse())
    except EventInvalid as exc:
        raise usage_error(str(exc)) from exc
    result = {
        "id": event.pk,
        "title": event.title,
        "type": event.type,
        "subtype": event.subtype,
        "start_date": event.start_date.isoformat(),
        "status": event.status,
        "department_codes": event.department_codes,
        "municipality_codes": event.municipality_codes,
    }
    if as_json:
        emit_json(result)
    else:
        out.print(f"event {event.pk} recorded: {event.title}", markup=False)


def _event(event_id: int) -> Any:
    from trayecto.web.emergencies.selectors import event_by_id

    event = event_by_id(event_id)
    if event is None:
        raise usage_error(f"no event {event_id}: see `trayecto event list`")
    return event


@event_app.command("show")
def event_show(
    event_id: Annotated[int, typer.Argument(help="The event's id.")],
    as_json: JsonOption = False,
) -> None:
    """An event's figures: sedes, students and teachers affected, response, by municipality."""
    ready()
    from trayecto.web.emergencies import selectors

    event = _event(event_id)
    figures = selectors.figures(event, store=current_warehouse())
    if as_json:
        emit_json(figures)
        return
    out.print(f"{event.pk} {event.title} ({event.start_date}, {event.status})", markup=False)
    for key in (
        "sedes_affected",
        "students_affected",
        "teachers_affected",
        "sedes_reached",
        "days_to_first_response",
    ):
        out.print(f"  {key}: {figures[key]}", markup=False)
    table = Table("municipality", "name", "sedes", "students", "reached")
    for m in figures["by_municipality"]:
        table.add_row(
            m["area_code"],
            m["area_name"],
            str(m["sedes"]),
            str(m["students"]),
            str(m["sedes_reached"]),
        )
    out.print(table)


@event_app.command("list")
def event_list(as_json: JsonOption = False) -> None:
    """Every recorded event, newest first."""
    ready()
    from trayecto.web.emergencies import selectors

    items = [
        {
            "id": e.pk,
            "title": e.title,
            "type": e.type,
            "subtype": e.subtype,
            "start_date": e.start_date.isoformat(),
            "status": e.status,
            "department_codes": e.department_codes,
            "sedes_affected": e.n_sedes,  # type: ignore[attr-defined]
            "students_affected": e.n_students,  # type: ignore[attr-defined]
        }
        for e in selectors.events()
    ]
    if as_json:
        emit_json(items)
        return
    table = Table("id", "date", "type", "status", "sedes", "students", "title")
    for i in items:
        table.add_row(
            str(i["id"]),
            i["start_date"],
            i["subtype"] or i["type"],
            i["status"],
            str(i["sedes_affected"]),
            str(i["students_affected"]),
            i["title"],
        )
    out.print(table)


def import_event_list(path: Path, event_id: int, *, dry_run: bool, as_json: bool) -> int:
    """`trayecto import affected-schools FILE --event ID`: the exit code (0 in, 1 refused)."""
    from trayecto.web.emergencies.services import affected_list_import

    event = _event(event_id)
    report = affected_list_import(
        event=event, path=path, store=current_warehouse(), user=None, dry_run=dry_run
    )
    print_report(report, as_json)
    if report.refused:
        err.print("[red]refused:[/red] nothing of this list was imported", markup=True)
    return 1 if report.refused else 0


ASSESSMENT_SOURCE = "damage-assessment"


def import_event_assessment(path: Path, event_id: int | None, dry_run: bool, as_json: bool) -> int:
    """`trayecto import damage-assessment FILE --event ID`: the submissions export of the
    event's damage assessment form; the exit code (0 in, 1 refused, 2 usage)."""
    if event_id is None:
        raise usage_error("damage-assessment needs --event ID (the event the form is for)")
    if not path.exists():
        raise usage_error(f"{path}: no such file")
    ready()
    from trayecto.web.emergencies.services import assessment_import

    report = assessment_import(
        event=_event(event_id), path=path, store=current_warehouse(), user=None, dry_run=dry_run
    )
    print_report(report, as_json)
    if report.refused:
        err.print("[red]refused:[/red] nothing of this export was imported", markup=True)
    return 1 if report.refused else 0


def register(app: typer.Typer) -> None:
    app.add_typer(event_app, name="event")
