"""One Warehouse per folder, its memo per manifest version, and the engine's time limit and
trace."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from trayecto.warehouse import Warehouse, engine, store

SLOW = (
    "select count(*) from range(100000000) a, range(100000000) b where a.range + b.range = $target"
)


def test_one_object_per_folder_whatever_the_spelling(tmp_path: Path) -> None:
    root = tmp_path / "warehouse"
    first = Warehouse.for_root(root)
    assert Warehouse.for_root(str(tmp_path / "x" / ".." / "warehouse")) is first
    assert Warehouse.for_root(tmp_path / "other") is not first


def test_the_memo_builds_once_per_version_and_again_after_a_publish(tmp_path: Path) -> None:
    warehouse = Warehouse.for_root(tmp_path / "warehouse")
    warehouse.publish("a", pa.table({"x": [1, 2]}))
    builds: list[int] = []

    def total(con: duckdb.DuckDBPyConnection, version: int) -> int:
        builds.append(version)
        return int(engine.values(con, "select sum(x) from a")[0][0])

    assert warehouse.memo("total", total) == 3
    assert warehouse.memo("total", total) == 3
    assert builds == [1]  # same version: built once

    warehouse.publish("a", pa.table({"x": [10, 20]}))
    assert warehouse.memo("total", total) == 30
    assert warehouse.memo("total", total) == 30
    assert builds == [1, 2]  # a new publication: rebuilt once


def test_an_older_version_is_computed_but_not_kept(tmp_path: Path) -> None:
    warehouse = Warehouse.for_root(tmp_path / "warehouse")
    assert warehouse.memo_at(2, "n", lambda: "two") == "two"
    assert warehouse.memo_at(1, "n", lambda: "one") == "one"  # a reader still on version 1
    assert warehouse.memo_at(2, "n", lambda: "rebuilt") == "two"  # version 2 kept its own


def test_threads_asking_at_once_build_once(tmp_path: Path) -> None:
    warehouse = Warehouse.for_root(tmp_path / "warehouse")
    builds: list[int] = []
    start = threading.Barrier(4)

    def build() -> str:
        builds.append(1)
        time.sleep(0.2)  # long enough for every thread to arrive while it builds
        return "value"

    def ask() -> None:
        start.wait()
        assert warehouse.memo_at(1, "slow", build) == "value"

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1


def test_a_slow_query_stops_at_the_time_limit() -> None:
    con = duckdb.connect()
    started = time.perf_counter()
    with engine.time_limit(0.3), pytest.raises(engine.QueryTimeout, match=r"time limit of 0\.3 s"):
        engine.query(con, SLOW, {"target": 7})
    assert time.perf_counter() - started < 10  # the cross join alone would take hours
    assert engine.rows(con, "select 1 as one") == [{"one": 1}]  # the connection still works


def test_the_default_time_limit_is_generous() -> None:
    assert engine.DEFAULT_TIME_LIMIT >= 30


def test_trace_collects_every_query_with_its_parameters_and_duration() -> None:
    con = duckdb.connect()
    with engine.trace() as queries:
        engine.rows(con, "select $n as n", {"n": 4})
        engine.values(con, "select 2")
        engine.execute(con, "create table t as select 1 as x")
    assert [(q.sql, q.params) for q in queries] == [
        ("select $n as n", {"n": 4}),
        ("select 2", {}),
        ("create table t as select 1 as x", {}),
    ]
    assert all(q.duration >= 0 for q in queries)
    engine.rows(con, "select 3")
    assert len(queries) == 3  # outside the block nothing more is collected


def test_a_reading_connection_leads_to_its_warehouses_memo(tmp_path: Path) -> None:
    warehouse = Warehouse.for_root(tmp_path / "warehouse")
    warehouse.publish("a", pa.table({"x": [1]}))
    con, version = warehouse.reader()
    memo = store.memo_of(con)
    assert memo is not None
    assert memo("n", lambda: "built") == "built"
    assert warehouse.memo_at(version, "n", lambda: "again") == "built"  # the same memo
    assert store.memo_of(warehouse.connect()) is None  # not a reading connection


def test_the_aggregations_etc_map_is_read_once_per_version(tmp_path: Path) -> None:
    from trayecto.analytics import aggregation

    warehouse = Warehouse.for_root(tmp_path / "warehouse")
    etcs = {"municipality_code": ["81001"], "year": [2024], "etc_code": ["3824"]}
    warehouse.publish("municipality_etc", pa.table(etcs))
    with engine.trace() as queries:
        for _ in range(3):
            con, _version = warehouse.reader()
            assert aggregation.cached_etc_map(con).to_pylist() == [
                {"municipality_code": "81001", "year": 2024, "etc_code": "3824"}
            ]
    assert sum("from municipality_etc" in q.sql for q in queries) == 1

    warehouse.publish("municipality_etc", pa.table({**etcs, "etc_code": ["3825"]}))
    con, _version = warehouse.reader()
    assert aggregation.cached_etc_map(con).column("etc_code").to_pylist() == ["3825"]
