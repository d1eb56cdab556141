"""The data of the emergencies maps, one shape for the event page and the list page (drawn
by static/trayecto/emergency_map.js with reports/emergency_map.py's spec).

`municipalities`: the municipalities of the events' departments, each with its affected
sedes, how many a response reached, the sedes by severity and the response colour (every
member: they are counts). `points`: the sedes the user may see that have a point (severity,
reached or not). `without_point`: how many affected sedes the map cannot place (they count
in their municipality only). Over several events a sede affected by two of them counts in
each, as the list's column of affected sedes does: each event has its own response.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from trayecto.analytics.geography import municipality_map
from trayecto.reports.emergency_map import response_of
from trayecto.reports.maps import round_geometry
from trayecto.web.accounts.access import User
from trayecto.web.emergencies import access, geography, selectors
from trayecto.web.emergencies.models import Event

SEVERITY_KEYS = {1: "low", 2: "moderate", 3: "critical"}


def map_labels() -> dict[str, str]:
    """The maps' words (the spec's titles and the data's labels)."""
    return {
        "municipality": _("Municipio"), "code": _("Código DANE"), "sedes": _("Sedes afectadas"),
        "reached": _("Sedes con respuesta"), "critical": _("Críticas"),
        "moderate": _("Moderadas"), "low": _("Bajas"), "response": _("Respuesta"),
        "none": _("Sin respuesta"), "partial": _("Respuesta parcial"),
        "all": _("Todas con respuesta"),
        "sede": _("Sede"), "severity": _("Severidad"), "sede_response": _("Respuesta a la sede"),
        "severity_1": _("Baja"), "severity_2": _("Moderada"), "severity_3": _("Crítica"),
        "severity_none": _("Sin severidad"), "reached_yes": _("Con respuesta"),
        "reached_no": _("Sin respuesta"),
    }  # fmt: skip


def _empty_counts() -> dict[str, int]:
    return {"sedes": 0, "reached": 0, "low": 0, "moderate": 0, "critical": 0}


def map_data(user: User, events: Sequence[Event]) -> dict[str, Any]:
    """The map of `events` as `user` may see it (the JSON of both map URLs)."""
    labels = map_labels()
    counts: dict[str, dict[str, int]] = {}
    points = []
    for event in events:
        figures, reached = selectors.cached_figures(event)
        for m in figures["by_municipality"]:
            c = counts.setdefault(m["area_code"], _empty_counts())
            c["sedes"] += m["sedes"]
            c["reached"] += m["sedes_reached"]
        for p in selectors.sede_points(access.visible_sedes(user, event), reached):
            points.append(
                {**p, "severity_label": labels[f"severity_{p['severity'] or 'none'}"],
                 "response_label": labels["reached_yes" if p["reached"] else "reached_no"]}
            )  # fmt: skip
    without_point = selectors.sedes_without_point(events)
    departments = tuple(sorted({code for e in events for code in e.department_codes}))
    store = geography.warehouse()
    if not departments or not store.has("municipality_boundary"):
        return {"municipalities": [], "points": points, "without_point": without_point}
    base = store.memo(
        ("event_map", departments),
        lambda con, _v: [
            {**f, "geometry": round_geometry(f["geometry"])}
            for f in municipality_map(con, departments)["features"]
        ],
    )
    for row in selectors.severity_by_municipality(events):
        if row["severity"] in SEVERITY_KEYS and row["municipality_code"] in counts:
            counts[row["municipality_code"]][SEVERITY_KEYS[row["severity"]]] += row["n"]
    features = []
    for f in base:
        c = counts.get(f["properties"]["code"], _empty_counts())
        response = response_of(c["sedes"], c["reached"])
        features.append({**f, "properties": {**f["properties"], **c, "response": response,
                                             "response_label": labels[response]}})  # fmt: skip
    return {"municipalities": features, "points": points, "without_point": without_point}
