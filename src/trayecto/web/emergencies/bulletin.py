"""The emergencies section of the monthly bulletin (coordination's section registry).

`collect` reads the events of the period once, as plain JSON stored with the bulletin, so a
rebuild shows the same figures. Only events past "reported" (verified, responding, closed)
enter a bulletin: an unverified report is not a figure to publish. The response to each
event (5W lines, counted from approval) is left to the event page, since a bulletin shows
published data only.
"""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.emergencies.month import active_events
from trayecto.web.emergencies.selectors import totals

TEMPLATE = "emergencies/bulletin_section.html"


def collect(scope: BulletinScope) -> list[dict[str, Any]]:
    """Verified events of the scope that were under way at some point of the period."""
    events = active_events(scope.period, scope.department)
    found = []
    for event in events:
        t = totals(event)
        found.append(
            {"title": event.title, "type": event.get_type_display(),
             "status": event.get_status_display(), "start_date": event.start_date.isoformat(),
             "departments": list(event.department_codes), "sedes": t["sedes"],
             "students": t["students"] or 0, "teachers": t["teachers"] or 0,
             "days_lost": t["days_lost"]}
        )  # fmt: skip
    return found


def build(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    return {"events": collected} if collected else None
