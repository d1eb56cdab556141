"""Benchmark: the monthly bulletin as PDF, national and of one department, on real geography.

A throwaway $TRAYECTO_HOME gets the real geography of the data mirror (DIVIPOLA, MGN 2018
boundaries, ETCs), the demo organisations, their demo 5W reports (published through the real
workflow) and the coordination demo (ETPV plan); then each bulletin is issued RUNS times as
PDF. Baseline in the same run: the same bulletin as HTML (so the PDF's own cost shows), and
the targets: national PDF under 10 s, department PDF under 5 s.
Run: TRAYECTO_SOURCES=<mirror> .venv/bin/python benchmarks/bulletin.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"": 10.0, "81": 5.0}  # seconds, from issue 13


def main(runs: int = 5) -> None:
    os.environ["TRAYECTO_HOME"] = tempfile.mkdtemp(prefix="trayecto-bench-")
    mirror = Path(os.environ["TRAYECTO_SOURCES"])
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from trayecto import paths
    from trayecto.importers import registry
    from trayecto.warehouse import Warehouse
    from trayecto.web.coordination.bulletin import bulletin_issue
    from trayecto.web.coordination.bulletin_sections import BulletinScope
    from trayecto.web.coordination.demo import load_coordination_demo
    from trayecto.web.demo import demo_accounts_create
    from trayecto.web.response.demo import load_five_w_demo

    warehouse = Warehouse.for_root(paths.warehouse_dir())
    for source_id in ("divipola", "pcodes", "mgn2018", "etc"):
        source = registry.get(source_id)
        source.load_function()(mirror / source.folder / source.filename, warehouse, dry_run=False)
    demo_accounts_create()
    load_five_w_demo(warehouse)
    load_coordination_demo()
    print(f"warehouse version {warehouse.manifest().version}; runs: {runs}")
    failed = False
    for department, limit in TARGETS.items():
        scope = BulletinScope("2026-03", department)
        name = department or "national"
        timings: dict[str, list[float]] = {"html": [], "pdf": []}
        sizes: dict[str, int] = {}
        for fmt in ("html", "pdf"):
            for _ in range(runs):
                started = time.perf_counter()
                record = bulletin_issue(scope, fmt, user=None, source="bench", warehouse=warehouse)
                timings[fmt].append(time.perf_counter() - started)
                sizes[fmt] = record.size
        html, pdf = (statistics.median(timings[f]) for f in ("html", "pdf"))
        print(
            f"{name}: PDF median {pdf:.2f} s (max {max(timings['pdf']):.2f}), "
            f"{sizes['pdf']:,} bytes; baseline HTML median {html:.2f} s, {sizes['html']:,} bytes;"
            f" PDF / HTML = {pdf / html:.1f}x; target < {limit:.0f} s: "
            f"{'met' if pdf < limit else 'MISSED'}"
        )
        failed = failed or pdf >= limit
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
