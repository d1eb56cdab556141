"""The emergencies section of the monthly bulletin (coordination's section registry).

`collect` reads the events of the period once, as plain JSON stored with the bulletin, so a
rebuild shows the same figures. Only events past "reported" (verified, responding, closed)
enter a bulletin: an unverified report is not a figure to publish. In a department's
bulletin, an event's figures are those of its sedes in the department. The response gaps
count **published** 5W lines only (emergencies.month): the event page also counts approved
lines, which a public bulletin may not show.
"""

from __future__ import annotations

from typing import Any

import duckdb

from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.emergencies.month import active_events, event_month_figures

TEMPLATE = "emergencies/bulletin_section.html"


def collect(scope: BulletinScope) -> list[dict[str, Any]]:
    """Verified events of the scope that were under way at some point of the period, with
    their affected sedes and the response gaps by the period's end."""
    found = []
    for event in active_events(scope.period, scope.department):
        f = event_month_figures(event, period=scope.period, department=scope.department)
        found.append(
            {"title": event.title, "type": event.get_type_display(),
             "status": event.get_status_display(), "start_date": event.start_date.isoformat(),
             "departments": list(event.department_codes), "sedes": f["sedes_affected"],
             "students": f["students_affected"], "teachers": f["teachers_affected"],
             "days_lost": f["days_lost"], "sedes_reached": f["sedes_reached"],
             "coverage_sedes_pct": f["coverage_sedes_pct"],
             "alert_after_days": f["alert_after_days"], "gaps_due": f["gaps_due"],
             "sedes_without_response": f["sedes_without_response"]}
        )  # fmt: skip
    return found


def build(
    scope: BulletinScope, con: duckdb.DuckDBPyConnection | None, collected: Any
) -> dict[str, Any] | None:
    return {"events": collected} if collected else None
