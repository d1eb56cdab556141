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
partition. The files of the touched partitions are written by `school_partitions.py`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.domain.problems import ImportReport
from trayecto.importers.files import sha256_of
from trayecto.importers.school_partitions import (
    SUMMARY,
    SUMMARY_SQL,
    PartitionWriter,
    imports_in,
    typed_rows,
)
from trayecto.warehouse import Warehouse, engine
from trayecto.warehouse.store import (
    Changes,
    Manifest,
    PartitionUpdate,
    TableVersion,
    Update,
)

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
        # HMAC of the document number with the key of the sede's ETC (its pseudonymous list),
        # and that ETC's code (null when the municipality had no ETC at import)
        ("etc_student_id", pa.string()),
        ("pseudonym_etc", pa.string()),
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

PARTITIONED = {
    "sede": SEDE_SCHEMA,
    "sede_enrolment": SEDE_ENROLMENT_SCHEMA,
    "student_enrolment": STUDENT_ENROLMENT_SCHEMA,
}


def file_vintage(path: Path) -> str:
    """The content hash of a file: the same bytes are the same vintage (read in chunks)."""
    return sha256_of(path)[:16]


@dataclass(frozen=True)
class FirstLook:
    """A file's content hash, and whether the warehouse already holds it unchanged."""

    vintage: str  # "" when the file cannot be read: the loader's reader words why
    unchanged: bool


def first_look(path: Path, warehouse: Warehouse, names: list[str], *, dry_run: bool) -> FirstLook:
    """The first step of a loader of the partitioned school tables, before any parsing: hash
    the file and ask the manifest whether every row it brought is still there.

    An unchanged national file is then known in the time of its hash (0.8 s for 700 MB)
    instead of after the geography, the header and the column mapping are read (about 2 s);
    the loader reports it from the manifest alone. A dry run checks the rows again."""
    try:
        vintage = file_vintage(path)
    except OSError:
        return FirstLook("", unchanged=False)
    return FirstLook(
        vintage, unchanged=not dry_run and is_unchanged(warehouse.manifest(), names, vintage)
    )


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
        writer = PartitionWriter(incoming.con, warehouse.root, staging)
        for name, relation in incoming.relations.items():
            update, files = writer.merge(
                name, manifest.tables.get(name), relation, PARTITIONED[name], incoming.vintage
            )
            changes[name] = update
            if name == "sede_enrolment":
                touched = sorted([*update.files, *update.appended])
                entry = manifest.tables.get(name)
                # Every partition written holds only incoming rows (new, or appended to):
                # the summary is of those rows, not of the files read back.
                fresh = entry is None or (
                    bool(entry.partitions) and not set(update.files) & set(entry.partitions)
                )
                rows = typed_rows(relation, PARTITIONED[name]) if fresh else None
                changes[SUMMARY] = writer.summarise(files, touched, update.appended, rows)
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
    rows as before, in any order (FINGERPRINTS)."""
    for name, change in changes.items():
        if not isinstance(change, PartitionUpdate):
            continue
        if change.appended:
            return False  # rows of keys the partition did not hold
        entry = manifest.tables.get(name)
        if entry is None or not entry.partitions:
            return False
        if any(key not in entry.partitions or path is None for key, path in change.files.items()):
            return False
        new = {key: str(path) for key, path in change.files.items()}
        old = {key: str(root / entry.partitions[key].file) for key in change.files}
        if _fingerprints(con, new) != _fingerprints(con, old):
            return False
    return True


def _fingerprints(
    con: duckdb.DuckDBPyConnection, files: Mapping[str, str]
) -> dict[str, tuple[int, int]]:
    """FINGERPRINTS of the files of one table (partition -> file), by partition, in one
    query; a file without rows has none (on either side alike)."""
    if not files:
        return {}
    key_of = {file: key for key, file in files.items()}
    return {
        key_of[file]: (rows, hashes)
        for file, rows, hashes in engine.values(con, FINGERPRINTS, {"files": list(files.values())})
    }


# The rows of each file as a multiset: how many, and the sum of their hashes (a 128-bit sum
# of 64-bit hashes: two different sets of rows match by chance once in about 2^64). The
# demo's synthetic data, made again by every `trayecto demo`, was compared row by row with
# `except all` both ways: for its 84 partition files, 3.1 million rows, 24–26 s of CPU
# against 1.6–1.7 s one file at a time; a second `trayecto demo` 40–41 s before, 25–27 s
# after. One query per table rather than per file: 0.5 s wall against 1.2 s (both cores
# read; docs/benchmarks.md).
FINGERPRINTS = (
    "select filename, count(*), sum(hash(*columns(* exclude (filename)))) "
    "from read_parquet($files, hive_partitioning = false, union_by_name = true, filename = true) "
    "group by filename"
)


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
        # No row, no import: the summary's columns still, from a query that matches none.
        none: dict[str, object] = {"source": None, "vintage": None, "is_synthetic": None}
        imports = imports_in(con, "from sede_enrolment", {}) or [none]
        return pa.concat_tables([engine.query_file(con, SUMMARY_SQL, one) for one in imports])
    finally:
        con.close()
