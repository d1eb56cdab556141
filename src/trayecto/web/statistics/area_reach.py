"""The 5W block of a department or municipality page: published reach of the latest published
month with its change since the month before, and the partners present there.

Published figures are for every member, as on the reach page; an ETC analyst's figures are
narrowed to its ETC's municipalities by the same rule (`response.access.scoped_filters`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from trayecto.analytics.reach import TABLE, ReachFilters
from trayecto.domain.five_w import Status
from trayecto.web.accounts.models import Organization
from trayecto.web.response import access
from trayecto.web.response.selectors import reach as five_w_reach
from trayecto.web.statistics import home


def area_reach(
    user: Any, *, departments: tuple[str, ...] = (), municipalities: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """None when nothing is published yet; otherwise the figures and the partners present."""
    month = home.latest_published_month()
    if month is None:
        return None
    filters = access.scoped_filters(
        user,
        ReachFilters(
            month,
            statuses=(Status.PUBLISHED.value,),
            departments=departments,
            municipalities=municipalities,
        ),
    )
    store = home.reach_warehouse()
    if store.has(TABLE):  # published figures change only with the snapshot: kept per version
        value, change, codes, places = store.memo(
            ("area_reach", month, filters), lambda _con, _version: _figures(month, filters)
        )
    else:
        value, change, codes, places = _figures(month, filters)
    partners = Organization.objects.filter(code__in=codes).order_by("name").values("code", "name")
    query = {"period": month, "department": departments, "municipality": municipalities}
    return {
        "month": home.month_text(month),
        "value": home.count_text(value),
        "change": home.change_text(change),
        "partners": list(partners),
        "municipalities": places,
        "href": reverse("response:dashboard") + "?" + urlencode(query, doseq=True),
    }


def _figures(month: str, filters: ReachFilters) -> tuple[int, int | None, set[str], int]:
    """Reach, its change since the month before, the partners' codes and the municipalities
    with presence: read from the published snapshot, so kept per warehouse version."""
    value = home.published_reach(month, filters)
    before = home.previous_month(month)
    change = value - home.published_reach(before, filters) if before else None
    presence = five_w_reach.presence_table(warehouse=home.reach_warehouse(), filters=filters)
    codes = {c for row in presence for c in str(row["organizations"] or "").split(", ") if c}
    return value, change, codes, len(presence)
