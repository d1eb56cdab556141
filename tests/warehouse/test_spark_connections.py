"""Spark connections give back what they hold in the JVM: the readers of warehouses read
long ago are closed, and a connection's temp tables free their rows when replaced or when
it is closed. The test run's one Spark JVM filled its 1 GB heap when they did not.

What is counted is what holds the memory (open readers, their views, the checkpointed
RDDs of the temp tables), never the heap itself: its size after a collection varies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from trayecto.warehouse import Warehouse, engine, spark
from trayecto.warehouse.spark import SparkConnection

pytestmark = pytest.mark.spark


def small_warehouse(folder: Path) -> Warehouse:
    warehouse = Warehouse(folder / "warehouse")
    warehouse.publish("numbers", pa.table({"x": [1, 2, 3]}))
    return warehouse


def temporary_views(con: Any) -> set[str]:
    assert isinstance(con, SparkConnection)
    return {table.name for table in con.spark.catalog.listTables() if table.isTemporary}


def persisted() -> set[int]:
    """The ids of the RDDs whose blocks Spark keeps (a temp table's checkpoint is one)."""
    rdds = spark.session().sparkContext._jsc.getPersistentRDDs()
    return {int(key) for key in rdds.keySet().toArray()}


def test_readers_of_warehouses_read_long_ago_are_closed(
    spark_session: None, tmp_path: Path
) -> None:
    many = engine.SPARK_READERS + 3
    warehouses = [small_warehouse(tmp_path / str(n)) for n in range(many)]
    opened = []
    with engine.using("spark"):
        for warehouse in warehouses:
            con, _version = engine.reader(warehouse)
            assert engine.rows(con, "select sum(x) as total from numbers") == [{"total": 6}]
            opened.append(con)
        # the last ones read are kept: the same connection for the next read
        assert engine.reader(warehouses[-1])[0] is opened[-1]
    assert len(engine._spark_readers) == engine.SPARK_READERS
    kept = opened[-engine.SPARK_READERS :]
    assert all(temporary_views(con) == {"numbers"} for con in kept)
    # the older ones were closed: their sessions show no view of their files any more
    assert [temporary_views(con) for con in opened[: -engine.SPARK_READERS]] == [set()] * 3


def test_temp_tables_free_their_rows_when_replaced_and_when_closed(
    spark_session: None, tmp_path: Path
) -> None:
    warehouse = small_warehouse(tmp_path)
    before = persisted()
    with engine.using("spark"), engine.connect(warehouse) as con:
        engine.execute(con, "create temp table doubled as select x * 2 as x from numbers")
        first = persisted() - before
        assert len(first) == 1
        engine.execute(
            con, "create or replace temp table doubled as select x + 1 as x from doubled"
        )
        assert engine.values(con, "select sum(x) from doubled") == [(15,)]
        second = persisted() - before
        # the rows of the table it replaced are freed, not left for the collector
        assert len(second) == 1
        assert second != first
        assert "doubled" in temporary_views(con)
    assert persisted() - before == set()
    assert temporary_views(con) == set()
