"""The reach page (/5w/alcance/) and its map data: server time and bytes per role.

    python benchmarks/reach_page.py [--lines 20000] [--requests 30]

Imports the geography (DIVIPOLA, MGN boundaries, ETCs) from $TRAYECTO_SOURCES into a
temporary home, then writes LINES published 5W lines of demo-like partners (50 lines a
report, three months of 2026, the real municipalities of the seven priority departments,
girls and boys of three age bands, three population groups) and publishes the snapshot.
Requests go through Django's test client in-process (routing, middleware, access,
selectors, template) as each role. Baseline, in the same run: the first request of each
role (nothing cached in the process yet) against the p95 of the warm ones.
Goal (issue "pages people open every day"): p95 under 200 ms and under 300 KB of HTML.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
import warnings
from pathlib import Path

import throwaway

TARGET_MS = 200.0
TARGET_BYTES = 300 * 1024
SOURCES = ("divipola", "mgn2018", "etc")
ROLES = {  # role -> (department codes, ETC code) of its membership
    "viewer": ((), ""),
    "partner": ((), ""),
    "etc_analyst": ((), "3802"),  # Cúcuta
    "leg_coordinator": (("54",), ""),
    "im_officer": ((), ""),
}
MONTHS = ("2026-01", "2026-02", "2026-03")
GROUPS = ("transito", "vocacion_permanencia", "comunidad_acogida")
AGES = ("6-11", "12-17", "18-59")
URLS = ("/5w/alcance/?period=2026-03", "/5w/alcance/mapa.json?period=2026-03")


def prepare_home() -> None:
    mirror = os.environ.get("TRAYECTO_SOURCES")
    if not mirror:
        sys.exit("Set $TRAYECTO_SOURCES to the mirror of official files (../shared/data).")
    throwaway.home()
    from trayecto import paths
    from trayecto.importers import registry
    from trayecto.warehouse import Warehouse

    warehouse = Warehouse(paths.warehouse_dir())
    for source_id in SOURCES:
        source = registry.get(source_id)
        report = source.load_function()(
            Path(mirror) / source.folder / source.filename, warehouse, dry_run=False
        )
        assert not report.refused, (source_id, report.problems[:3])


def write_lines(count: int) -> None:
    """Published reports of 50 lines each, spread over partners, months and municipalities."""
    from django.db import transaction

    from trayecto import paths
    from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
    from trayecto.warehouse import Warehouse, engine
    from trayecto.web.accounts.models import Organization
    from trayecto.web.response.models import Submission
    from trayecto.web.response.services.bulk import insert_lines
    from trayecto.web.response.services.periods import period_for_month
    from trayecto.web.response.services.snapshot import snapshot_publish

    warehouse = Warehouse(paths.warehouse_dir())
    municipalities = [
        row["code"]
        for row in engine.rows(
            warehouse.connect(),
            "select code from municipality where department_code in (select unnest($codes))",
            {"codes": list(PRIORITY_DEPARTMENTS)},
        )
    ]
    rng = random.Random(7)
    with transaction.atomic():
        for report in range(max(1, count // 50)):
            organization, _ = Organization.objects.get_or_create(
                code=f"socio{report % 12}", defaults={"name": f"Socio {report % 12}", "type": "ngo"}
            )
            month = MONTHS[report // 12 % len(MONTHS)]
            submission, _ = Submission.objects.get_or_create(
                organization=organization, period=period_for_month(month),
                defaults={"status": "published"},
            )  # fmt: skip
            lines = []
            for i in range(50):
                municipality, group = rng.choice(municipalities), rng.choice(GROUPS)
                cells = {f"{sex}:{age}": rng.randint(0, 30) for sex in "fm" for age in AGES}
                total = sum(cells.values())
                lines.append({
                    "submission_id": submission.pk, "row": report * 50 + i + 3, "month": month,
                    "department": municipality[:2], "municipality": municipality,
                    "activity": f"EDU-{rng.randint(1, 11):02d}", "population_group": group,
                    "beneficiary_type": "nuevo", "beneficiaries": total,
                    "new_beneficiaries": total, "cells": cells,
                    "group_cells": {f"{group}:{k}": n for k, n in cells.items()},
                })  # fmt: skip
            insert_lines(lines)
    snapshot_publish(warehouse=warehouse)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: object, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)  # type: ignore[attr-defined]
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def logged_in(roles: dict[str, tuple[tuple[str, ...], str]]) -> dict[str, object]:
    """A test client logged in as a member of each role (departments, ETC); the partner is
    one of the reporting partners, the others belong to a benchmark organisation."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.models import Organization
    from trayecto.web.accounts.services import member_upsert, organization_upsert

    bench = organization_upsert(code="bench", name="Benchmark", type="un", is_demo=True)
    clients: dict[str, object] = {}
    for role, (departments, etc) in roles.items():
        member_upsert(
            username=f"bench-{role}", password=secrets.token_urlsafe(),
            organization=Organization.objects.get(code="socio0") if role == "partner" else bench,
            role=role, department_codes=list(departments), etc_code=etc,
        )  # fmt: skip
        client = Client()
        client.force_login(get_user_model().objects.get(username=f"bench-{role}"))
        clients[role] = client
    return clients


def measure(
    pages: dict[str, str], clients: dict[str, object], requests: int
) -> tuple[float, int, str]:
    """Each page (label → url) as each role: the first request, then p50 and p95 of the warm
    ones, printed a row each. Returns the worst warm p95, the largest page and which it was."""
    width = max(len(label) for label in pages)
    print(f"{'page':{width}} {'role':16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    worst_p95, worst_bytes, worst = 0.0, 0, ""
    for label, url in pages.items():
        for role, client in clients.items():
            first, _size = timed_get(client, url)
            times, size = [], 0
            for _ in range(requests):
                ms, size = timed_get(client, url)
                times.append(ms)
            p95 = percentile(times, 0.95)
            if p95 > worst_p95:
                worst_p95, worst = p95, f"{label} as {role}"
            worst_bytes = max(worst_bytes, size)
            print(
                f"{label:{width}} {role:16} {first:9.1f} {statistics.median(times):8.1f} "
                f"{p95:8.1f} {size:9,}"
            )
    return worst_p95, worst_bytes, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    # a temporary home has no collected static files: the pages do not need them here
    warnings.filterwarnings("ignore", message="No directory at")
    prepare_home()

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    start = time.perf_counter()
    write_lines(args.lines)
    print(f"{args.lines:,} published lines written and snapshot published in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    clients = logged_in(ROLES)
    worst_p95, worst_bytes, _worst = measure({url: url for url in URLS}, clients, args.requests)
    print(f"baseline: the first request of each role; warm p95 worst {worst_p95:.1f} ms")
    print(
        f"target p95 < {TARGET_MS:.0f} ms: {'PASS' if worst_p95 < TARGET_MS else 'FAIL'} "
        f"({worst_p95:.1f} ms); target HTML < {TARGET_BYTES // 1024} KB: "
        f"{'PASS' if worst_bytes < TARGET_BYTES else 'FAIL'} ({worst_bytes / 1024:.1f} KB)"
    )


if __name__ == "__main__":
    main()
