"""Spark connections give back what they hold in the JVM: the readers of warehouses read
long ago are closed, and a connection's temp tables free their rows when replaced or when
it is closed. The test run's one Spark JVM filled its 1 GB heap when they did not.

What is counted is what holds the memory (open readers, their views, the checkpointed
RDDs of the temp tables, the finished queries kept for Spark's UI), never the heap itself:
its size after a collection varies."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from trayecto.warehouse import Warehouse, engine, spark
from trayecto.warehouse.spark import SparkConnection


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


@pytest.mark.spark
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


@pytest.mark.spark
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


@pytest.mark.spark
def test_only_the_last_queries_are_kept_for_the_ui_that_is_off(
    spark_session: None, tmp_path: Path
) -> None:
    retained = int(spark.UI_OFF["spark.sql.ui.retainedExecutions"])
    with engine.using("spark"), engine.connect(small_warehouse(tmp_path)) as con:
        for n in range(retained + 10):
            assert engine.values(con, "select max(x) + $n from numbers", {"n": n}) == [(3 + n,)]
    status = spark.session()._jsparkSession.sharedState().statusStore()
    # Spark's listener records a query after it ends and trims the store behind it
    deadline = time.monotonic() + 20
    while status.executionsCount() > retained and time.monotonic() < deadline:
        time.sleep(0.2)
    assert status.executionsCount() <= retained


def test_spark_keeps_its_defaults_for_a_ui_that_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAYECTO_SPARK_CONF", "spark.ui.enabled=true")
    assert not spark.UI_OFF.keys() & spark.settings().keys()
    monkeypatch.setenv("TRAYECTO_SPARK_CONF", "spark.sql.ui.retainedExecutions=7")
    conf = spark.settings()
    assert conf["spark.sql.ui.retainedExecutions"] == "7"
    assert conf["spark.ui.retainedJobs"] == spark.UI_OFF["spark.ui.retainedJobs"]


@pytest.mark.spark
def test_spark_keeps_its_catalog_folder_out_of_the_working_directory(spark_session: None) -> None:
    # Spark creates its SQL catalog's folder at the first query (`spark-warehouse` in the
    # working directory by default, a stray folder in the user's); nothing is written in it
    location = spark.session().catalog.getDatabase("default").locationUri
    folder = Path(location.removeprefix("file:"))
    assert folder.is_relative_to(tempfile.gettempdir()), folder
    assert folder.is_dir()
