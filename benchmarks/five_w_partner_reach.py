"""Benchmark: a partner's own unpublished figures with 200,000 lines of another organisation.

The reach page shows a partner its submitted (unpublished) figures, read from the operational
database. Before, every submitted line of every organisation was loaded per request; now only
the partner's own are. Both are timed in the same run, on the same fresh SQLite database
(1,000 lines of the partner, ROWS lines of another organisation), and must give the same
figure. Run: .venv/bin/python benchmarks/five_w_partner_reach.py [ROWS]
"""

from __future__ import annotations

import random
import sys
import time

import throwaway


def main(rows: int = 200_000) -> None:
    throwaway.home()
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    import duckdb
    from django.db import transaction

    from trayecto.analytics.reach import TABLE, ReachFilters, reach
    from trayecto.web.accounts.models import Organization
    from trayecto.web.response.models import Submission
    from trayecto.web.response.selectors.snapshot import lines_table
    from trayecto.web.response.services.bulk import insert_lines
    from trayecto.web.response.services.periods import period_for_month

    rng = random.Random(7)
    period = period_for_month("2026-03")
    submissions = {}
    for code in ("nrc", "otra"):
        organization = Organization.objects.create(code=code, name=code, type="ngo")
        submissions[code] = Submission.objects.create(
            organization=organization, period=period, status="submitted"
        )
    municipalities = [f"{d:02d}{m:03d}" for d in range(5, 99, 3) for m in range(1, 36)]
    with transaction.atomic():
        for code, count in (("nrc", 1_000), ("otra", rows)):
            lines = []
            for i in range(count):
                municipality = rng.choice(municipalities)
                new = rng.randint(1, 80)
                lines.append({
                    "submission_id": submissions[code].pk, "row": i + 3, "month": "2026-03",
                    "department": municipality[:2], "municipality": municipality,
                    "activity": f"EDU-{rng.randint(1, 11):02d}", "population_group": "transito",
                    "beneficiary_type": "nuevo", "beneficiaries": new, "new_beneficiaries": new,
                    "cells": {"f:6-11": new}, "group_cells": {"transito:f:6-11": new},
                })  # fmt: skip
            insert_lines(lines)
    own = ReachFilters("2026-03", statuses=("submitted",), orgs=("nrc",))

    def figure(table: object) -> int:
        con = duckdb.connect()
        con.register(TABLE, table)
        return int(sum(reach(con, own, level="nation").column("value").to_pylist()))

    timings: dict[str, list[float]] = {"every organisation": [], "own lines only": []}
    figures = {}
    for _ in range(3):
        for name, orgs in (("every organisation", ()), ("own lines only", ("nrc",))):
            start = time.perf_counter()
            figures[name] = figure(lines_table(["submitted"], orgs=orgs))
            timings[name].append(time.perf_counter() - start)
    print(f"lines: 1,000 of the partner, {rows:,} of another organisation (SQLite)")
    for name, values in timings.items():
        print(f"{name}: best of 3 {min(values):.2f} s (figure {figures[name]:,})")
    ratio = min(timings["every organisation"]) / min(timings["own lines only"])
    print(f"ratio every organisation / own lines: {ratio:.0f}x")
    if len(set(figures.values())) != 1:
        sys.exit("the two ways give different figures")
    if not figures["own lines only"]:
        sys.exit("no one reached: the benchmark measured nothing")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
