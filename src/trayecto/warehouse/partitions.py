"""Which partitions can take new rows as a file of their own instead of being rewritten.

A partitioned table's partition is a file written whole plus the small files appended to
it (`store.Partition`). New rows whose keys the partition does not hold yet (an ETC's new
sedes, a late export of the same year) change none of its rows: they go in as one more
file, and the publication costs what the new rows cost, not what the partition holds. Rows
that replace some the partition holds make it rewritten whole (its appended files folded
back in), as before. So that a partition read many times is not left in hundreds of
slivers, one with `MAX_APPENDED` appended files is rewritten on its next write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from trayecto.warehouse import engine
from trayecto.warehouse.store import TableVersion

# Appended files a partition may hold before its next write folds them back into one.
MAX_APPENDED = 8


def appendable(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    entry: TableVersion,
    relation: str,
    keys: Sequence[str],
    touched: Iterable[str],
) -> set[str]:
    """The partitions among `touched` that hold none of the keys the rows of `relation`
    (a relation of `con`) bring, and fewer than MAX_APPENDED appended files: those rows
    can be appended to them. A partition `entry` does not have yet is not among them (its
    first file is written whole). Reads only the key columns of the candidates' files."""
    candidates = [
        key
        for key in touched
        if key in entry.partitions and len(entry.partitions[key].appended) < MAX_APPENDED
    ]
    if not candidates:
        return set()
    partition_of = {
        str(root / file): key for key in candidates for file in entry.partitions[key].files
    }
    columns = ", ".join(keys)
    holding = engine.values(
        con,
        f"select distinct filename from read_parquet($files, filename = true, "  # noqa: S608
        f"hive_partitioning = false) semi join (select distinct {columns} from {relation}) "
        f"using ({columns})",
        {"files": list(partition_of)},
    )
    return set(candidates) - {partition_of[filename] for (filename,) in holding}
