"""The protected-environment input of a needs run: per municipality, the sedes the year's
emergencies hit as domain.needs.PROTECTED_RULE says (analytics.needs reads it; the
analytics layer may not read the operational database itself)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from trayecto.domain.emergencies import SEVERITY_CRITICAL, Damage, EventSubtype
from trayecto.web.emergencies.models import AffectedSede

# GCPEA's attacks on education and military use: every sede listed under such an event.
ATTACK_SUBTYPES = (
    EventSubtype.ATTACK_ON_SCHOOL.value,
    EventSubtype.ATTACK_ON_STUDENTS_TEACHERS.value,
    EventSubtype.MILITARY_USE.value,
)


def protected_environment(year: int) -> list[dict[str, Any]]:
    """Distinct affected sedes per municipality, for the events under way in `year` (begun
    by its end, not ended before it began)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    hit = (
        Q(event__subtype__in=ATTACK_SUBTYPES)
        | Q(occupied=True)
        | Q(used_as_shelter=True)
        | Q(damage=Damage.DESTROYED.value)
        | Q(severity=SEVERITY_CRITICAL)
    )
    rows = (
        AffectedSede.objects.filter(event__start_date__lte=last)
        .filter(Q(event__end_date__isnull=True) | Q(event__end_date__gte=first))
        .filter(hit)
        .values("municipality_code")
        .annotate(sedes_affected=Count("sede_code", distinct=True))
        .order_by("municipality_code")
    )
    return [dict(r) for r in rows]
