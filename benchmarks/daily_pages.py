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
import secrets
import statistics
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
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.models import Organization
    from trayecto.web.accounts.services import member_upsert, organization_upsert

    start = time.perf_counter()
    reach_page.write_lines(args.lines)
    print(f"{args.lines:,} published lines written and snapshot published in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    bench = organization_upsert(code="bench", name="Benchmark", type="un", is_demo=True)
    clients = {}
    for role, (departments, etc) in ROLES.items():
        member_upsert(
            username=f"bench-{role}", password=secrets.token_urlsafe(),
            organization=Organization.objects.get(code="socio0") if role == "partner" else bench,
            role=role, department_codes=list(departments), etc_code=etc,
        )  # fmt: skip
        client = Client()
        client.force_login(get_user_model().objects.get(username=f"bench-{role}"))
        clients[role] = client

    print(f"{'page':26} {'role':16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    worst_p95, worst_bytes, worst = 0.0, 0, ""
    for page, url in PAGES.items():
        for role, client in clients.items():
            first, _size = reach_page.timed_get(client, url)
            times, size = [], 0
            for _ in range(args.requests):
                ms, size = reach_page.timed_get(client, url)
                times.append(ms)
            p95 = reach_page.percentile(times, 0.95)
            if p95 > worst_p95:
                worst_p95, worst = p95, f"{page} as {role}"
            worst_bytes = max(worst_bytes, size)
            print(
                f"{page:26} {role:16} {first:9.1f} {statistics.median(times):8.1f} "
                f"{p95:8.1f} {size:9,}"
            )
    print(f"baseline: the first request of each role and page; warm p95 worst {worst_p95:.1f} ms "
          f"({worst})")  # fmt: skip
    print(
        f"target p95 < {TARGET_MS:.0f} ms: {'PASS' if worst_p95 < TARGET_MS else 'FAIL'} "
        f"({worst_p95:.1f} ms); target HTML < {TARGET_BYTES // 1024} KB: "
        f"{'PASS' if worst_bytes < TARGET_BYTES else 'FAIL'} ({worst_bytes / 1024:.1f} KB)"
    )


if __name__ == "__main__":
    main()
