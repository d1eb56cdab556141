"""The school-level tables every sede source writes, partitioned, and how new rows go in.

`sede`, `sede_enrolment` and its summary `sede_enrolment_grade` are partitioned tables: one
Parquet file per source × year × department of the sede code (digits 2–3, the department
the code was issued in), e.g. `sede-matricula/2025/54`. The department is read from the code
rather than taken from the ETC because a sede's code never changes while its ETC can (and is
unknown until `etc` is loaded): the rows of one sede are always in one partition, so
replacing them never has to look anywhere else, and a department is about the size of its
ETCs' exports.

A file replaces the rows of the same (source, year, sede) it brings and leaves the others;
only the partitions it touches are rewritten and summarised, so an import costs what the
file holds, not what the warehouse holds. The previous files stay in the warehouse history.
The same file twice publishes nothing: each partition records, for every file imported into
it, how many rows it brought (`imports`) and how many rows of each vintage it holds now
(`vintages`); the vintage of a file's rows is its content hash, so a file is unchanged when
every partition it went into still holds all its rows, known from the manifest alone.

Every publication is computed from the manifest it replaces, under the warehouse's publish
lock (`Warehouse.publish_update`): two imports at once never lose each other's rows.
The student-level table of the trajectory (`student_enrolment`, 10 million rows a year)
reuses this mechanism: `Incoming` relations in a DuckDB connection, merged partition by
partition.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.domain.problems import ImportReport
from trayecto.importers.files import sha256_of
from trayecto.warehouse import Warehouse, engine
from trayecto.warehouse.partitions import appendable
from trayecto.warehouse.store import (
    Changes,
    Manifest,
    PartitionUpdate,
    TableVersion,
    Update,
)

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

# One row per student and row of a SIMAT student file, pseudonymised (importers/simat_students.py):
# no name, document number or full birth date, only the two keyed hashes.
STUDENT_ENROLMENT_SCHEMA = pa.schema(
    [
        ("year", pa.int16()),
        ("sede_code", pa.string()),
        ("row_order", pa.int64()),  # the row's place in its file (the last row rule)
        ("student_id", pa.string()),  # HMAC of the document number
        ("link_id", pa.string()),  # HMAC of names + birth date + sex
        ("document_type", pa.string()),
        ("birth_year", pa.int16()),
        ("birth_month", pa.int8()),
        ("sex", pa.string()),
        ("nationality", pa.string()),  # COL | VEN | OTH
        ("grade", pa.int8()),
        ("status", pa.string()),  # matriculado | retirado | trasladado
        ("result", pa.string()),  # aprobado | reprobado | null
        ("zone", pa.string()),
        ("sector", pa.string()),
        ("shift", pa.string()),
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("is_synthetic", pa.bool_()),
    ]
)

KEYS = ["source", "year", "sede_code"]
PARTITIONED = {
    "sede": SEDE_SCHEMA,
    "sede_enrolment": SEDE_ENROLMENT_SCHEMA,
    "student_enrolment": STUDENT_ENROLMENT_SCHEMA,
}
SUMMARY = "sede_enrolment_grade"
# The partition of a row (see the module docstring); `partition_key` is the same in Python.
PARTITION_SQL = "source || '/' || year::varchar || '/' || substr(sede_code, 2, 2)"


def partition_key(source: str, year: int, sede_code: str) -> str:
    return f"{source}/{year}/{sede_code[1:3]}"


def file_vintage(path: Path) -> str:
    """The content hash of a file: the same bytes are the same vintage (read in chunks)."""
    return sha256_of(path)[:16]


@dataclass(frozen=True)
class Incoming:
    """New rows of partitioned school tables: relations (views or tables) of `con`.

    `vintage` is the content hash of the file they come from, when every row carries it
    (then an unchanged file is recognised from the manifest alone); None otherwise.
    """

    con: duckdb.DuckDBPyConnection
    relations: Mapping[str, str]  # table name -> relation name in `con`
    vintage: str | None


def is_unchanged(manifest: Manifest, names: list[str], vintage: str) -> bool:
    """Every partition this vintage went into still holds all the rows it brought."""
    for name in [*names, *([SUMMARY] if "sede_enrolment" in names else [])]:
        entry = manifest.tables.get(name)
        if entry is None or not entry.partitions:
            return False
        if name == SUMMARY:
            continue
        brought = [
            (part.meta.get("imports", {})[vintage], part.meta.get("vintages", {}).get(vintage, 0))
            for part in entry.partitions.values()
            if vintage in part.meta.get("imports", {})
        ]
        if not brought or any(before != now for before, now in brought):
            return False
    return True


def merge(current: pa.Table | None, new: pa.Table, keys: list[str]) -> pa.Table:
    """Rows of `current` minus those whose keys `new` brings, plus `new` (small tables)."""
    incoming = pl.from_arrow(new)
    assert isinstance(incoming, pl.DataFrame)
    if current is not None:
        existing = pl.from_arrow(current)
        assert isinstance(existing, pl.DataFrame)
        kept = existing.join(incoming.select(keys).unique(), on=keys, how="anti")
        incoming = pl.concat([kept, incoming], how="vertical_relaxed")
    # A stable sort, so that the same file merged twice gives the very same table.
    return incoming.sort(keys, maintain_order=True).to_arrow().cast(new.schema)


class _PartitionWriter:
    """Writes the new files of the touched partitions of one table into a staging folder."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path, staging: Path) -> None:
        self.con, self.root, self.staging = con, root, staging
        staging.mkdir(parents=True, exist_ok=True)

    def merge(
        self,
        name: str,
        entry: TableVersion | None,
        relation: str,
        schema: pa.Schema,
        vintage: str | None,
    ) -> tuple[PartitionUpdate, list[str]]:
        """New files for the partitions `relation` touches: their current rows minus the
        (source, year, sede) it brings, plus its rows. Returns the update and its files."""
        touched = sorted(
            r[0]
            for r in engine.values(self.con, f"select distinct {PARTITION_SQL} from {relation}")  # noqa: S608
        )
        old_files: list[str] = []
        appends: set[str] = set()  # partitions that hold none of its keys: a file of its own
        if entry is not None and not entry.partitions:
            # A table written before partitioning: split it once, all of it.
            old_files = [str(self.root / entry.file)]
            touched = sorted(
                {*touched}
                | {
                    r[0]
                    for r in engine.values(
                        self.con,
                        f"select distinct {PARTITION_SQL} from read_parquet($files)",  # noqa: S608
                        {"files": old_files},
                    )
                }
            )
        elif entry is not None:
            appends = appendable(self.con, self.root, entry, relation, KEYS, touched)
            old_files = [
                str(self.root / file)
                for key in touched
                if key in entry.partitions and key not in appends
                for file in entry.partitions[key].files
            ]
        columns = ", ".join(
            f"{field.name}::{_duckdb_type(field.type)} as {field.name}" for field in schema
        )
        new_rows = f"select {columns} from {relation}"  # noqa: S608
        if old_files:
            kept = (
                f"select {columns} from read_parquet($files, union_by_name = true) "  # noqa: S608
                f"anti join (select distinct source, year, sede_code from {relation}) "
                "using (source, year, sede_code)"
            )
            rows = f"({kept}) union all ({new_rows})"
        else:
            rows = new_rows
        folder = self.staging / name
        engine.execute(
            self.con,
            f"copy (select *, list_position($parts, {PARTITION_SQL}) as part_no from ({rows})) "  # noqa: S608
            f"to {_literal(folder)} (format parquet, partition_by (part_no), compression zstd)",
            {"files": old_files, "parts": touched} if old_files else {"parts": touched},
        )
        files = {key: self._one_file(folder, i) for i, key in enumerate(touched, start=1)}
        update = PartitionUpdate(
            files={key: file for key, file in files.items() if key not in appends},
            meta=self._part_meta(entry, files, vintage, appends),
            appended={key: file for key, file in files.items() if key in appends and file},
        )
        return update, [str(f) for f in files.values() if f is not None]

    def _one_file(self, folder: Path, part_no: int) -> Path | None:
        written = sorted((folder / f"part_no={part_no}").glob("*.parquet"))
        if not written:
            return None  # every row of the partition is gone (cannot happen in a merge)
        if len(written) == 1:
            return written[0]
        merged = folder / f"part_no={part_no}.parquet"
        pq.write_table(
            pa.concat_tables(pq.read_table(f) for f in written), merged, compression="zstd"
        )
        return merged

    def _part_meta(
        self,
        entry: TableVersion | None,
        files: Mapping[str, Path | None],
        vintage: str | None,
        appends: set[str],
    ) -> dict[str, dict[str, Any]]:
        """Per partition: rows by vintage now, and rows each imported file brought (this
        file's rows in it are all the rows of its vintage: a file's rows are replaced whole).
        A partition appended to adds the new file's counts to those it had."""
        written = {str(path): key for key, path in files.items() if path is not None}
        counts: dict[str, dict[str, int]] = {key: {} for key in written.values()}
        for filename, row_vintage, rows in engine.values(
            self.con,
            "select filename, vintage, count(*) "
            "from read_parquet($files, hive_partitioning = false, filename = true) group by all",
            {"files": list(written)},
        ):
            counts[written[filename]][row_vintage] = rows
        meta: dict[str, dict[str, Any]] = {}
        for key, vintages in counts.items():
            previous = entry.partitions.get(key) if entry is not None else None
            imports = dict(previous.meta.get("imports", {})) if previous is not None else {}
            if key in appends and previous is not None:
                before = previous.meta.get("vintages", {})
                vintages = {v: before.get(v, 0) + vintages.get(v, 0) for v in {*before, *vintages}}
            if vintage is not None and vintages.get(vintage):
                imports[vintage] = vintages[vintage]
            meta[key] = {"vintages": vintages, "imports": imports}
        return meta

    def summarise(
        self, enrolment_files: list[str], touched: list[str], appends: Mapping[str, Path]
    ) -> PartitionUpdate:
        """`sede_enrolment_grade` of the partitions just written (see its SQL); the summary
        of rows appended to a partition is appended to its summary (a sede is summarised
        from its own rows only, and appended rows are of sedes the partition did not hold)."""
        folder = self.staging / SUMMARY
        summary_sql = SUMMARY_SQL.read_text(encoding="utf-8")
        engine.execute(
            self.con,
            "copy (with sede_enrolment as (from read_parquet($files, hive_partitioning = false)) "  # noqa: S608
            f"select *, list_position($parts, {PARTITION_SQL}) as part_no "
            f"from ({summary_sql})) to {_literal(folder)} "
            "(format parquet, partition_by (part_no), compression zstd)",
            {"files": enrolment_files, "parts": touched},
        )
        files = {key: self._one_file(folder, i) for i, key in enumerate(touched, start=1)}
        return PartitionUpdate(
            files={key: file for key, file in files.items() if key not in appends},
            appended={key: file for key, file in files.items() if key in appends and file},
        )


