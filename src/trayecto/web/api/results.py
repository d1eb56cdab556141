"""The API's computed results, kept per warehouse manifest version.

A result (an indicator's values, a reach table, a download's bytes) depends only on what it
was asked (the filters, and for reach the caller's scope as access narrows it) and on the
warehouse version it read. Keyed by that version, it stays right until a publication makes
a new one; the first result of a newer version drops every older one, so a publication
invalidates the cache in every server process, each reading the manifest for itself.

Bounded (TRAYECTO_API_CACHE_ENTRIES results per process, the least recently used go first;
0 turns it off; and at most ROWS_KEPT rows in all, a download's kilobyte counting as a row,
so a few country-wide school-level tables cannot fill the memory), and one computation per
key: fifty clients asking the same thing at once wait for one computation instead of running
fifty (Power BI refreshes do exactly that).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings

T = TypeVar("T")

DEFAULT_ENTRIES = 256
ROWS_KEPT = 100_000  # about 120 MB of value rows (their nested dicts), per process


def weight(value: Any) -> int:
    """What a result holds, in rows: a list's items, a Rollup's rows, a file's kilobytes."""
    if isinstance(value, bytes):
        return len(value) // 1024 + 1
    rows = getattr(value, "rows", value)
    return len(rows) if hasattr(rows, "__len__") else 1


class ResultCache:
    def __init__(self, setting: str = "TRAYECTO_API_CACHE_ENTRIES") -> None:
        self._setting = setting  # the setting that bounds its entries (0 turns it off)
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, int, Hashable], Any] = OrderedDict()
        self._weights: dict[tuple[str, int, Hashable], int] = {}
        self._newest: dict[str, int] = {}  # warehouse root -> newest version seen
        self._building: dict[tuple[str, int, Hashable], threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, root: Path, version: int, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`'s result for `key` over version `version` of the warehouse at `root`."""
        limit = int(getattr(settings, self._setting, DEFAULT_ENTRIES))
        if limit <= 0:
            return compute()
        where = str(root)
        full = (where, version, key)
        with self._lock:
            if version < self._newest.get(where, 0):
                return compute()  # a request that began before a publication: not kept
            if version > self._newest.get(where, 0):
                self._forget(where)
                self._newest[where] = version
            if full in self._entries:
                self.hits += 1
                self._entries.move_to_end(full)
                found: T = self._entries[full]
                return found
            building = self._building.setdefault(full, threading.Lock())
        with building:
            with self._lock:
                if full in self._entries:  # computed by the request we waited for
                    self.hits += 1
                    waited: T = self._entries[full]
                    return waited
                self.misses += 1
            try:
                value = compute()
            finally:
                with self._lock:
                    self._building.pop(full, None)
            heavy = weight(value)
            with self._lock:
                if version == self._newest.get(where) and heavy <= ROWS_KEPT:
                    self._entries[full] = value
                    self._weights[full] = heavy
                    while len(self._entries) > limit or sum(self._weights.values()) > ROWS_KEPT:
                        oldest, _ = self._entries.popitem(last=False)
                        del self._weights[oldest]
            return value

    def _forget(self, where: str) -> None:
        """Drop the results of older versions of one warehouse (under the lock)."""
        for full in [k for k in self._entries if k[0] == where]:
            del self._entries[full]
            del self._weights[full]
        for full in [k for k in self._building if k[0] == where]:
            del self._building[full]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._weights.clear()
            self._newest.clear()
            self._building.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


results = ResultCache()  # the process's one cache
