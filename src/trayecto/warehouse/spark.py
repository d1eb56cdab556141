"""The analytics' SQL on Apache Spark: the same files, translated by sqlglot from DuckDB's
dialect to Spark's, over the same Parquet files of the warehouse (docs/scale.md).

A `SparkConnection` stands where the analytics expect a DuckDB connection: `engine.query`,
`execute` and `values` hand it the text and the named parameters (`$year` becomes Spark's
`:year`, still a parameter, never formatted into the text), and it answers with Arrow tables.
One SparkSession per process (`session()`); each connection is a child session of it, so its
temporary views (the warehouse tables, the Arrow tables the analytics register, the temp
tables of the trajectory work) are its own.

Settings (environment):
- `TRAYECTO_SPARK_MASTER`: the cluster (`spark://host:7077`, `yarn`, `k8s://…`); default
  `local[2]`, Spark in this process's JVM.
- `TRAYECTO_SPARK_WAREHOUSE`: where Spark reads the warehouse's Parquet files, when not from
  the local folder: an object-storage URL such as `s3a://bucket/warehouse` holding a copy of
  the warehouse folder (same relative paths). The manifest is still read locally.
- `TRAYECTO_SPARK_CONF`: more Spark settings, `key=value` separated by `;` (the s3a
  credentials provider, `spark.jars.packages` for hadoop-aws, executor memory…).

pyspark is imported only when a Spark connection is opened: DuckDB alone needs no JVM.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError

if TYPE_CHECKING:
    from trayecto.warehouse.store import Warehouse

T = TypeVar("T")

DEFAULT_MASTER = "local[2]"
LOCAL_PARTITIONS = "4"
# DuckDB's semantics where Spark's defaults differ: NULL (not an error) for a division by
# zero or a bad cast (ANSI mode is Spark 4's default), and dates in UTC as DuckDB reads them.
BASE_CONF = {
    "spark.sql.ansi.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",  # it draws on the terminal, as DuckDB's bar did
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
# With the UI off nothing reads the finished queries' plans and metrics that Spark keeps
# for it, tens of KB per query of the analytics for the last 1000 queries (the largest part
# of what grew in the test run's JVM): keep a few. With `spark.ui.enabled=true` in
# TRAYECTO_SPARK_CONF, Spark's own defaults.
UI_OFF = {
    "spark.sql.ui.retainedExecutions": "50",
    "spark.ui.retainedJobs": "100",
    "spark.ui.retainedStages": "100",
}
PARAMETER = re.compile(r"\$(\w+)")


class Untranslatable(RuntimeError):
    """A query sqlglot cannot write in Spark's dialect, or Spark refuses: the message names
    the SQL file and the construct."""


# ------------------------------------------------------------------ translation
def _portable(node: exp.Expression) -> exp.Expression:
    """Where DuckDB and Spark read the same text differently, write DuckDB's meaning."""
    if isinstance(node, exp.Div):
        # DuckDB's `/` is always a floating-point division; Spark's keeps decimals decimal
        # (100.0 * a / b rounded to 6 places) and integers too (as a double but after a
        # decimal step): cast the dividend so both compute the same double.
        left = node.left
        if not (isinstance(left, exp.Cast) and left.to.is_type("double")):
            node.set("this", exp.cast(left, exp.DataType.build("double")))
        return node
    if isinstance(node, exp.GroupConcat):
        return _distinct_sorted_concat(node)
    if isinstance(node, exp.Anonymous) and node.name.lower() == "error":
        return exp.Anonymous(this="raise_error", expressions=node.expressions)
    return node


def _distinct_sorted_concat(node: exp.GroupConcat) -> exp.Expression:
    """`string_agg(distinct x, sep order by x)` as the sorted set of x joined: Spark 4's
    listagg fails (ClassCastException) with two distinct listaggs in one query. Both sort
    strings by their bytes; no value gives null, as string_agg does."""
    order = node.this
    if isinstance(node.parent, exp.Filter):
        return node  # a filter cannot wrap the rewrite; listagg takes it
    if not (isinstance(order, exp.Order) and isinstance(order.this, exp.Distinct)):
        return node
    [value] = order.this.expressions
    keys = order.expressions
    if len(keys) != 1 or keys[0].this != value or keys[0].args.get("desc"):
        return node
    values = exp.Anonymous(this="collect_set", expressions=[value.copy()])
    joined = exp.Anonymous(
        this="array_join",
        expressions=[
            exp.Anonymous(this="array_sort", expressions=[values]),
            node.args["separator"],
        ],
    )
    empty = exp.EQ(
        this=exp.Anonymous(this="size", expressions=[values.copy()]),
        expression=exp.Literal.number(0),
    )
    return exp.Case(ifs=[exp.If(this=empty, true=exp.Null())], default=joined)


