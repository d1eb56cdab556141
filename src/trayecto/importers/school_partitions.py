"""Writing the partitions of a school table that an import touches, and their summary.

A partition is one Parquet file per source × year × department of the sede code
(`school_tables.py` says why). `PartitionWriter` writes, in DuckDB, the new file of each
partition the incoming rows touch (its current rows minus the (source, year, sede) they
bring, plus them), counts its rows by vintage for the manifest, and summarises the
enrolment partitions into `sede_enrolment_grade`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from trayecto.importers.staging import literal
from trayecto.warehouse import engine
from trayecto.warehouse.partitions import appendable
from trayecto.warehouse.store import PartitionUpdate, TableVersion

SUMMARY_SQL = Path(__file__).resolve().parent / "sede_enrolment_grade.sql"
SUMMARY = "sede_enrolment_grade"
# The key of a row: the rows of one sede, source and year are imported and replaced together.
KEYS = ["source", "year", "sede_code"]
# The partition of a row (see the module docstring): its parts, and a number for it that the
# files are written by. A hash of the parts costs DuckDB far less than the key as text looked
# up in the list of keys (a national year's enrolment written in 1.3 s less CPU).
PARTITION_PARTS = "source::varchar, year::integer, substr(sede_code::varchar, 2, 2)"
PARTITION_NUMBER = f"hash({PARTITION_PARTS})"
# Rows DuckDB holds for one partition before it writes them out. Its default (524,288) holds
# up to 17 million rows for a national year's 33 departments, past the staging's memory
# limit; a lower one wrote the same files (one per partition, row groups up to 125,000 rows)
# in 28 % less CPU (4.3 s against 3.2 s for a national year's enrolment).
FLUSH_ROWS = 65_536
# Columns of every school table with few values (the import's source, the files' content
# hashes), written through an ENUM of the values the rows hold: the file is the same (a
# Parquet string column, read back as text), but DuckDB keeps a small number per row while
# it splits the rows by partition rather than copying the text, which cost a third of the
# CPU of writing the partitions (a million rows: 0.7 s against 1.06 s, docs/benchmarks.md).
FEW_VALUES = ("source", "vintage")


class PartitionWriter:
    """Writes the new files of the touched partitions of one table into a staging folder."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path, staging: Path) -> None:
        self.con, self.root, self.staging = con, root, staging
        self.types_created = 0  # ENUM types created in `con`, each named by its number
        staging.mkdir(parents=True, exist_ok=True)
        engine.execute(con, f"set partitioned_write_flush_threshold = {FLUSH_ROWS}")

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
        touched = self._touched(relation)
        old_files: list[str] = []
        appends: set[str] = set()  # partitions that hold none of its keys: a file of its own
        if entry is not None and not entry.partitions:
            # A table written before partitioning: split it once, all of it.
            old_files = [str(self.root / entry.file)]
            touched = sorted(
                {*touched, *self._touched("read_parquet($files)", {"files": old_files})}
            )
        elif entry is not None:
            appends = appendable(self.con, self.root, entry, relation, KEYS, touched)
            old_files = [
                str(self.root / file)
                for key in touched
                if key in entry.partitions and key not in appends
                for file in entry.partitions[key].files
            ]
        old = "read_parquet($files, union_by_name = true)"
        params: dict[str, object] = {"files": old_files} if old_files else {}
        enums = self._enum_types([relation, *([old] if old_files else [])], params)
        # The partition number of a row is taken before its columns are typed (of its text).
        columns = f"{typed_columns(schema, enums)}, {PARTITION_NUMBER} as part_no"
        new_rows = f"select {columns} from {relation}"  # noqa: S608
        if old_files:
            kept = (
                f"select {columns} from {old} "  # noqa: S608
                f"anti join (select distinct source, year, sede_code from {relation}) "
                "using (source, year, sede_code)"
            )
            rows = f"({kept}) union all ({new_rows})"
        else:
            rows = new_rows
        folder = self.staging / name
        engine.execute(
            self.con,
            f"copy ({rows}) to {literal(folder)} "
            "(format parquet, partition_by (part_no), compression zstd)",
            params,
        )
        numbers = self._numbers(touched)
        files = {key: self._one_file(folder, numbers[key]) for key in touched}
        update = PartitionUpdate(
            files={key: file for key, file in files.items() if key not in appends},
            meta=self._part_meta(entry, files, vintage, appends),
            appended={key: file for key, file in files.items() if key in appends and file},
        )
        return update, [str(f) for f in files.values() if f is not None]

    def _enum_types(self, relations: list[str], params: dict[str, object]) -> dict[str, str]:
        """For each of FEW_VALUES, an ENUM type of the values `relations` give it."""
        few = ", ".join(FEW_VALUES)
        rows = " union all ".join(
            f"select {few} from {relation}"  # noqa: S608
            for relation in relations
        )
        lists = ", ".join(f"list(distinct {c}) filter (where {c} is not null)" for c in FEW_VALUES)
        [found] = engine.values(self.con, f"select {lists} from ({rows})", params)  # noqa: S608
        return {
            column: self._enum(values or [])
            for column, values in zip(FEW_VALUES, found, strict=True)
        }

    def _enum(self, values: list[str]) -> str:
        """A new ENUM type of `values` in the connection; its name."""
        self.types_created += 1
        name = f"few_values_{self.types_created}"
        sql = f"create type {name} as enum (select unnest($values))"
        engine.execute(self.con, sql, {"values": sorted(set(values))})
        return name

    def _touched(self, relation: str, params: dict[str, object] | None = None) -> list[str]:
        """The keys of the partitions the rows of `relation` go in, in order."""
        parts = engine.values(
            self.con,
            f"select distinct {PARTITION_PARTS} from {relation}",  # noqa: S608
            params or {},
        )
        return sorted(f"{source}/{year}/{department}" for source, year, department in parts)

    def _numbers(self, keys: list[str]) -> dict[str, int]:
        """The number each partition's files are written by (PARTITION_NUMBER of its key)."""
        parts = [key.rsplit("/", 2) for key in keys]
        numbers = dict(
            engine.values(
                self.con,
                "select source || '/' || year || '/' || department, "
                "hash(source, year::integer, department) from (select unnest($sources) as "
                "source, unnest($years) as year, unnest($departments) as department)",
                {
                    "sources": [source for source, _, _ in parts],
                    "years": [int(year) for _, year, _ in parts],
                    "departments": [department for _, _, department in parts],
                },
            )
        )
        if len(set(numbers.values())) < len(keys):  # two partitions' files would mix
            raise RuntimeError(f"two of the partitions {keys} have the same hash")
        return numbers

    def _one_file(self, folder: Path, part_no: int) -> Path | None:
        written = sorted((folder / f"part_no={part_no}").glob("*.parquet"))
        if not written:
            return None  # every row of the partition is gone (cannot happen in a merge)
        if len(written) == 1:
            return written[0]
        merged = folder / f"part_no={part_no}.parquet"
        # DuckDB streams the pieces into one file within the connection's memory limit (a
        # partition of a national student year is a million rows: never whole in Arrow).
        engine.execute(
            self.con,
            "copy (from read_parquet($files, hive_partitioning = false)) "
            f"to {literal(merged)} (format parquet, compression zstd)",
            {"files": [str(f) for f in written]},
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
        self,
        enrolment_files: list[str],
        touched: list[str],
        appends: Mapping[str, Path],
        rows: str | None = None,
    ) -> PartitionUpdate:
        """`sede_enrolment_grade` of the partitions just written (see its SQL); the summary
        of rows appended to a partition is appended to its summary (a sede is summarised
        from its own rows only, and appended rows are of sedes the partition did not hold).

        `rows`: a query giving the very rows of the files written (when no row was kept
        from before), typed as the table: summarised from it, the files are not read back."""
        folder = self.staging / SUMMARY
        summary_sql = SUMMARY_SQL.read_text(encoding="utf-8")
        enrolment = rows or "from read_parquet($files, hive_partitioning = false)"
        read: dict[str, object] = {} if rows else {"files": enrolment_files}
        imports = imports_in(self.con, enrolment, read)
        enums = {
            column: self._enum([str(one[column]) for one in imports if one[column] is not None])
            for column in FEW_VALUES
        }
        typed = ", ".join(f"{column}::{enum} as {column}" for column, enum in enums.items())
        for one_import in imports:
            engine.execute(  # `append`: each import's files beside the others'
                self.con,
                f"copy (with sede_enrolment as ({enrolment}) "  # noqa: S608
                f"select * replace ({typed}), {PARTITION_NUMBER} as part_no "
                f"from ({summary_sql})) to {literal(folder)} "
                "(format parquet, partition_by (part_no), compression zstd, append)",
                {**read, **one_import},
            )
        numbers = self._numbers(touched)
        files = {key: self._one_file(folder, numbers[key]) for key in touched}
        return PartitionUpdate(
            files={key: file for key, file in files.items() if key not in appends},
            appended={key: file for key, file in files.items() if key in appends and file},
        )


