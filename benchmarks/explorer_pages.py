"""Explorer at level sede, national: server time and bytes of one page, paged against the
whole table in the same run.

    python benchmarks/explorer_pages.py [--sedes 53000] [--requests 20]

Generates the national-size synthetic sede warehouse of sede_data.py (53,000 sedes, five
years; never real data) in a throwaway $TRAYECTO_HOME and asks for the deserción of every
sede in one year (`/indicadores/?indicador=desercion_sede&nivel=sede&anio=2025`) as an IM
officer, through Django's test client in-process (routing, middleware, the explorer's
selectors, the template). Printed: p50/p95 server time and HTML bytes of page 1 and of the
last page, of a sorted page, and of the CSV download (every row, gzip) beside the baseline:
the same page with the page size set to the whole table, which is what the explorer sent
before it paged. Goal (issues 10 and 17): p95 under 300 ms and under 300 KB.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sede_data
import throwaway

TARGET_MS = 300.0
TARGET_BYTES = 300 * 1024
EXPLORER = "/indicadores/?indicador=desercion_sede&nivel=sede&anio=2025"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: object, url: str, requests: int) -> tuple[list[float], int, object]:
    """Server times in ms and the bytes sent (as transferred) of `requests` GETs of url."""
    times: list[float] = []
    size = 0
    response: object = None
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming  # type: ignore[attr-defined]
            else response.content  # type: ignore[attr-defined]
        )
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)  # type: ignore[attr-defined]
        size = len(body)
    return times, size, response


def line(name: str, times: list[float], size: int) -> str:
    return (
        f"{name:34} p50 {statistics.median(times):9.1f} ms  p95 {percentile(times, 0.95):9.1f} ms"
        f"  {size:>12,} bytes  (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sedes", type=int, default=53_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--baseline-requests", type=int, default=3)
    args = parser.parse_args()
    throwaway.home()
    from trayecto import paths

    start = time.perf_counter()
    sede_data.generate(paths.warehouse_dir(), sedes=args.sedes)
    print(f"{args.sedes:,} synthetic sedes generated in {time.perf_counter() - start:.1f} s")

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.services import member_upsert, organization_upsert
    from trayecto.web.statistics import explorer

    organization = organization_upsert(code="bench", name="Benchmark", type="un", is_demo=True)
    member_upsert(
        username="bench-im",
        password=secrets.token_urlsafe(),
        organization=organization,
        role="im_officer",
    )
    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(get_user_model().objects.get(username="bench-im"))

    start = time.perf_counter()
    measure(client, EXPLORER, 1)
    print(f"first request (computes and caches the indicator): {time.perf_counter() - start:.1f} s")
    filters = explorer.ExplorerFilters(code="desercion_sede", level="sede", year=2025)
    rows = len(explorer.explore(filters).rows)
    assert rows >= args.sedes * 0.99, f"{rows} rows for {args.sedes} sedes"
    pages = -(-rows // explorer.PAGE_SIZE)
    print(f"{rows:,} rows in the table, {pages:,} pages of {explorer.PAGE_SIZE}")

    paged = measure(client, EXPLORER, args.requests)
    last = measure(client, f"{EXPLORER}&pagina={pages}", args.requests)
    ordered = measure(client, f"{EXPLORER}&orden=-valor&pagina=2", args.requests)
    download = measure(client, f"{EXPLORER}&formato=csv", args.baseline_requests)
    print(line("page 1", paged[0], paged[1]))
    print(line(f"page {pages} (last)", last[0], last[1]))
    print(line("page 2 sorted by value, descending", ordered[0], ordered[1]))
    print(line("CSV download, every row (gzip)", download[0], download[1]))

    # Baseline: the whole table on one page, as the explorer sent it before paging.
    explorer.PAGE_SIZE = rows
    whole = measure(client, EXPLORER, args.baseline_requests)
    print(line("baseline: the whole table", whole[0], whole[1]))
    worst_ms = max(percentile(m[0], 0.95) for m in (paged, last, ordered))
    worst_bytes = max(m[1] for m in (paged, last, ordered))
    print(
        f"paged / whole table: time {percentile(paged[0], 0.95) / percentile(whole[0], 0.95):.3f}"
        f", bytes {paged[1] / whole[1]:.4f}"
    )
    print(
        f"target p95 < {TARGET_MS:.0f} ms: {'PASS' if worst_ms < TARGET_MS else 'FAIL'} "
        f"({worst_ms:.1f} ms); target < {TARGET_BYTES // 1024} KB: "
        f"{'PASS' if worst_bytes < TARGET_BYTES else 'FAIL'} ({worst_bytes / 1024:.1f} KB)"
    )


if __name__ == "__main__":
    main()
