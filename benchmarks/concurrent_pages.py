"""Benchmark: 50 users at once on the reach and explorer pages, gunicorn over PostgreSQL, 1 min.

The site is the demo (`trayecto demo --no-serve`: reference geography, demo organisations,
logins and 5W reports, January and February published) plus the official MEN and DANE
statistics the explorer reads, in a throwaway $TRAYECTO_HOME, served by gunicorn with the
worker count of docs/deploy.md. Each simulated user logs in as the IM officer, then asks, one
after another for SECONDS, the reach page (/5w/alcance/) and the explorer
(/indicadores/, a department series with its map). Printed: requests, errors (goal 0),
median and p95 latency; the baseline in the same run is one user alone on the same pages.

Run (needs PostgreSQL, as production):
  TRAYECTO_SOURCES=<data mirror> .venv/bin/python -m tests.support.pgcluster \\
      .venv/bin/python -m benchmarks.concurrent_pages [USERS] [SECONDS]
"""

from __future__ import annotations

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

PAGES = (
    "/5w/alcance/?period=2026-02",
    "/indicadores/?indicador=desercion&nivel=department&area=54",
)
LOAD_OFFICIAL = """
import sys
from pathlib import Path
from trayecto import paths
from trayecto.web import bootstrap
bootstrap.setup()
from tests.support.official_data import load_official
from trayecto.warehouse import Warehouse
load_official(Path(sys.argv[1]), Warehouse(paths.warehouse_dir()))
"""


def prepare(home: Path, data: Path) -> dict[str, str]:
    env = live_site.site_environment(home, SECRET_KEY="bench-" + "k7Qz" * 15)
    env["TRAYECTO_SOURCES"] = str(data)
    for command in (
        [sys.executable, "-m", "trayecto.cli", "demo", "--no-serve", "--json"],
        [sys.executable, "-c", LOAD_OFFICIAL, str(data)],
    ):
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=1800)
    return env


Timings = list[tuple[str, float]]  # (page, seconds)


def user(
    base: str, cookies: dict[str, str], seconds: float, timings: Timings, errors: list[str]
) -> None:
    # One login shared by every user: 50 password hashes at once would measure PBKDF2.
    session = requests.Session()
    session.cookies.update(cookies)
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        page = PAGES[i % len(PAGES)]
        url = base + page
        i += 1
        start = time.perf_counter()
        try:
            answer = session.get(url, timeout=120)
            if answer.status_code != 200:
                errors.append(f"{answer.status_code} {url}")
        except requests.RequestException as exc:
            errors.append(f"{exc!r} {url}")
        timings.append((page, time.perf_counter() - start))


def demo_login(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=60).text
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": "im-demo", "password": "trayecto-im", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login answered {answer.status_code}")
    return session


def run(base: str, users: int, seconds: float) -> tuple[Timings, list[str]]:
    timings: Timings = []
    errors: list[str] = []
    cookies = demo_login(base).cookies.get_dict()
    threads = [
        threading.Thread(target=user, args=(base, cookies, seconds, timings, errors))
        for _ in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, errors


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "no requests"
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):5.2f} s, p95 {p95:5.2f} s"


def summary(label: str, timings: Timings, errors: list[str], seconds: float) -> str:
    lines = [
        f"{label:>8}: {len(timings):5d} requests ({len(timings) / seconds:5.1f}/s), "
        f"errors {len(errors)}, {percentiles([t for _, t in timings])}"
    ]
    for page in PAGES:
        of_page = [t for p, t in timings if p == page]
        lines.append(f"          {page.split('?')[0]:<14} {percentiles(of_page)}")
    return "\n".join(lines)


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under PostgreSQL: python -m tests.support.pgcluster ... (see the docstring)")
    data = Path(os.environ["TRAYECTO_SOURCES"])
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        env = prepare(Path(scratch) / "home", data)
        print(f"site prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        log = Path(scratch) / "gunicorn.log"
        with live_site.serve(env, workers=3, threads=4, log=log) as base:
            demo_login(base).get(base + PAGES[1], timeout=120)  # warm the caches
            alone = run(base, 1, min(seconds, 20.0))
            crowd = run(base, users, seconds)
        print(f"gunicorn 3 workers x 4 threads, PostgreSQL, {os.cpu_count()} cores")
        print(summary("1 user", *alone, min(seconds, 20.0)))
        print(summary(f"{users} users", *crowd, seconds))
        for line in sorted(set(crowd[1]))[:10]:
            print("  error:", line)


if __name__ == "__main__":
    main()
