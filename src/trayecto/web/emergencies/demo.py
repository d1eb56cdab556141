"""Demo: one event, the August 2026 Chocó earthquake, with the real list of its affected
sedes (emergencia_sismo2026_sedes_choco), imported through the service `trayecto import
affected-schools FILE --event ID` uses. The list is real; the event record is created by the
demo and says so, and is moved (audited) to verified and then responding: the decree verified
it and the list names the organisations supporting each sede. Running it again changes
nothing (the same list replaces itself; the status is moved only from reported)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import Event
from trayecto.web.emergencies.services import (
    EventInput,
    affected_list_import,
    event_create,
    event_move,
)

DEMO_TITLE = "Sismo de Chocó, agosto de 2026"
DEMO_SOURCE = (
    "DEMO: registro creado por la demostración; la lista de sedes es la publicada por la "
    "respuesta (Fundación Éxito, MEN/SIMAT) y el Decreto 1171 de 2026"
)


# The status steps the demo records, with the note each leaves in the timeline.
DEMO_STEPS = (
    ("verified", "DEMO: verificada por el Decreto 1171 del 11 de agosto de 2026"),
    ("responding", "DEMO: la lista nombra las organizaciones aliadas que apoyan cada sede"),
)


def load_emergencies_demo(warehouse: Warehouse, path: Path | None) -> dict[str, Any]:
    """The demo's event and its list (`path`: the Chocó 2026 file, None when the demo has
    no copy of it)."""
    if path is None or not warehouse.has("municipality"):
        return {"emergencies": "skipped: no affected-schools list or no geography"}
    event = Event.objects.filter(title=DEMO_TITLE, source=DEMO_SOURCE).first()
    if event is None:
        event = event_create(
            data=EventInput(
                type="natural_disaster",
                subtype="earthquake",
                title=DEMO_TITLE,
                start_date=dt.date(2026, 8, 9),
                department_codes=("27",),
                source=DEMO_SOURCE,
                narrative=(
                    "Sismo de magnitud 7,4 con epicentro en Chocó; el Decreto 1171 del 11 de "
                    "agosto de 2026 declaró la situación de desastre nacional."
                ),
            ),
            user=None,
            store=warehouse,
        )
    report = affected_list_import(event=event, path=path, store=warehouse, user=None)
    if event.status == "reported":
        for status, note in DEMO_STEPS:
            event_move(event=event, to=status, user=None, note=note)
    return {"emergencies": {"event": event.pk, "status": event.status, "import": report.as_dict()}}
