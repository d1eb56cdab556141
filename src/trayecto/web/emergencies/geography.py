"""Names of departments and municipalities for events (from the warehouse's geography)."""

from __future__ import annotations

from django.conf import settings

from trayecto.analytics.areas import area_names
from trayecto.warehouse import Warehouse


def warehouse() -> Warehouse:
    """The process's warehouse (one object per folder)."""
    return Warehouse.for_root(settings.WAREHOUSE_DIR)


def names(level: str, store: Warehouse | None = None) -> dict[str, str]:
    """Code -> name at `department` or `municipality` level; empty before `divipola`."""
    store = store or warehouse()
    if not store.has(level):
        return {}
    return store.memo(("emergency_area_names", level), lambda con, _v: area_names(con, level))
