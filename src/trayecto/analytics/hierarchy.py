"""Where each unit sits in the hierarchy the aggregation climbs (analytics/aggregation.py):
each sede's municipality and ETC, each municipality's ETC by year, each new municipality's
parent. Read from the shared geography and the sede tables, kept per manifest version."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import duckdb
import pyarrow as pa

from trayecto.analytics import areas
from trayecto.warehouse import engine, store
from trayecto.warehouse.engine import Connection

T = TypeVar("T")

EMPTY_ETC_MAP = pa.table(
    {
        "municipality_code": pa.array([], pa.string()),
        "year": pa.array([], pa.int16()),
        "etc_code": pa.array([], pa.string()),
    }
)

EMPTY_SEDE_MAP = pa.table(
    {
        "sede_code": pa.array([], pa.string()),
        "municipality_code": pa.array([], pa.string()),
        "etc_code": pa.array([], pa.string()),
    }
)

EMPTY_PARENT_MAP = pa.table(
    {"municipality_code": pa.array([], pa.string()), "parent_code": pa.array([], pa.string())}
)


def kept(con: Connection, name: str, build: Callable[[], T]) -> T:
    """`build()` once per manifest version when `con` is a warehouse's reading connection
    (in that warehouse's memo); computed afresh for any other connection."""
    memo = store.memo_of(con)
    return memo(("aggregation", name), build) if memo is not None else build()


def sede_map(con: Connection) -> pa.Table:
    """The municipality and ETC of each sede as its source states them (latest year that
    states each), when known.

    Kept per manifest version, since every aggregation of a school-level indicator needs it.
    """
    if "sede" not in areas.tables(con):
        return EMPTY_SEDE_MAP
    return kept(
        con,
        "sede_map",
        lambda: engine.query(
            con,
            "select sede_code, "
            "arg_max(municipality_code, year) filter (where municipality_code is not null) "
            "as municipality_code, "
            "arg_max(etc_code, year) filter (where etc_code is not null) as etc_code "
            "from sede group by sede_code",
        ),
    )


def has_etc(con: Connection) -> bool:
    """Whether the ETC of municipalities is known (municipality_etc imported)."""
    return kept(con, "has_etc", lambda: "municipality_etc" in areas.tables(con))


def cached_etc_map(con: Connection) -> pa.Table:
    """The ETC map of this reading connection's manifest version."""
    return kept(con, "etc_map", lambda: etc_map(con))


def cached_parent_map(con: Connection) -> pa.Table:
    """The parent map of this reading connection's manifest version."""
    return kept(con, "parent_map", lambda: parent_map(con))


def parent_map(con: Connection) -> pa.Table:
    """The parent of each new municipality (27493 -> 27615), from the shared geography."""
    if "municipality" not in areas.tables(con):
        return EMPTY_PARENT_MAP
    return engine.query(
        con,
        "select code::varchar as municipality_code, parent_code::varchar as parent_code "
        "from municipality where parent_code is not null",
    )


class MissingGeography(LookupError):
    """ETC aggregation needs the shared table municipality_etc (import `divipola`)."""


def etc_map(con: Connection) -> pa.Table:
    """Which ETC runs each municipality's schools, by year (shared geography table)."""
    try:
        return engine.query(
            con,
            "select municipality_code::varchar as municipality_code, year::smallint as year, "
            "etc_code::varchar as etc_code from municipality_etc",
        )
    except duckdb.CatalogException as exc:
        raise MissingGeography(
            "ETC figures need the table municipality_etc; import the geography (divipola) first"
        ) from exc