def imports_in(
    con: duckdb.DuckDBPyConnection, enrolment: str, params: Mapping[str, object]
) -> list[dict[str, object]]:
    """The imports whose rows the query `enrolment` gives, as the parameters of the summary
    SQL, which summarises one import at a time (it says why)."""
    return [
        {"source": source, "vintage": vintage, "is_synthetic": is_synthetic}
        for source, vintage, is_synthetic in engine.values(
            con,
            f"select distinct source, vintage, is_synthetic from ({enrolment}) order by all",  # noqa: S608
            dict(params),
        )
    ]


def typed_rows(relation: str, schema: pa.Schema) -> str:
    """The rows of `relation` with the columns and types of `schema`, as they are written."""
    return f"select {typed_columns(schema)} from {relation}"  # noqa: S608


def typed_columns(schema: pa.Schema, types: Mapping[str, str] | None = None) -> str:
    """The columns of `schema` cast to their DuckDB types, or to the named type `types`
    gives a column (the ENUMs of FEW_VALUES)."""
    types = types or {}
    return ", ".join(
        f"{field.name}::{types.get(field.name) or _duckdb_type(field.type)} as {field.name}"
        for field in schema
    )


def _duckdb_type(arrow_type: pa.DataType) -> str:
    return {
        pa.int8(): "tinyint",
        pa.int16(): "smallint",
        pa.int32(): "integer",
        pa.int64(): "bigint",
        pa.string(): "varchar",
        pa.bool_(): "boolean",
    }[arrow_type]
