"""The only code that runs SQL. Values go in as parameters, never formatted into the text.

Every read has a time limit (DuckDB has no statement timeout: one watchdog thread per
process interrupts a connection whose query is past its deadline) and every statement can be
traced (`trace()`, as Datasette traces its queries).

The same SQL runs on DuckDB (default) or on Apache Spark (`warehouse/spark.py`, translated
by sqlglot): `using("spark")` chooses for a block (the CLI's `--engine` and TRAYECTO_ENGINE,
the web's batch tasks), `reader` and `connect` open the chosen engine's connection, and the
functions below take either (docs/scale.md).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pyarrow as pa

from trayecto.warehouse.spark import SparkConnection

if TYPE_CHECKING:
    from trayecto.warehouse.store import Warehouse

T = TypeVar("T")

# Generous: the slowest page query takes well under a second; a query past this is a bug or
# an attack, and holding a web worker for it helps no one. Imports write through `execute`,
# which has no limit (a large COPY may rightly take long).
DEFAULT_TIME_LIMIT = float(os.environ.get("TRAYECTO_QUERY_TIME_LIMIT", "30"))

ENGINES = ("duckdb", "spark")
# A DuckDB connection, or a Spark session standing where one is expected.
Connection = duckdb.DuckDBPyConnection | SparkConnection


def default_engine() -> str:
    """TRAYECTO_ENGINE (duckdb | spark): the engine of the CLI's analytics when `--engine`
    is not given, and of the web's batch tasks (settings.TRAYECTO_ENGINE)."""
    name = os.environ.get("TRAYECTO_ENGINE", "duckdb") or "duckdb"
    if name not in ENGINES:
        raise ValueError(f"TRAYECTO_ENGINE must be one of {', '.join(ENGINES)}, not {name!r}")
    return name


_engine: ContextVar[str | None] = ContextVar("engine", default=None)


def current() -> str:
    """The engine of this block (`using`), else DuckDB: web pages always read on DuckDB;
    the CLI (`--engine`, TRAYECTO_ENGINE) and the web's batch tasks choose with `using`."""
    return _engine.get() or "duckdb"


@contextmanager
def using(name: str) -> Iterator[None]:
    """Run the analytics of this block (this thread or task) on `name`: duckdb | spark."""
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {name!r}")
    token = _engine.set(name)
    try:
        yield
    finally:
        _engine.reset(token)


# The Spark readers kept open, least recently used first. Each is a Spark session with a
# view per table of one warehouse version and the Arrow tables the analytics registered on
# it. Kept per warehouse and never closed, they added up for the life of the process (the
# test run reads a new temporary warehouse in many tests, all in its one JVM). A few
# warehouses read in turn (the cross-engine tests alternate two) keep theirs.
SPARK_READERS = 4
_spark_readers: OrderedDict[tuple[str, int], SparkConnection] = OrderedDict()
_spark_readers_lock = threading.Lock()


def reader(warehouse: Warehouse) -> tuple[Connection, int]:
    """The reading connection of the current engine and the manifest version it shows:
    the warehouse's own DuckDB reader, or a Spark connection of the warehouse version,
    kept for the next read (the last SPARK_READERS warehouses read; older ones closed)."""
    if current() == "duckdb":
        return warehouse.reader()
    version = warehouse.manifest().version
    key = (str(warehouse.root), version)
    with _spark_readers_lock:
        found = _spark_readers.get(key)
        if found is not None:
            _spark_readers.move_to_end(key)
            return found, version
        for old in [k for k in _spark_readers if k[0] == key[0]]:
            _spark_readers.pop(old).close()
        while len(_spark_readers) >= SPARK_READERS:
            _spark_readers.popitem(last=False)[1].close()
        found = _spark_readers[key] = SparkConnection.of(warehouse, version)
    return found, version


def connect(warehouse: Warehouse) -> Connection:
    """A new connection of the current engine (for work that creates temp tables). Close
    it (`with engine.connect(w) as con:`): on Spark its temp tables' rows stay in the
    JVM until then."""
    if current() == "duckdb":
        return warehouse.connect()
    return SparkConnection.of(warehouse)


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
    con: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    origin: str | None = None,
) -> pa.Table:
    """Run one SELECT with named parameters (`$year`) and return it as an Arrow table.
    `origin` (the SQL file) names the query in Spark's translation errors."""
    bound = dict(params or {})
    if isinstance(con, SparkConnection):
        spark = con
        return _traced(sql, bound, lambda: spark.query(sql, bound, origin))
    duck = con
    return _run(duck, sql, bound, lambda: duck.sql(sql, params=bound).to_arrow_table())


def query_file(
    con: Connection,
    path: Path | Sequence[Path],
    params: Mapping[str, Any] | None = None,
) -> pa.Table:
    """Run the SQL of a `.sql` file, or of several read one after the other (a shared head
    such as a filtered CTE, then the query that goes on from it); only the parameters the
    text names are passed."""
    paths = [path] if isinstance(path, Path) else list(path)
    sql = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    wanted = {k: v for k, v in (params or {}).items() if f"${k}" in sql}
    return query(con, sql, wanted, origin=", ".join(p.name for p in paths))


def rows(
    con: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    origin: str | None = None,
) -> list[dict[str, Any]]:
    """The result as a list of dicts, for small results going to templates or JSON."""
    result: list[dict[str, Any]] = query(con, sql, params, origin=origin).to_pylist()
    return result


def execute(
    con: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    origin: str | None = None,
) -> None:
    """Run a statement that returns no table (COPY, CREATE TABLE … AS) with named parameters."""
    bound = dict(params or {})
    if isinstance(con, SparkConnection):
        spark = con
        _traced(sql, bound, lambda: spark.execute(sql, bound, origin))
        return
    duck = con
    _run(duck, sql, bound, lambda: duck.execute(sql, bound), limited=False)


def values(
    con: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The result as tuples, for small results read by importers (counts, bad rows)."""
    bound = dict(params or {})
    if isinstance(con, SparkConnection):
        spark = con
        return _traced(sql, bound, lambda: spark.fetchall(sql, bound))
    duck = con
    return _run(duck, sql, bound, lambda: duck.execute(sql, bound).fetchall())


def _traced(sql: str, params: dict[str, Any], run: Callable[[], T]) -> T:
    """`run()` traced, without DuckDB's watchdog: a Spark job has the cluster's own limits."""
    start = time.perf_counter()
    try:
        return run()
    finally:
        traces = _traces.get()
        if traces is not None:
            traces.append(TracedQuery(sql, params, time.perf_counter() - start))