def _literal(path: Path) -> str:
    """A path as a SQL string literal (COPY … TO takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def _duckdb_type(arrow_type: pa.DataType) -> str:
    return {
        pa.int8(): "tinyint",
        pa.int16(): "smallint",
        pa.int32(): "integer",
        pa.int64(): "bigint",
        pa.string(): "varchar",
        pa.bool_(): "boolean",
    }[arrow_type]


def publish_school_tables(
    warehouse: Warehouse,
    incoming: Incoming | None,
    whole: Mapping[str, tuple[pa.Table, list[str]]],
    meta: Mapping[str, str],
) -> int | None:
    """Merge new rows into their tables and publish all in one swap, computed under the
    publish lock from the manifest it replaces. `incoming` holds the partitioned tables,
    `whole` the small tables merged whole (`affected_school`, `sede_summary_municipality`).

    Returns the new manifest version, or None when nothing would change (same file again).
    """
    staging = warehouse.root / ".staging" / uuid.uuid4().hex
    try:
        build = _changes(warehouse, incoming, whole, staging)
        return warehouse.publish_update(
            lambda manifest: None if (changes := build(manifest)) is None else Update(changes, meta)
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _changes(
    warehouse: Warehouse,
    incoming: Incoming | None,
    whole: Mapping[str, tuple[pa.Table, list[str]]],
    staging: Path,
) -> Callable[[Manifest], Changes | None]:
    def build(manifest: Manifest) -> Changes | None:
        merged_whole = {
            name: merge(_read(warehouse, manifest.tables.get(name)), table, keys)
            for name, (table, keys) in whole.items()
        }
        same_whole = all(
            (current := _read(warehouse, manifest.tables.get(name))) is not None
            and current.equals(table)
            for name, table in merged_whole.items()
        )
        names = list(incoming.relations) if incoming is not None else []
        if same_whole and (
            incoming is None
            or (incoming.vintage is not None and is_unchanged(manifest, names, incoming.vintage))
        ):
            return None
        changes: dict[str, pa.Table | PartitionUpdate] = dict(merged_whole)
        if incoming is None:
            return changes
        writer = _PartitionWriter(incoming.con, warehouse.root, staging)
        for name, relation in incoming.relations.items():
            update, files = writer.merge(
                name, manifest.tables.get(name), relation, PARTITIONED[name], incoming.vintage
            )
            changes[name] = update
            if name == "sede_enrolment":
                touched = sorted([*update.files, *update.appended])
                changes[SUMMARY] = writer.summarise(files, touched, update.appended)
        if (
            incoming.vintage is None
            and same_whole
            and _same_partitions(incoming.con, warehouse.root, manifest, changes)
        ):
            return None
        return changes

    return build


def _read(warehouse: Warehouse, entry: TableVersion | None) -> pa.Table | None:
    if entry is None:
        return None
    return pa.concat_tables(
        [pq.read_table(warehouse.root / f) for f in entry.files], promote_options="default"
    )


def _same_partitions(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    manifest: Manifest,
    changes: Mapping[str, pa.Table | PartitionUpdate],
) -> bool:
    """For rows with no file hash (synthetic data): the rewritten partitions hold the same
    rows as before, in any order."""
    for name, change in changes.items():
        if not isinstance(change, PartitionUpdate):
            continue
        if change.appended:
            return False  # rows of keys the partition did not hold
        entry = manifest.tables.get(name)
        if entry is None or not entry.partitions:
            return False
        for key, path in change.files.items():
            if key not in entry.partitions or path is None:
                return False
            old = str(root / entry.partitions[key].file)
            [(different,)] = engine.values(
                con,
                "with new as (from read_parquet($new, hive_partitioning = false)), "
                "old as (from read_parquet($old)) "
                "select count(*) from ((from new except all from old) "
                "union all (from old except all from new))",
                {"new": str(path), "old": old},
            )
            if different:
                return False
    return True


def finish_import(
    report: ImportReport,
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, list[str]]],
    meta: Mapping[str, str],
    *,
    dry_run: bool,
) -> ImportReport:
    """The last step of a sede loader that built Arrow tables: refuse a file that gave no
    usable row, else merge and publish it (not in a dry run), reported as every loader does
    (`unchanged`, `manifest_version`). A loader of a file (`meta` names it) sets each row's
    vintage to the file's content hash (`file_vintage`)."""
    report.refuse_if_empty(meta.get("file", report.source))
    if dry_run or report.refused:
        return report
    version = publish_arrow(warehouse, tables, meta)
    return report.published(version, current_version=warehouse.manifest().version)


def publish_arrow(
    warehouse: Warehouse,
    tables: Mapping[str, tuple[pa.Table, list[str]]],
    meta: Mapping[str, str],
) -> int | None:
    """`publish_school_tables` for rows built in Python (small files, synthetic data)."""
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout (--json)
    try:
        relations: dict[str, str] = {}
        for name, (table, _keys) in tables.items():
            if name in PARTITIONED:
                con.register(f"incoming_{name}", table)
                relations[name] = f"incoming_{name}"
        whole = {name: spec for name, spec in tables.items() if name not in PARTITIONED}
        vintage = meta.get("vintage") if "file" in meta else None
        incoming = Incoming(con, relations, vintage) if relations else None
        return publish_school_tables(warehouse, incoming, whole, meta)
    finally:
        con.close()


def enrolment_by_grade(enrolment: pa.Table) -> pa.Table:
    """The summary `sede_enrolment_grade` of a whole `sede_enrolment` table (see its SQL)."""
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout (--json)
    try:
        con.register("sede_enrolment", enrolment)
        return engine.query_file(con, SUMMARY_SQL)
    finally:
        con.close()
