"""The published 5W snapshot: the warehouse table `five_w_line`, one partition per month.

The table holds the lines of the reports in counted states (LINE_SCHEMA, analytics/reach.py),
one row per population group × sex × age cell of new beneficiaries. The reports of one
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
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from trayecto.analytics.reach import LINE_SCHEMA, TABLE
from trayecto.domain.five_w import site_key
from trayecto.warehouse import Warehouse
from trayecto.warehouse.store import Manifest, PartitionUpdate, TableVersion, Update
from trayecto.web.response.models import ActivityLine, Submission

# A zero-row partition that every version keeps: with no report counted the table still
# exists, empty, with its schema (a table with no file cannot be read).
EMPTY_PARTITION = "empty"
PARTITIONED_BY = "month"


def partition_key(month: str) -> str:
    return f"month/{month}"


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


def snapshot_summary(warehouse: Warehouse, version: int) -> dict[str, int]:
    """What a manifest version of the snapshot holds: rows, reports and month partitions."""
    entry = warehouse.entry(TABLE, version)
    con = warehouse.connect(version)
    (reports,) = con.sql(f"select count(distinct submission_id) from {TABLE}").fetchall()[0]  # noqa: S608
    months = sum(1 for key in entry.partitions if key != EMPTY_PARTITION)
    return {"manifest_version": version, "rows": entry.rows, "reports": reports, "months": months}
