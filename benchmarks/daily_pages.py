"""The four pages issue 10 names, as each role opens them: server time and bytes.

    python benchmarks/daily_pages.py [--lines 20000] [--requests 30]

Each role's home (`/`), a department page (`/departamento/54/`), the explorer at municipality
level with no area filter (every municipality of the country, the first page of 100 rows)
and the reach page. Imports the geography and MEN's, DANE's and Migración Colombia's
statistics from $TRAYECTO_SOURCES into a temporary home (as `area_pages.py` does), writes
LINES published 5W lines of demo-like partners (as `reach_page.py` does) and publishes the
snapshot. Requests go through Django's test client in-process (routing, middleware, access,
selectors, template). Baseline, in the same run: the first request of each role and page
(nothing of it kept in the process yet) against the p95 of the warm ones.
Goal (issue "pages people open every day"): p95 under 200 ms and under 300 KB of HTML each.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the other benchmark scripts, run as a file
import area_pages
import reach_page

TARGET_MS = 200.0
TARGET_BYTES = 300 * 1024
ROLES = {  # role -> (department codes, ETC code) of its membership
    "viewer": ((), ""),
    "partner": ((), ""),
    "etc_analyst": ((), "3802"),  # Cúcuta
    "leg_coordinator": (("54",), ""),
    "im_officer": ((), ""),
}
PAGES = {
    "home": "/",
    "department": "/departamento/54/",
    "explorer, municipalities": "/indicadores/?indicador=cobertura_neta&nivel=municipality",
    "reach": "/5w/alcance/?period=2026-03",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    # a temporary home has no collected static files: the pages do not need them here
    warnings.filterwarnings("ignore", message="No directory at")
    area_pages.prepare_home()

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    start = time.perf_counter()
    reach_page.write_lines(args.lines)
    print(f"{args.lines:,} published lines written and snapshot published in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    clients = reach_page.logged_in(ROLES)

    worst_p95, worst_bytes, worst = reach_page.measure(PAGES, clients, args.requests)
    print(f"baseline: the first request of each role and page; warm p95 worst {worst_p95:.1f} ms "
          f"({worst})")  # fmt: skip
    print(
        f"target p95 < {TARGET_MS:.0f} ms: {'PASS' if worst_p95 < TARGET_MS else 'FAIL'} "
        f"({worst_p95:.1f} ms); target HTML < {TARGET_BYTES // 1024} KB: "
        f"{'PASS' if worst_bytes < TARGET_BYTES else 'FAIL'} ({worst_bytes / 1024:.1f} KB)"
    )


if __name__ == "__main__":
    main()
