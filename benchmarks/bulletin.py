"""Benchmark: the monthly bulletin as PDF, national and of two departments, every section filled.

A throwaway $TRAYECTO_HOME gets the real geography of the data mirror (DIVIPOLA, MGN 2018
boundaries, ETCs), the official sources a needs run reads (MEN, DANE, Migración Colombia and
OCHA's JIAF/HNO table), the demo organisations, their demo 5W reports (published through the
real workflow), the coordination demo (ETPV plan), the needs demo (one run, published) and one
event with the real Chocó affected-schools list (the emergencies demo's, dated 9 March 2026
here so that the March bulletin carries it and its response gaps); then each bulletin is
issued RUNS times as PDF. Baseline in the same run: the same bulletin as HTML (so the PDF's
own cost shows), and the targets: national PDF under 10 s, department PDF under 5 s.
Run: TRAYECTO_SOURCES=<mirror> .venv/bin/python benchmarks/bulletin.py [RUNS]
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

import throwaway

TARGETS = {"": 10.0, "81": 5.0, "27": 5.0}  # seconds, from issue 13
GEOGRAPHY = ("divipola", "pcodes", "mgn2018", "etc")
# what a needs run reads (web/needs/demo.py): the official sources and OCHA's table
NEEDS_SOURCES = ("men-municipio", "dane-proyecciones", "migracion-venezolanos", "jiaf-hno")
EVENT_START = "2026-03-09"  # the demo event, moved into the bulletin's month
EMPTY = re.compile(r'<section class="section-([a-z_]+)">\s*<h2>[^<]*</h2>\s*<p class="no-data">')


def main(runs: int = 5) -> None:
    throwaway.home()
    mirror = Path(os.environ["TRAYECTO_SOURCES"])
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    import datetime as dt

    from trayecto import paths
    from trayecto.importers import registry
    from trayecto.warehouse import Warehouse
    from trayecto.web.coordination.bulletin import bulletin_issue
    from trayecto.web.coordination.bulletin_sections import BulletinScope
    from trayecto.web.coordination.demo import load_coordination_demo
    from trayecto.web.demo import demo_accounts_create
    from trayecto.web.emergencies.demo import load_emergencies_demo
    from trayecto.web.emergencies.models import Event
    from trayecto.web.needs.demo import load_needs_demo
    from trayecto.web.response.demo import load_five_w_demo

    warehouse = Warehouse.for_root(paths.warehouse_dir())
    for source_id in (*GEOGRAPHY, *NEEDS_SOURCES):
        source = registry.get(source_id)
        report = source.load_function()(
            mirror / source.folder / source.filename, warehouse, dry_run=False
        )
        assert not report.refused, (source_id, report.problems[:3])
    demo_accounts_create()
    load_five_w_demo(warehouse)
    load_coordination_demo()
    needs = load_needs_demo(warehouse)["needs"]
    affected = registry.get("affected-schools")
    emergency = load_emergencies_demo(warehouse, mirror / affected.folder / affected.filename)[
        "emergencies"
    ]
    # a verified event of the bulletin's month: the section shows it with its response gaps
    Event.objects.filter(pk=emergency["event"]).update(
        start_date=dt.date.fromisoformat(EVENT_START), status="verified"
    )
    sedes = emergency["import"]["rows_imported"]
    print(
        f"warehouse version {warehouse.manifest().version}; needs run PiN {needs['pin']:,}; "
        f"event with {sedes} affected sedes from {EVENT_START}; runs: {runs}"
    )
    failed = False
    for department, limit in TARGETS.items():
        scope = BulletinScope("2026-03", department)
        name = department or "national"
        timings: dict[str, list[float]] = {"html": [], "pdf": []}
        sizes: dict[str, int] = {}
        empty: list[str] = []
        for fmt in ("html", "pdf"):
            for _ in range(runs):
                started = time.perf_counter()
                record = bulletin_issue(scope, fmt, user=None, source="bench", warehouse=warehouse)
                timings[fmt].append(time.perf_counter() - started)
                sizes[fmt] = record.size
                if fmt == "html":
                    empty = EMPTY.findall(bytes(record.content).decode("utf-8"))
        html, pdf = (statistics.median(timings[f]) for f in ("html", "pdf"))
        print(
            f"{name}: PDF median {pdf:.2f} s (max {max(timings['pdf']):.2f}), "
            f"{sizes['pdf']:,} bytes; baseline HTML median {html:.2f} s, {sizes['html']:,} bytes;"
            f" PDF / HTML = {pdf / html:.1f}x; target < {limit:.0f} s: "
            f"{'met' if pdf < limit else 'MISSED'}; sections without data: "
            f"{', '.join(empty) or 'none'}"
        )
        failed = failed or pdf >= limit
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