@lru_cache(maxsize=512)
def translate(sql: str, origin: str = "query") -> str:
    """The DuckDB text `sql` in Spark's dialect; `origin` (the SQL file) names it in errors."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
        tree = tree.transform(_portable)
        return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
    except (ParseError, UnsupportedError) as exc:
        raise Untranslatable(f"{origin}: sqlglot cannot write it for Spark: {exc}") from exc


def origin_of(sql: str) -> str:
    """What to call a query in an error when no file name came with it."""
    return "query " + " ".join(sql.split())[:120]


# ------------------------------------------------------------------ the session
_session: Any = None
_session_lock = threading.Lock()


def settings() -> dict[str, str]:
    """The Spark settings from the environment (see the module's docstring)."""
    conf = dict(BASE_CONF)
    for item in os.environ.get("TRAYECTO_SPARK_CONF", "").split(";"):
        if "=" in item:
            key, value = item.split("=", 1)
            conf[key.strip()] = value.strip()
    if conf["spark.ui.enabled"] == "false":
        for key, value in UI_OFF.items():
            conf.setdefault(key, value)
    return conf


def session() -> Any:
    """The process's one SparkSession (started on first use: a few seconds for the JVM)."""
    global _session
    with _session_lock:
        if _session is None:
            from pyspark.sql import SparkSession

            master = os.environ.get("TRAYECTO_SPARK_MASTER", DEFAULT_MASTER)
            builder = SparkSession.builder.appName("trayecto").master(master)
            conf = settings()
            conf.setdefault("spark.sql.warehouse.dir", _catalog_folder())
            if master.startswith("local"):
                # Spark's 200 shuffle partitions are for a cluster: on one machine they are
                # 200 tiny tasks per join or aggregate (ten times slower on these tables)
                conf.setdefault("spark.sql.shuffle.partitions", LOCAL_PARTITIONS)
            for key, value in conf.items():
                builder = builder.config(key, value)
            _session = builder.getOrCreate()
            _session.sparkContext.setLogLevel("ERROR")
        return _session


def _catalog_folder() -> str:
    """A folder for Spark's SQL catalog, which Trayecto does not use (it reads the files by
    path): Spark creates one at the first query, by default in the working directory. A
    throwaway one, removed when the process ends."""
    folder = tempfile.mkdtemp(prefix="trayecto-spark-catalog-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def stop() -> None:
    """Stop the session (tests and benchmarks, at the end)."""
    global _session
    with _session_lock:
        if _session is not None:
            _session.stop()
            _session = None


def location(warehouse: Warehouse) -> str:
    """Where Spark reads the warehouse's files: TRAYECTO_SPARK_WAREHOUSE or the local folder."""
    return os.environ.get("TRAYECTO_SPARK_WAREHOUSE", "").rstrip("/") or str(warehouse.root)


# ------------------------------------------------------------------ the connection
class SparkConnection:
    """What the analytics ask of a connection, on Spark: views of the warehouse's tables,
    queries with named parameters returning Arrow, registered Arrow tables, temp tables."""

    def __init__(self, spark: Any, tables: Mapping[str, list[str]] | None = None) -> None:
        self.spark = spark
        self._tables: set[str] = set()
        # temp table → the RDD its rows were checkpointed into (see `execute`)
        self._checkpoints: dict[str, Any] = {}
        for name, files in (tables or {}).items():
            frame = spark.read.option("mergeSchema", len(files) > 1).parquet(*files)
            frame.createOrReplaceTempView(name)
            self._tables.add(name)

    @classmethod
    def of(cls, warehouse: Warehouse, version: int | None = None) -> SparkConnection:
        """A connection with one view per table of the warehouse's manifest, read where
        `location` says (a local path, or s3a://… for a copy in object storage)."""
        root = location(warehouse)
        manifest = warehouse.manifest(version)
        tables = {
            name: [f"{root}/{f}" for f in entry.files] for name, entry in manifest.tables.items()
        }
        return cls(session().newSession(), tables)

    def tables(self) -> set[str]:
        """The warehouse tables it shows (as `duckdb_views()` lists them on DuckDB)."""
        return set(self._tables)

    def _run(
        self, sql: str, params: Mapping[str, Any], origin: str | None, action: Callable[[Any], T]
    ) -> T:
        """`action(frame)` on the translated query; Spark's errors (at analysis or while
        running) name the file and show the text it was given."""
        text = translate(sql, origin or origin_of(sql))
        named = set(PARAMETER.findall(sql))
        args = {k: v for k, v in params.items() if k in named}
        try:
            return action(self.spark.sql(text, args=args or None))
        except Exception as exc:
            if type(exc).__module__.startswith(("pyspark", "py4j")):
                first = next((line for line in str(exc).splitlines() if line.strip()), "")
                cause = next((line for line in str(exc).splitlines() if "Caused by" in line), "")
                raise Untranslatable(
                    f"{origin or origin_of(sql)}: Spark fails on the translation: {first}"
                    f"{' ' + cause if cause else ''}\n{text[:3000]}"
                ) from exc
            raise

    def query(
        self, sql: str, params: Mapping[str, Any] | None = None, origin: str | None = None
    ) -> pa.Table:
        """One SELECT, as an Arrow table."""
        table: pa.Table = self._run(sql, params or {}, origin, _arrow)
        return table

    def execute(
        self, sql: str, params: Mapping[str, Any] | None = None, origin: str | None = None
    ) -> None:
        """A statement: `create [or replace] temp table x as select …` becomes a view of the
        select, computed once (checkpointed) as DuckDB's temp table is; settings DuckDB
        alone has (`set …`) are skipped."""
        stripped = sql.lstrip()
        if re.match(r"(?i)set\s", stripped):
            return
        created = re.match(
            r"(?is)\s*create\s+(?:or\s+replace\s+)?temp(?:orary)?\s+table\s+(\w+)\s+as\s+(.*)$",
            _uncommented(sql),
        )
        if created is None:
            self._run(sql, params or {}, origin, lambda f: f.collect())
            return
        name, select = created.group(1), created.group(2)
        frame = self._run(select, params or {}, origin, lambda f: f.localCheckpoint())
        frame.createOrReplaceTempView(name)
        self._release(name)  # the rows of the table it replaces, computed before from them
        self._checkpoints[name] = _checkpointed(frame)

    def fetchall(
        self, sql: str, params: Mapping[str, Any] | None = None, origin: str | None = None
    ) -> list[tuple[Any, ...]]:
        found: list[Any] = self._run(sql, params or {}, origin, lambda f: f.collect())
        return [tuple(row) for row in found]

    def register(self, name: str, table: pa.Table) -> None:
        """An Arrow table as a view, as DuckDB's `register` (types kept: an empty table
        still has its schema)."""
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)
        self._release(name)

    def _release(self, name: str) -> None:
        """Free the rows of the temp table `name`. A local checkpoint's rows are blocks of
        the driver's block manager (local mode: this process's JVM heap), which dropping the
        view leaves there: Spark unpersists an RDD by itself only once the JVM has collected
        its object, and a dropped connection's session stays reachable long after (each
        thread of Spark's pools inherits the session active where it was started, and those
        threads live on), so its tables' rows piled up for the life of the process."""
        rdd = self._checkpoints.pop(name, None)
        if rdd is not None:
            rdd.unpersist(False)

    def close(self) -> None:
        """Drop its views and free its temp tables' rows (DuckDB's close frees its temp
        tables too): a connection left open keeps them in the JVM for the process's life."""
        for view in self.spark.catalog.listTables():
            if view.isTemporary:
                self.spark.catalog.dropTempView(view.name)
        for name in list(self._checkpoints):
            self._release(name)

    def __enter__(self) -> SparkConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _checkpointed(frame: Any) -> Any:
    """The JVM RDD holding a `localCheckpoint()`ed frame's rows (its plan is one LogicalRDD)."""
    return frame._jdf.queryExecution().logical().rdd()


def _arrow(frame: Any) -> pa.Table:
    """The rows as Arrow, collected as Python rows: `toArrow()` hung (PySpark 4.3, local
    mode) when a task of the query failed, where `collect()` raises the task's error."""
    from pyspark.sql.pandas.types import to_arrow_schema

    schema = to_arrow_schema(frame.schema)
    rows = [row.asDict(recursive=False) for row in frame.collect()]
    return pa.Table.from_pylist(rows, schema=schema)


def _uncommented(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
