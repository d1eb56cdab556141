"""Department, municipality and ETC pages: server time and bytes, warm and cold, per role.

    python benchmarks/area_pages.py [--requests 50]

Uses $TRAYECTO_HOME when its warehouse holds MEN's municipal statistics (after `make demo`);
otherwise imports the geography, MEN, DANE and Migración Colombia files from
$TRAYECTO_SOURCES into a temporary home first. Requests go through Django's test client
in-process (server time: routing, middleware, access, selectors, template) as each role.
Baseline, computed in the same run: the first request after the warehouse memo is emptied
(every indicator of the page computed from the base tables), against the p95 of the warm
ones. Goal (issue "pages people open every day"): p95 under 200 ms and under 300 KB of HTML.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

import throwaway

TARGET_MS = 200.0
TARGET_BYTES = 300 * 1024
SOURCES = ("divipola", "pcodes", "mgn2018", "etc", "men-municipio", "dane-proyecciones",
           "migracion-venezolanos")  # fmt: skip
ROLES = {  # role -> (department codes, ETC code) of its membership
    "viewer": ((), ""),
    "leg_coordinator": (("54",), ""),
    "etc_analyst": ((), "3802"),  # Cúcuta
    "im_officer": ((), ""),
}
PAGES = ("/departamento/54/", "/municipio/54001/", "/etc/3801/")


def prepare_home() -> None:
    from trayecto import paths
    from trayecto.warehouse import Warehouse

    if Warehouse(paths.warehouse_dir()).has("official_indicator"):
        return
    mirror = os.environ.get("TRAYECTO_SOURCES")
    if not mirror:
        sys.exit("No statistics in $TRAYECTO_HOME and no $TRAYECTO_SOURCES to import them from.")
    throwaway.home()
    from trayecto.importers import registry

    warehouse = Warehouse(paths.warehouse_dir())
    for source_id in SOURCES:
        source = registry.get(source_id)
        report = source.load_function()(
            Path(mirror) / source.folder / source.filename, warehouse, dry_run=False
        )
        assert not report.refused, (source_id, report.problems[:3])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: object, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)  # type: ignore[attr-defined]
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    prepare_home()

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.services import member_upsert, organization_upsert
    from trayecto.web.statistics import selectors

    organization = organization_upsert(code="bench", name="Benchmark", type="un", is_demo=True)
    clients = {}
    for role, (departments, etc) in ROLES.items():
        member_upsert(
            username=f"bench-{role}",
            password=secrets.token_urlsafe(),
            organization=organization,
            role=role,
            department_codes=list(departments),
            etc_code=etc,
        )
        client = Client(HTTP_ACCEPT_LANGUAGE="es")
        client.force_login(get_user_model().objects.get(username=f"bench-{role}"))
        clients[role] = client

    print(f"warehouse version {selectors.warehouse().manifest().version}")
    print(f"{'page':20} {'role':16} {'cold ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'HTML':>9}")
    worst_p95, worst_bytes = 0.0, 0
    for url in PAGES:
        for role, client in clients.items():
            selectors.warehouse().memo_forget()  # the baseline: nothing kept yet
            cold, _size = timed_get(client, url)
            times, size = [], 0
            for _ in range(args.requests):
                ms, size = timed_get(client, url)
                times.append(ms)
            p95 = percentile(times, 0.95)
            worst_p95, worst_bytes = max(worst_p95, p95), max(worst_bytes, size)
            print(
                f"{url:20} {role:16} {cold:9.1f} {statistics.median(times):8.1f} "
                f"{p95:8.1f} {size:9,}"
            )
    print(f"baseline: the cold request computes every indicator; warm p95 worst {worst_p95:.1f} ms")
    print(
        f"target p95 < {TARGET_MS:.0f} ms: {'PASS' if worst_p95 < TARGET_MS else 'FAIL'} "
        f"({worst_p95:.1f} ms); target HTML < {TARGET_BYTES // 1024} KB: "
        f"{'PASS' if worst_bytes < TARGET_BYTES else 'FAIL'} ({worst_bytes / 1024:.1f} KB)"
    )


if __name__ == "__main__":
    main()
