"""The published 5W snapshot: the warehouse table `five_w_line`, one partition per report.

The table holds the lines of the reports in counted states (LINE_SCHEMA, analytics/reach.py),
one row per population group × sex × age cell of new beneficiaries. Each report's rows are
one Parquet file (partition `submission/<id>`), so a state change rewrites only the reports it
touches: an approval, publication or reopening costs the same whether the warehouse holds a
thousand lines or millions (benchmarks/five_w_approval.py). Entering a counted state adds the
report's partition, leaving one drops it, and a change between two counted states (approved →
published) rewrites it, since the status is a column.

Everything is computed under the warehouse's publish lock from the manifest it replaces
(`Warehouse.publish_update`), and callers hold the database's snapshot lock
(snapshot_lock.py), so two state changes never overwrite each other. A full rebuild
(`snapshot_rebuild`) writes every partition again; it runs by itself when the table is
missing, was written before partitioning (one whole file) or holds other counted states than
the configured ones, and by hand for recovery.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trayecto.analytics.reach import LINE_SCHEMA, TABLE
from trayecto.domain.five_w import site_key
from trayecto.warehouse import Warehouse
from trayecto.warehouse.store import Manifest, PartitionUpdate, TableVersion, Update
from trayecto.web.response.models import ActivityLine, Submission

# A zero-row partition that every version keeps: with no report counted the table still
# exists, empty, with its schema (a table with no file cannot be read).
EMPTY_PARTITION = "empty"
PARTITIONED_BY = "submission"


def partition_key(submission_id: int) -> str:
    return f"submission/{submission_id}"


def lines_table(
    statuses: Iterable[str],
    orgs: Iterable[str] = (),
    submissions: Iterable[int] | None = None,
) -> pa.Table:
    """The lines of reports in `statuses` (of `orgs` only, when given: a partner's own
    figures never load the others' lines; of the reports `submissions` only, when given),
    one row per population group × sex × age cell of new beneficiaries, with the line's site
    (sede code or place name) for the site rule."""
    columns: dict[str, list[Any]] = {name: [] for name in LINE_SCHEMA.names}
    chosen = ActivityLine.objects.filter(submission__status__in=list(statuses))
    if orgs:
        chosen = chosen.filter(submission__organization__code__in=list(orgs))
    if submissions is not None:
        chosen = chosen.filter(submission_id__in=list(submissions))
    lines = chosen.values_list(
        "submission_id", "id", "submission__organization__code", "activity", "department",
        "municipality", "month", "group_cells", "submission__status", "sede", "place_name",
    )  # fmt: skip
    for sid, lid, org, activity, dept, muni, month, cells, status, sede, place in lines.iterator(
        chunk_size=5000
    ):
        site = site_key(sede, place)
        for key, new in cells.items():
            group, sex, age = key.split(":", 2)
            for name, value in (
                ("submission_id", sid), ("line_id", lid), ("org", org),
                ("activity", activity), ("department", dept), ("municipality", muni),
                ("population_group", group), ("sex", sex), ("age", age), ("month", month),
                ("new", new), ("status", status), ("site", site),
            ):  # fmt: skip
                columns[name].append(value)
    return pa.Table.from_pydict(columns, schema=LINE_SCHEMA)


def snapshot_meta(statuses: Iterable[str], rule: str) -> dict[str, Any]:
    return {
        "statuses": list(statuses),
        "rule": rule,
        "source": "5w",
        "partitioned_by": PARTITIONED_BY,
    }


def snapshot_update(
    *, warehouse: Warehouse, submissions: Iterable[int], statuses: Iterable[str], rule: str
) -> int:
    """Publish the partitions of `submissions` as the database now holds them (written for a
    report in a counted state, dropped otherwise); a full rebuild when the table cannot be
    updated in place. Returns the new manifest version. Call under snapshot_lock()."""
    counted, touched = tuple(statuses), sorted(set(submissions))
    return _publish(warehouse, counted, rule, lambda entry: touched if _in_place(entry) else None)


def snapshot_rebuild(*, warehouse: Warehouse, statuses: Iterable[str], rule: str) -> int:
    """Write every report's partition again from the database (recovery, or a table written
    before partitioning). Returns the new manifest version. Call under snapshot_lock()."""
    return _publish(warehouse, tuple(statuses), rule, lambda _entry: None)


def _in_place(entry: TableVersion | None) -> bool:
    return (
        entry is not None
        and entry.meta.get("partitioned_by") == PARTITIONED_BY
        and EMPTY_PARTITION in entry.partitions
    )


def _publish(
    warehouse: Warehouse,
    statuses: tuple[str, ...],
    rule: str,
    touched_in: Callable[[TableVersion | None], list[int] | None],  # None: every report
) -> int:
    staging = warehouse.root / ".staging" / f"{TABLE}-{uuid.uuid4().hex}"
    meta = snapshot_meta(statuses, rule)

    def compute(manifest: Manifest) -> Update:
        entry = manifest.tables.get(TABLE)
        same_states = entry is not None and entry.meta.get("statuses") == list(statuses)
        touched = touched_in(entry if same_states else None)
        files: dict[str, Path | None]
        if touched is None:  # full rebuild: every counted report, and drop every other
            counted = Submission.objects.filter(status__in=statuses).order_by("pk")
            files = _write_partitions(staging, statuses, counted.values_list("pk", flat=True))
            files[EMPTY_PARTITION] = _write(staging, EMPTY_PARTITION, LINE_SCHEMA.empty_table())
            kept = entry.partitions if entry is not None else {}
            files.update({key: None for key in kept if key not in files})
        else:
            files = _write_partitions(staging, statuses, touched)
        return Update({TABLE: PartitionUpdate(files=files)}, meta)

    try:
        version = warehouse.publish_update(compute)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    assert version is not None  # compute always returns an update
    return version


def _write_partitions(
    staging: Path, statuses: tuple[str, ...], submissions: Iterable[int]
) -> dict[str, Path | None]:
    """One file per report with rows in a counted state; None (drop) for the others. One
    query per report keeps memory bounded by the largest report, not the warehouse."""
    files: dict[str, Path | None] = {}
    for sid in submissions:
        rows = lines_table(statuses, submissions=[sid])
        files[partition_key(sid)] = _write(staging, str(sid), rows) if rows.num_rows else None
    return files


def _write(staging: Path, name: str, table: pa.Table) -> Path:
    staging.mkdir(parents=True, exist_ok=True)
    path = staging / f"{name}.parquet"
    pq.write_table(table.sort_by([("line_id", "ascending")]), path, compression="zstd")
    return path


def snapshot_summary(warehouse: Warehouse, version: int) -> dict[str, int]:
    """What a manifest version of the snapshot holds: rows and reports (partitions)."""
    entry = warehouse.entry(TABLE, version)
    reports = sum(1 for key in entry.partitions if key != EMPTY_PARTITION)
    return {"manifest_version": version, "rows": entry.rows, "reports": reports}
