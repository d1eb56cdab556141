"""The only code that runs SQL. Values go in as parameters, never formatted into the text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa


def query(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> pa.Table:
    """Run one SELECT with named parameters (`$year`) and return it as an Arrow table."""
    return con.sql(sql, params=dict(params or {})).to_arrow_table()


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
    con.execute(sql, dict(params or {}))


def values(
    con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The result as tuples, for small results read by importers (counts, bad rows)."""
    return con.execute(sql, dict(params or {})).fetchall()
