"""Writes of the published 5W snapshot: the warehouse table `five_w_line`, one partition per
month (its rows and layout: selectors/snapshot.py).

The table holds the lines of the reports in counted states (warehouse/five_w_lines.py), one
row per population group × sex × age cell of new beneficiaries. The reports of one
reporting period are one Parquet file (partition `month/YYYY-MM`), so a state change rewrites
only the months of the reports it touches: that month's other rows are read back from its
file, the moved reports' rows from the database. An approval, publication or reopening costs
the same whether the warehouse holds one year or ten (benchmarks/five_w_approval.py); a file
per report instead would make every reach read open thousands of files (docs/benchmarks.md).
Entering a counted state adds the report's rows, leaving one drops them, and a change between
two counted states (approved → published) rewrites them, since the status is a column.

Everything is computed under the warehouse's publish lock from the manifest it replaces
(`Warehouse.publish_update`), and callers hold the database's snapshot lock
(snapshot_lock.py), so two state changes never overwrite each other. A full rebuild
(`snapshot_rebuild`) writes every partition again; it runs by itself when the table is
missing, was written before partitioning (one whole file) or holds other counted states than
the configured ones, and by hand for recovery (`trayecto snapshot`).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from trayecto.analytics.reach import TABLE
from trayecto.warehouse import Warehouse
from trayecto.warehouse.five_w_lines import LINE_SCHEMA
from trayecto.warehouse.store import Manifest, PartitionUpdate, TableVersion, Update
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.snapshot import (
    EMPTY_PARTITION,
    PARTITIONED_BY,
    counted_statuses,
    lines_table,
    partition_key,
    reach_rule,
    snapshot_meta,
)
from trayecto.web.response.services.snapshot_lock import one_rebuild_at_a_time


@one_rebuild_at_a_time  # concurrent approvals: none lost (snapshot_lock.py)
def snapshot_refresh(*, warehouse: Warehouse, submissions: Iterable[int]) -> int:
    """Publish the snapshot partitions of `submissions` after their state changed; the cost
    follows their lines, not the warehouse's (snapshot.py). Returns the manifest version."""
    return snapshot_update(
        warehouse=warehouse,
        submissions=submissions,
        statuses=counted_statuses(),
        rule=reach_rule(),
    )


@one_rebuild_at_a_time
def snapshot_publish(*, warehouse: Warehouse) -> int:
    """Rebuild the whole snapshot `five_w_line` from the database (recovery)."""
    return snapshot_rebuild(warehouse=warehouse, statuses=counted_statuses(), rule=reach_rule())


def snapshot_update(
    *, warehouse: Warehouse, submissions: Iterable[int], statuses: Iterable[str], rule: str
) -> int:
    """Publish the months of `submissions` with those reports as the database now holds them
    (their rows written when in a counted state, dropped otherwise); a full rebuild when the
    table cannot be updated in place. Returns the new manifest version. Call under
    snapshot_lock()."""
    touched = sorted(set(submissions))
    return _publish(warehouse, tuple(statuses), rule, touched)


def snapshot_rebuild(*, warehouse: Warehouse, statuses: Iterable[str], rule: str) -> int:
    """Write every month's partition again from the database (recovery, or a table written
    before partitioning). Returns the new manifest version. Call under snapshot_lock()."""
    return _publish(warehouse, tuple(statuses), rule, None)


def _in_place(entry: TableVersion | None, statuses: tuple[str, ...]) -> bool:
    return (
        entry is not None
        and entry.meta.get("partitioned_by") == PARTITIONED_BY
        and entry.meta.get("statuses") == list(statuses)
        and EMPTY_PARTITION in entry.partitions
    )


def _months(submissions: Iterable[int] | None, statuses: tuple[str, ...]) -> dict[str, list[int]]:
    """Reports by period month: `submissions`, or (None) every report in a counted state."""
    chosen = (
        Submission.objects.filter(status__in=statuses)
        if submissions is None
        else Submission.objects.filter(pk__in=list(submissions))
    )
    months: dict[str, list[int]] = {}
    for pk, month in chosen.order_by("pk").values_list("pk", "period__month"):
        months.setdefault(month, []).append(pk)
    return months


def _publish(
    warehouse: Warehouse,
    statuses: tuple[str, ...],
    rule: str,
    touched: list[int] | None,  # None: every report (full rebuild)
) -> int:
    staging = warehouse.root / ".staging" / f"{TABLE}-{uuid.uuid4().hex}"
    meta = snapshot_meta(statuses, rule)

    def compute(manifest: Manifest) -> Update:
        entry = manifest.tables.get(TABLE)
        files: dict[str, Path | None] = {}
        if touched is not None and entry is not None and _in_place(entry, statuses):
            for month, moved in _months(touched, statuses).items():
                kept = entry.partitions.get(partition_key(month))
                old = pq.read_table(warehouse.root / kept.file) if kept is not None else None
                files[partition_key(month)] = _write_month(staging, month, old, moved, statuses)
        else:  # full rebuild: every month with a counted report, and drop every other
            for month, counted in _months(None, statuses).items():
                files[partition_key(month)] = _write_month(staging, month, None, counted, statuses)
            files[EMPTY_PARTITION] = _write(staging, EMPTY_PARTITION, LINE_SCHEMA.empty_table())
            previous = entry.partitions if entry is not None else {}
            files.update({key: None for key in previous if key not in files})
        return Update({TABLE: PartitionUpdate(files=files)}, meta)

    try:
        version = warehouse.publish_update(compute)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    assert version is not None  # compute always returns an update
    return version


def _write_month(
    staging: Path,
    month: str,
    old: pa.Table | None,
    reports: list[int],
    statuses: tuple[str, ...],
) -> Path | None:
    """The month's file: its rows of other reports (`old` without `reports`) and the rows of
    `reports` in a counted state now; None (drop) when no row is left."""
    rows = lines_table(statuses, submissions=reports)
    if old is not None:
        others = pc.invert(pc.is_in(old.column("submission_id"), pa.array(reports, pa.int64())))
        rows = pa.concat_tables([old.filter(others).cast(LINE_SCHEMA), rows])
    return _write(staging, month, rows) if rows.num_rows else None


def _write(staging: Path, name: str, table: pa.Table) -> Path:
    staging.mkdir(parents=True, exist_ok=True)
    path = staging / f"{name}.parquet"
    order = [("submission_id", "ascending"), ("line_id", "ascending")]
    pq.write_table(table.sort_by(order), path, compression="zstd")
    return path
