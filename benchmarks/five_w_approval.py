"""Benchmark: one 5W approval, publication and reopening with N counted lines in the database.

Before, every state change exported every counted line to one Parquet file (about 10 µs per
line); now it rewrites only the changed report's month (web/response/services/snapshot.py). Both run
in the same run, on the same fresh SQLite database: ROWS published lines (reports of
LINES_PER_REPORT lines, two cells each, spread over 132 months), then a 50-line report of the
first month (which holds its share of the other reports) is approved
the old way (the whole export, rolled back; best of 2) and the new way (approve, publish,
reopen, validate again; best of 3), each approval once with the snapshot refreshed in the
request (as before the worker took it) and once as now (the request queues the refresh; the
database backend's worker, `db_worker --batch`, then runs it, timed apart). Reach by
department is read from the one file of before and from the partitioned table (connect
included: each request opens its views). Sizes grow one database (ROWS ascending; `load s`
is the time to add the lines since the last size).
The incremental snapshot must equal a full rebuild at each size.
The old way exports every counted line at once; above `--before-max` lines (default 2,000,000)
it is not run (it would take minutes and gigabytes), and the row shows "—" for it.
Run: .venv/bin/python benchmarks/five_w_approval.py [ROWS ...] [--lines-per-report N]
     [--before-max N]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import throwaway

TARGET_SECONDS = 1.0
DATABASE_BACKEND = "django_tasks_db.backend.DatabaseBackend"


def best(repeats: int, step: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(
    rows: int, lines_per_report: int, grown: list[int], *, with_before: bool
) -> dict[str, float]:
    """Grow the database to `rows` published lines (`grown` holds the reports made so far:
    Django's database is set up once per process), then measure."""
    from django.core.management import call_command
    from django.db import transaction

    from trayecto import paths
    from trayecto.analytics.reach import TABLE, ReachFilters, reach
    from trayecto.domain.five_w import Status
    from trayecto.warehouse import Warehouse
    from trayecto.web.accounts.models import Organization
    from trayecto.web.response.models import Submission
    from trayecto.web.response.selectors.snapshot import (
        counted_statuses,
        lines_table,
        partition_key,
        reach_rule,
        snapshot_meta,
    )
    from trayecto.web.response.services import periods, workflow
    from trayecto.web.response.services.bulk import insert_lines
    from trayecto.web.response.services.snapshot import snapshot_publish, snapshot_refresh

    rng = random.Random(7)
    municipalities = [f"{d:02d}{m:03d}" for d in range(5, 99, 3) for m in range(1, 36)]
    months = [f"{y}-{m:02d}" for y in range(2020, 2031) for m in range(1, 13)]

    def report(code: str, month: str, count: int, status: str) -> Submission:
        organization, _ = Organization.objects.get_or_create(
            code=code, defaults={"name": code, "type": "ngo"}
        )
        submission = Submission.objects.create(
            organization=organization, period=periods.period_for_month(month), status=status
        )
        lines = []
        for i in range(count):
            municipality = rng.choice(municipalities)
            girls, boys = rng.randint(0, 40), rng.randint(0, 40)
            cells = {"f:6-11": girls, "m:6-11": boys}
            lines.append({
                "submission_id": submission.pk, "row": i + 3, "month": month,
                "department": municipality[:2], "municipality": municipality,
                "activity": f"EDU-{rng.randint(1, 11):02d}", "population_group": "transito",
                "beneficiary_type": "nuevo", "beneficiaries": girls + boys,
                "new_beneficiaries": girls + boys, "cells": cells,
                "group_cells": {f"transito:{k}": n for k, n in cells.items()},
            })  # fmt: skip
        insert_lines(lines)
        return submission

    start = time.perf_counter()
    with transaction.atomic():
        for i in range(grown[0], rows // lines_per_report):
            report(f"org{i // len(months)}", months[i % len(months)], lines_per_report, "published")
        grown[0] = max(grown[0], rows // lines_per_report)
        bench = Submission.objects.filter(organization__code="bench").first()
        bench = bench or report("bench", months[0], 50, Status.VALIDATED)
    loaded = time.perf_counter() - start
    warehouse = Warehouse(paths.warehouse_dir())
    old = Warehouse(Path(paths.home()) / "old-warehouse")
    rebuild = best(1, lambda: snapshot_publish(warehouse=warehouse))
    counted = counted_statuses()

    def approve_before() -> None:
        """The approval as it was: the transition, then every counted line to one file."""
        with transaction.atomic():
            workflow._approve_one(Submission.objects.get(pk=bench.pk), None)
            old.publish(TABLE, lines_table(counted), snapshot_meta(counted, reach_rule()))
            transaction.set_rollback(True)  # the report stays validated for the next round

    timings: dict[str, list[float]] = {
        "approve in request": [], "approve": [], "worker": [], "publish": [], "reopen": [],
    }  # fmt: skip

    def approve_in_request() -> None:
        """The approval before the worker took the refresh: the transition and the month's
        snapshot in the request."""
        with transaction.atomic():
            workflow._approve_one(Submission.objects.get(pk=bench.pk), None)
            snapshot_refresh(warehouse=warehouse, submissions=[bench.pk])

    def approve_now() -> None:
        workflow.submission_approve(
            submission=Submission.objects.get(pk=bench.pk), user=None, warehouse=warehouse
        )

    def cycle(in_request: bool) -> None:
        start = time.perf_counter()
        (approve_in_request if in_request else approve_now)()
        timings["approve in request" if in_request else "approve"].append(
            time.perf_counter() - start
        )
        if not in_request:  # the queued refresh, as the worker runs it
            start = time.perf_counter()
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
            timings["worker"].append(time.perf_counter() - start)
        start = time.perf_counter()
        workflow.submission_publish(
            submission=Submission.objects.get(pk=bench.pk), user=None, warehouse=warehouse
        )
        timings["publish"].append(time.perf_counter() - start)
        start = time.perf_counter()
        workflow.submission_reopen(
            submission=Submission.objects.get(pk=bench.pk), user=None, reason="r",
            warehouse=warehouse,
        )  # fmt: skip
        timings["reopen"].append(time.perf_counter() - start)
        workflow.submission_submit(submission=Submission.objects.get(pk=bench.pk), user=None)
        workflow.submission_validate(submission=Submission.objects.get(pk=bench.pk), user=None)

    before = best(2, approve_before) if with_before else float("nan")
    for _ in range(3):
        cycle(in_request=True)
        cycle(in_request=False)
    # The read side: reach over one file per month against the one file of before.
    filters = ReachFilters("2030-12", statuses=tuple(counted))
    read_before = (
        best(3, lambda: reach(old.connect(), filters, level="department"))
        if with_before
        else float("nan")
    )
    read_after = best(3, lambda: reach(warehouse.connect(), filters, level="department"))
    full = Warehouse(Path(paths.home()) / "full-warehouse")
    snapshot_publish(warehouse=full)
    query = f"select count(*), sum(new), sum(submission_id * line_id) from {TABLE}"  # noqa: S608
    if warehouse.connect().sql(query).fetchall() != full.connect().sql(query).fetchall():
        raise SystemExit("the incremental snapshot differs from a full rebuild")
    return {
        "load": loaded,
        "rebuild": rebuild,
        "before": before,
        **{name: min(values) for name, values in timings.items()},
        "read before": read_before,
        "read after": read_after,
        "partitions": float(len(warehouse.entry(TABLE).partitions)),
        "month rows": float(warehouse.entry(TABLE).partitions[partition_key(months[0])].rows),
        "rows": float(warehouse.entry(TABLE).rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[50_000, 1_000_000])
    parser.add_argument("--lines-per-report", type=int, default=1_000)
    parser.add_argument("--before-max", type=int, default=2_000_000)
    args = parser.parse_args()
    print("counted lines | months | rows of the report's month | load s | full rebuild s | "
          "approve before s | approve, refresh in the request s | approve now s | "
          "worker refresh s | publish s | reopen s | "
          "reach one file s | reach partitioned s")  # fmt: skip
    throwaway.home()
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.test import override_settings
    from django_tasks import task_backends

    results, grown = {}, [0]
    # The database backend whatever the settings (the test settings run tasks at once): the
    # approval queues its refresh and the worker runs it, as in production.
    with override_settings(TASKS={"default": {"BACKEND": DATABASE_BACKEND}}):
        task_backends._settings = None  # type: ignore[attr-defined]
        for rows in sorted(args.rows):
            results[rows] = measure(
                rows, args.lines_per_report, grown, with_before=rows <= args.before_max
            )
            print_row(rows, results[rows])
    report(results)


def print_row(rows: int, r: dict[str, float]) -> None:
    print(
        f"{rows:,} | {int(r['partitions']) - 1:,} | {int(r['month rows']):,} | "
        f"{r['load']:.1f} | {r['rebuild']:.2f} | "
        f"{seconds(r['before'])} | {r['approve in request']:.3f} | {r['approve']:.3f} | "
        f"{r['worker']:.3f} | {r['publish']:.3f} | {r['reopen']:.3f} | "
        f"{seconds(r['read before'])} | {r['read after']:.3f}",
        flush=True,
    )


def seconds(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def report(results: dict[int, dict[str, float]]) -> None:
    worst = max(r[name] for r in results.values() for name in ("approve", "publish", "reopen"))
    smallest, largest = results[min(results)], results[max(results)]
    measured = max(rows for rows, r in results.items() if not math.isnan(r["before"]))
    print(f"ratio approve before / after at {measured:,} lines: "
          f"{results[measured]['before'] / results[measured]['approve']:.0f}x")  # fmt: skip
    print(f"approve after, largest / smallest: {largest['approve'] / smallest['approve']:.2f}")
    print(f"approve now / with the refresh in the request at {max(results):,} lines: "
          f"{largest['approve'] / largest['approve in request']:.2f}")  # fmt: skip
    verdict = "met" if worst < TARGET_SECONDS else "NOT met"
    print(f"target every step under {TARGET_SECONDS:.0f} s: {verdict} (worst {worst:.3f} s)")


if __name__ == "__main__":
    main()
