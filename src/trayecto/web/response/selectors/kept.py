"""What the reach page reads from the warehouse, kept per manifest version.

The published reach figures, the partner presence and the names of places depend only on
what is asked (the filters, already narrowed to the caller's territory by access, so two
roles share a result only when they would see the same lines) and on the warehouse version
they were read from. Every step of the 5W workflow (approve, publish, reject, reopen) and
every import republishes the warehouse, so a new version drops them all in every process:
nothing stale is ever served. What the operational database holds (plans, targets, partner
names, a partner's unpublished reports) is read on every request and never kept here.

The same bounded cache as the API's results (web/api/results.py): at most
TRAYECTO_REACH_CACHE_ENTRIES results per process, least recently used first out, 0 turns
it off; one computation per key when many ask at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from trayecto.warehouse import Warehouse
from trayecto.web.api.results import ResultCache

T = TypeVar("T")

SETTING = "TRAYECTO_REACH_CACHE_ENTRIES"
figures = ResultCache(setting=SETTING)  # the process's one cache of reach page figures


def kept(warehouse: Warehouse, version: int, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s result for `key` over manifest `version` of `warehouse`, computed once
    per version. The result is shared: callers read it and never change it."""
    return figures.get(warehouse.root, version, key, compute)
