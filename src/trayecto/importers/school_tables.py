"""The school-level tables every sede source writes, and how a new file is merged in.

A file replaces the rows of the same (source, year, sede) it brings and leaves the others;
the previous version of each table stays in the warehouse history (newer vintage keeps the
older one for reproducibility). The same file twice publishes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from trayecto.domain.problems import ImportReport
from trayecto.warehouse import Warehouse, engine

SUMMARY_SQL = Path(__file__).resolve().parent / "sede_enrolment_grade.sql"

SEDE_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("sede_code", pa.string()),
        ("sede_name", pa.string()),
        ("establishment_code", pa.string()),
        ("municipality_code", pa.string()),
        ("etc_code", pa.string()),
        ("zone", pa.string()),  # urbana | rural
        ("sector", pa.string()),  # oficial | no_oficial
        ("teachers", pa.int32()),
        ("enrolment", pa.int64()),
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("is_synthetic", pa.bool_()),
    ]
)

SEDE_ENROLMENT_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("sede_code", pa.string()),
        ("grade", pa.int8()),
        ("sex", pa.string()),
        ("age", pa.int8()),
        ("nationality", pa.string()),
        ("enrolled", pa.int32()),
        ("withdrawn", pa.int32()),
        ("passed", pa.int32()),
        ("failed", pa.int32()),
        ("repeating", pa.int32()),
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("is_synthetic", pa.bool_()),
    ]
)

KEYS = ["source", "year", "sede_code"]


def file_vintage(path: Path) -> str:
    """The content hash of a file: the same bytes are the same vintage."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def merge(warehouse: Warehouse, name: str, new: pa.Table, keys: list[str]) -> pa.Table:
    """Current rows of `name` minus those whose keys `new` brings, plus `new`."""
    incoming = pl.from_arrow(new)
    assert isinstance(incoming, pl.DataFrame)
    if warehouse.has(name):
        current = pl.from_arrow(warehouse.read(name))
        assert isinstance(current, pl.DataFrame)
        kept = current.join(incoming.select(keys).unique(), on=keys, how="anti")
        incoming = pl.concat([kept, incoming], how="vertical_relaxed")
    # A stable sort, so that the same file merged twice gives the very same table.
    return incoming.sort(keys, maintain_order=True).to_arrow().cast(new.schema)


def publish_merged(
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, list[str]]],
    meta: Mapping[str, str],
) -> int | None:
    """Merge each new table into its current version and publish all in one swap.

    Returns the new manifest version, or None when nothing would change (same file again).
    """
    merged = {name: merge(warehouse, name, table, keys) for name, (table, keys) in tables.items()}
    summary_missing = "sede_enrolment" in merged and not warehouse.has("sede_enrolment_grade")
    if not summary_missing and all(
        warehouse.has(n) and warehouse.read(n).equals(t) for n, t in merged.items()
    ):
        return None
    if "sede_enrolment" in merged:
        merged["sede_enrolment_grade"] = enrolment_by_grade(merged["sede_enrolment"])
    return warehouse.publish_many(merged, meta)


def finish_import(
    report: ImportReport,
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, list[str]]],
    meta: Mapping[str, str],
    *,
    dry_run: bool,
) -> ImportReport:
    """The last step of a sede loader: refuse a file that gave no usable row, else merge
    and publish it (not in a dry run), reported as every loader does (`unchanged`,
    `manifest_version`)."""
    report.refuse_if_empty(meta.get("file", report.source))
    if dry_run or report.refused:
        return report
    version = publish_merged(warehouse, tables, meta)
    return report.published(version, current_version=warehouse.manifest().version)


def enrolment_by_grade(enrolment: pa.Table) -> pa.Table:
    """The summary `sede_enrolment_grade` of a whole `sede_enrolment` table (see its SQL).

    Published in the same swap as the table it summarises, so the two never disagree.
    """
    con = duckdb.connect()
    try:
        con.register("sede_enrolment", enrolment)
        return engine.query_file(con, SUMMARY_SQL)
    finally:
        con.close()
