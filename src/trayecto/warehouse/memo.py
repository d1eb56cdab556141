"""Results kept per manifest version: what is computed from the warehouse stays true until a
publication changes it, so each result is built once per version (`Warehouse.memo_at`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from trayecto.warehouse import engine

T = TypeVar("T")


class VersionMemo:
    """The results of the newest manifest version seen; older versions' are not kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0  # the newest version the memo has served
        self._results: dict[Hashable, Any] = {}
        self._building: dict[Hashable, threading.Lock] = {}

    def forget(self) -> None:
        with self._lock:
            self._results.clear()

    def at(self, version: int, name: Hashable, build: Callable[[], T]) -> T:
        """`build()`'s result for `name` at manifest `version`, computed once.

        Only the newest version seen is kept: its first result evicts every older one. A
        reader still on an older version (a publication landed during its request) gets
        its result computed and not kept. Two threads asking for the same name at once
        compute it once; different names are computed in parallel.
        """
        if engine.current() != "duckdb":
            # the other engine's results are its own: the cross-engine check compares them
            name = ("engine", engine.current(), name)
        if version < self._version:
            return build()
        with self._lock:
            if version > self._version:
                self._version = version
                self._results.clear()
                self._building.clear()
            if name in self._results:
                found: T = self._results[name]
                return found
            building = self._building.setdefault(name, threading.Lock())
        with building:
            with self._lock:
                if version == self._version and name in self._results:
                    built: T = self._results[name]  # by the thread we waited for
                    return built
            value = build()
            with self._lock:
                if version == self._version:
                    self._results[name] = value
            return value
