"""E-mail alerts of an event: when it is recorded, the affected sedes with no response
N days after it (N per event), and, when a list brings new affected sedes after that alert
went out (a late import), a follow-up naming them; to the LEG members of its departments
and the national IM officers. Django's e-mail (the console backend in the demo); scheduled
with django-tasks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from trayecto.web.accounts.models import Membership
from trayecto.web.emergencies import selectors
from trayecto.web.emergencies.audit import audit
from trayecto.web.emergencies.models import Event

Role = Membership.Role
MAX_LISTED = 50  # sedes named in one e-mail; the rest are on the event page


def recipients(event: Event) -> list[str]:
    """E-mails of the LEG coordinators of the event's departments and of the IM officers."""
    members = Membership.objects.select_related("user").filter(
        role__in=[Role.LEG_COORDINATOR, Role.IM_OFFICER]
    )
    found = set()
    for m in members:
        covers = m.role == Role.IM_OFFICER or set(m.department_codes or ()) & set(
            event.department_codes
        )
        if covers and m.user.email:
            found.add(m.user.email)
    return sorted(found)


def event_recorded_send(event: Event) -> int:
    """Tell the territory's LEG and the IM officers that an event was recorded."""
    to = recipients(event)
    if not to:
        return 0
    subject = f"Trayecto: emergencia registrada / event recorded: {event.title}"
    body = (
        f"{event.title} ({event.start_date:%Y-%m-%d}), departamentos / departments "
        f"{', '.join(event.department_codes)}.\n"
        f"Sedes sin respuesta se alertarán a los {event.alert_after_days} días / sedes with no "
        f"response will be alerted after {event.alert_after_days} days.\n"
        f"/emergencias/{event.pk}/"
    )
    send_mail(subject, body, None, to)
    with transaction.atomic():
        audit(None, "alert_recorded", event, to=to)
    return len(to)


def gap_alert_send(event: Event, today: dt.date | None = None) -> dict[str, Any]:
    """The affected sedes with no response after N days, to the recipients (if any)."""
    today = today or timezone.localdate()
    figures = selectors.figures(event, today=today)
    gaps = figures["sedes_without_response"]
    to = recipients(event)
    if not gaps or not to:
        return {"sent": 0, "gaps": len(gaps), "to": to}
    listed = "\n".join(f"- {code}" for code in gaps[:MAX_LISTED])
    more = len(gaps) - MAX_LISTED
    body = (
        f"{event.title}: {len(gaps)} de {figures['sedes_affected']} sedes afectadas sin "
        f"respuesta {event.alert_after_days} días después / affected sedes with no response "
        f"after {event.alert_after_days} days.\n{listed}\n"
        + (f"... y {more} más / and {more} more.\n" if more > 0 else "")
        + f"/emergencias/{event.pk}/"
    )
    subject = f"Trayecto: {len(gaps)} sedes sin respuesta / with no response: {event.title}"
    send_mail(subject, body, None, to)
    with transaction.atomic():
        audit(None, "alert_gaps", event, to=to, gaps=len(gaps))
    return {"sent": len(to), "gaps": len(gaps), "to": to}


def late_alert_send(
    event: Event, list_name: str, sede_codes: list[str], today: dt.date | None = None
) -> dict[str, Any]:
    """The sedes a list brought after the gap alert: how many, and those with no response."""
    figures = selectors.figures(event, today=today)
    new = set(sede_codes)
    gaps = [code for code in figures["sedes_without_response"] if code in new]
    to = recipients(event)
    if not new or not to:
        return {"sent": 0, "new": len(new), "gaps": len(gaps), "to": to}
    listed = "\n".join(f"- {code}" for code in gaps[:MAX_LISTED])
    more = len(gaps) - MAX_LISTED
    body = (
        f"{event.title}: la lista {list_name} trajo {len(new)} sedes afectadas nuevas después "
        f"de la alerta de los {event.alert_after_days} días; {len(gaps)} sin respuesta / the "
        f"list brought {len(new)} new affected sedes after the {event.alert_after_days}-day "
        f"alert; {len(gaps)} with no response.\n{listed}\n"
        + (f"... y {more} más / and {more} more.\n" if more > 0 else "")
        + f"/emergencias/{event.pk}/"
    )
    subject = f"Trayecto: {len(new)} sedes afectadas nuevas / new affected sedes: {event.title}"
    send_mail(subject, body, None, to)
    with transaction.atomic():
        audit(None, "alert_late", event, to=to, list=list_name, new=len(new), gaps=len(gaps))
    return {"sent": len(to), "new": len(new), "gaps": len(gaps), "to": to}


@task()
def event_alerts(
    *, event_id: int, kind: str, list_name: str = "", sede_codes: list[str] | None = None
) -> dict[str, Any]:
    """`recorded`: say the event was recorded; `gaps`: the sedes with no response; `late`:
    the new sedes of a list imported after the gap alert."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return {"sent": 0, "reason": "event deleted"}
    if kind == "recorded":
        return {"sent": event_recorded_send(event)}
    if kind == "late":
        return late_alert_send(event, list_name, sede_codes or [])
    return gap_alert_send(event)


def gap_alert_time(event: Event) -> dt.datetime:
    """When the gap alert goes out: 08:00 on the N-th day after the event."""
    return dt.datetime.combine(
        event.start_date + dt.timedelta(days=event.alert_after_days),
        dt.time(8, 0),
        tzinfo=timezone.get_current_timezone(),
    )


def late_import_schedule(event: Event, list_name: str, sede_codes: list[str]) -> None:
    """After a list brings new sedes: if the gap alert already went out, a follow-up now
    (once the import commits); before it, the gap alert will count them anyway."""
    if gap_alert_time(event) > timezone.now():
        return
    transaction.on_commit(
        lambda: event_alerts.enqueue(
            event_id=event.pk, kind="late", list_name=list_name, sede_codes=sorted(sede_codes)
        )
    )


def alerts_schedule(event: Event) -> None:
    """After the event is saved: the 'recorded' alert now, the gap alert N days after it."""
    when = gap_alert_time(event)

    def enqueue() -> None:
        event_alerts.enqueue(event_id=event.pk, kind="recorded")
        if when <= timezone.now():
            event_alerts.enqueue(event_id=event.pk, kind="gaps")
        elif event_alerts.get_backend().supports_defer:
            event_alerts.using(run_after=when).enqueue(event_id=event.pk, kind="gaps")
        # else: a backend that cannot defer (the tests' immediate one) has no later run

    transaction.on_commit(enqueue)
