"""Benchmark: the API's indicator, reach and download endpoints, one client alone and 50 at
once, without and with the result cache (web/api/results.py), in the same run.

The site: a throwaway $TRAYECTO_HOME with the official MEN and DANE statistics and the real
geography (tests/support/official_data.py), one partner's March 2026 report of LINES lines
imported through the 5W importer, validated, approved and published by the services (the
published snapshot the reach reads), and an IM officer's personal token
(`trayecto token create`). Served by gunicorn, 3 workers x 4 threads (docs/deploy.md), with
the rate limit raised out of the way (TRAYECTO_API_RATE).

Each client calls, one after another, the three endpoints with the token:
  /api/v1/indicators/cobertura_neta/values?level=municipality&area=54  (40 municipalities x years)
  /api/v1/reach?period=2026-03&level=municipality
  /api/v1/downloads/indicators/cobertura_neta.csv?level=municipality  (every municipality)
The site is served twice from the same home: first with the result cache off
(TRAYECTO_API_CACHE_ENTRIES=0, the baseline), then on. Printed: requests, errors (goal 0),
p50 and p95 per endpoint; the ratio of the crowd's p50 to one client alone, and of the
cached p50 to the uncached one.

Run: TRAYECTO_SOURCES=<data mirror> PYTHONPATH=. .venv/bin/python benchmarks/api.py \\
        [--clients 50] [--requests 40] [--lines 2000]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from tests.support import live_site

ENDPOINTS = {
    "indicator": "/api/v1/indicators/cobertura_neta/values?level=municipality&area=54",
    "reach": "/api/v1/reach?period=2026-03&level=municipality",
    "download": "/api/v1/downloads/indicators/cobertura_neta.csv?level=municipality",
}
CACHE = {"no result cache": "0", "result cache": "256"}
SETUP = """
import sys
from pathlib import Path
from trayecto.web import bootstrap
bootstrap.ensure_home()
from trayecto import paths
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.services import member_upsert, organization_upsert
from trayecto.web.api.tokens import token_create_for_username
from trayecto.web.response.models import Submission
from trayecto.web.response.services import imports, workflow
from tests.support.official_data import load_official
from tests.web.test_concurrent_uploads import workbook

data, scratch, lines = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
warehouse = Warehouse(paths.warehouse_dir())
load_official(data, warehouse)
nrc = organization_upsert(code="nrc", name="NRC", type="ingo")
member_upsert(username="im", password="bench-password-123", organization=nrc, role="im_officer")
divipola = next((data / "divipola").glob("DIVIPOLA*.csv"))
path = workbook(scratch / "nrc.xlsx", "nrc", divipola, rows=lines)
report = imports.five_w_import(
    path=path, matcher=matcher_from_warehouse(warehouse.reader()[0]), org_code="nrc"
)
assert report.rows_imported == lines, report.problems[:3]
(sent,) = report.details["submissions"]
submission = Submission.objects.get(pk=sent["id"])
workflow.submission_validate(submission=submission, user=None)
workflow.submission_approve(submission=submission, user=None, warehouse=warehouse)
workflow.submission_publish(submission=submission, user=None, warehouse=warehouse)
print(token_create_for_username("im", name="benchmark").secret)
"""

Timings = list[tuple[str, float]]  # (endpoint, seconds)


def client(
    base: str, token: str, calls: int, timings: Timings, errors: list[str], start: threading.Event
) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    start.wait()
    names = list(ENDPOINTS)
    for i in range(calls):
        name = names[i % len(names)]
        began = time.perf_counter()
        try:
            answer = session.get(base + ENDPOINTS[name], timeout=120)
            if answer.status_code != 200:
                errors.append(f"{answer.status_code} {name}: {answer.text[:120]}")
        except requests.RequestException as exc:
            errors.append(f"{exc!r} {name}")
        timings.append((name, time.perf_counter() - began))


def run(base: str, token: str, clients: int, calls: int) -> tuple[Timings, list[str], float]:
    timings: Timings = []
    errors: list[str] = []
    start = threading.Event()
    threads = [
        threading.Thread(target=client, args=(base, token, calls, timings, errors, start))
        for _ in range(clients)
    ]
    for t in threads:
        t.start()
    began = time.perf_counter()
    start.set()
    for t in threads:
        t.join()
    return timings, errors, time.perf_counter() - began


def p50_p95(values: list[float]) -> tuple[float, float]:
    """Median and nearest-rank 95th percentile."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]


def report(label: str, timings: Timings, errors: list[str], elapsed: float) -> dict[str, float]:
    print(f"{label}: {len(timings)} requests in {elapsed:.1f} s "
          f"({len(timings) / elapsed:.1f}/s), errors {len(errors)}")  # fmt: skip
    medians: dict[str, float] = {}
    for name in ENDPOINTS:
        p50, p95 = p50_p95([t for n, t in timings if n == name])
        medians[name] = p50
        print(f"  {name:<10} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")
    for line in sorted(set(errors))[:5]:
        print("  error:", line)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="calls per client")
    parser.add_argument("--lines", type=int, default=2000, help="5W lines published")
    args = parser.parse_args()
    data = Path(os.environ["TRAYECTO_SOURCES"])
    with tempfile.TemporaryDirectory() as scratch:
        env = live_site.site_environment(
            Path(scratch) / "home", SECRET_KEY="bench-" + "aP1q" * 15, TRAYECTO_API_RATE="1000000/m"
        )
        env.pop("DATABASE_URL", None)  # the SQLite file of the home
        env["PYTHONPATH"] = os.pathsep.join([str(Path.cwd()), env.get("PYTHONPATH", "")])
        started = time.perf_counter()
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, str(data), scratch, str(args.lines)],
            env=env, check=True, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
        token = setup.stdout.strip().splitlines()[-1]
        print(f"site prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        measured: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        for label, entries in CACHE.items():
            print(f"--- {label} (TRAYECTO_API_CACHE_ENTRIES={entries})")
            env["TRAYECTO_API_CACHE_ENTRIES"] = entries
            log = Path(scratch) / f"gunicorn-{entries}.log"
            with live_site.serve(env, workers=3, threads=4, log=log) as base:
                # Each worker computes an indicator's base table once per warehouse version
                # and keeps it: the first calls measure that, the figures below the steady state.
                report("warm-up (first calls, 6 clients)", *run(base, token, 6, 4))
                alone = report("1 client", *run(base, token, 1, args.requests))
                crowd = report(
                    f"{args.clients} clients", *run(base, token, args.clients, args.requests)
                )
            measured[label] = (alone, crowd)
    print(f"gunicorn 3 workers x 4 threads, SQLite, {os.cpu_count()} cores, "
          f"{args.lines} published 5W lines")  # fmt: skip
    (off_alone, off_crowd), (on_alone, on_crowd) = measured.values()
    for name in ENDPOINTS:
        print(f"{name:<9} p50 {args.clients} clients / 1 client: "
              f"{off_crowd[name] / off_alone[name]:.1f}x without cache, "
              f"{on_crowd[name] / on_alone[name]:.1f}x with; cached / uncached p50: "
              f"1 client {on_alone[name] / off_alone[name]:.2f}, "
              f"{args.clients} clients {on_crowd[name] / off_crowd[name]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
