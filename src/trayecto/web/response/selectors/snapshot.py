"""The published 5W snapshot as read: which states count, by which rule, and its rows.

`five_w_line` in the warehouse holds the lines of the reports in the counted states
(settings `TRAYECTO_COUNTED_STATUSES`, default approved and published), one row per
population group × sex × age cell of new beneficiaries, one partition per reporting month
(services/snapshot.py writes it). Reach figures of earlier states read the same rows from
the database (`lines_table`), so both sources have one shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db.models import Q

from trayecto import paths
from trayecto.analytics.reach import TABLE
from trayecto.domain.five_w import DEFAULT_COUNTED, DEFAULT_RULE, site_key
from trayecto.warehouse import Warehouse
from trayecto.warehouse.five_w_lines import LINE_SCHEMA
from trayecto.web.response.models import ActivityLine


def warehouse() -> Warehouse:
    """The process's warehouse the 5W pages read and publish to ($TRAYECTO_HOME's)."""
    return Warehouse.for_root(paths.warehouse_dir())


def counted_statuses() -> tuple[str, ...]:
    """The report states the published figures count (the snapshot holds their lines)."""
    configured = getattr(settings, "TRAYECTO_COUNTED_STATUSES", None)
    return tuple(configured or (s.value for s in DEFAULT_COUNTED))


def reach_rule() -> str:
    """The consolidation rule published figures use (domain/five_w.py, ConsolidationRule)."""
    return str(getattr(settings, "TRAYECTO_REACH_RULE", DEFAULT_RULE.value))


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
    where: Q | None = None,
) -> pa.Table:
    """The lines of reports in `statuses` (of `orgs` only, when given: a partner's own
    figures never load the others' lines; of the reports `submissions` only, when given; the
    lines `where` selects, when given: the ETPV support lines, a funded project's lines),
    one row per population group × sex × age cell of new beneficiaries, with the line's site
    (sede code or place name) for the site rule."""
    columns: dict[str, list[Any]] = {name: [] for name in LINE_SCHEMA.names}
    chosen = ActivityLine.objects.filter(submission__status__in=list(statuses))
    if orgs:
        chosen = chosen.filter(submission__organization__code__in=list(orgs))
    if submissions is not None:
        chosen = chosen.filter(submission_id__in=list(submissions))
    if where is not None:
        chosen = chosen.filter(where)
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


def snapshot_summary(warehouse: Warehouse, version: int) -> dict[str, int]:
    """What a manifest version of the snapshot holds: rows, reports and month partitions."""
    entry = warehouse.entry(TABLE, version)
    con = warehouse.connect(version)
    (reports,) = con.sql(f"select count(distinct submission_id) from {TABLE}").fetchall()[0]  # noqa: S608
    months = sum(1 for key in entry.partitions if key != EMPTY_PARTITION)
    return {"manifest_version": version, "rows": entry.rows, "reports": reports, "months": months}
