"""The only code that runs SQL. Values go in as parameters, never formatted into the text.

Every read has a time limit (DuckDB has no statement timeout: one watchdog thread per
process interrupts a connection whose query is past its deadline) and every statement can be
traced (`trace()`, as Datasette traces its queries).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

T = TypeVar("T")

# Generous: the slowest page query takes well under a second; a query past this is a bug or
# an attack, and holding a web worker for it helps no one. Imports write through `execute`,
# which has no limit (a large COPY may rightly take long).
DEFAULT_TIME_LIMIT = float(os.environ.get("TRAYECTO_QUERY_TIME_LIMIT", "30"))

_time_limit: ContextVar[float | None] = ContextVar("time_limit", default=None)
_traces: ContextVar[list[TracedQuery] | None] = ContextVar("traces", default=None)


class QueryTimeout(RuntimeError):
    """A query ran past its time limit and was interrupted."""


@dataclass(frozen=True)
class TracedQuery:
    sql: str
    params: dict[str, Any]
    duration: float  # seconds


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Reads in this block (this thread or task) stop after `seconds` with QueryTimeout."""
    token = _time_limit.set(seconds)
    try:
        yield
    finally:
        _time_limit.reset(token)


@contextmanager
def trace() -> Iterator[list[TracedQuery]]:
    """Collect every statement run in this block: its SQL, parameters and duration."""
    found: list[TracedQuery] = []
    token = _traces.set(found)
    try:
        yield found
    finally:
        _traces.reset(token)


class _Watchdog:
    """One daemon thread for the whole process that interrupts the connections whose query
    is past its deadline. (A timer thread per query cost a thread start on every read, and
    a timer waking while the interpreter shuts down can abort the process.)"""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._due: dict[int, tuple[float, duckdb.DuckDBPyConnection]] = {}
        self._fired: set[int] = set()
        self._next = 0
        self._thread: threading.Thread | None = None

    def watch(self, con: duckdb.DuckDBPyConnection, seconds: float) -> int:
        with self._lock:
            self._next += 1
            self._due[self._next] = (time.monotonic() + seconds, con)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="query-limit", daemon=True)
                self._thread.start()
            self._wake.set()
            return self._next

    def release(self, token: int) -> bool:
        """Stop watching; True when the deadline had passed and the query was interrupted."""
        with self._lock:
            self._due.pop(token, None)
            fired = token in self._fired
            self._fired.discard(token)
            return fired

    def _loop(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                for token, (deadline, con) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[token]
                        self._fired.add(token)
                        con.interrupt()
                nearest = min((d for d, _ in self._due.values()), default=now + 3600)
                self._wake.clear()
            self._wake.wait(max(nearest - time.monotonic(), 0.001))


_watchdog = _Watchdog()


def _run(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: dict[str, Any],
    run: Callable[[], T],
    *,
    limited: bool = True,
) -> T:
    """`run()` traced and, when `limited`, interrupted after the time limit."""
    seconds = _time_limit.get()
    if seconds is None:
        seconds = DEFAULT_TIME_LIMIT
    token = _watchdog.watch(con, seconds) if limited else None
    start = time.perf_counter()
    try:
        return run()
    except duckdb.InterruptException:
        if token is None or not _watchdog.release(token):
            raise  # interrupted by something else than the time limit
        raise QueryTimeout(
            f"query stopped after its time limit of {seconds:g} s "
            f"(TRAYECTO_QUERY_TIME_LIMIT): {' '.join(sql.split())[:200]}"
        ) from None
    finally:
        if token is not None:
            _watchdog.release(token)
        traces = _traces.get()
        if traces is not None:
            traces.append(TracedQuery(sql, params, time.perf_counter() - start))


def query(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> pa.Table:
    """Run one SELECT with named parameters (`$year`) and return it as an Arrow table."""
    bound = dict(params or {})
    return _run(con, sql, bound, lambda: con.sql(sql, params=bound).to_arrow_table())


def query_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | Sequence[Path],
    params: Mapping[str, Any] | None = None,
) -> pa.Table:
    """Run the SQL of a `.sql` file, or of several read one after the other (a shared head
    such as a filtered CTE, then the query that goes on from it); only the parameters the
    text names are passed."""
    paths = [path] if isinstance(path, Path) else list(path)
    sql = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    wanted = {k: v for k, v in (params or {}).items() if f"${k}" in sql}
    return query(con, sql, wanted)


def rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The result as a list of dicts, for small results going to templates or JSON."""
    result: list[dict[str, Any]] = query(con, sql, params).to_pylist()
    return result


def execute(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> None:
    """Run a statement that returns no table (COPY, CREATE TABLE … AS) with named parameters."""
    bound = dict(params or {})
    _run(con, sql, bound, lambda: con.execute(sql, bound), limited=False)


def values(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The result as tuples, for small results read by importers (counts, bad rows)."""
    bound = dict(params or {})
    return _run(con, sql, bound, lambda: con.execute(sql, bound).fetchall())
