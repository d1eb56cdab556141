"""Home page: server time over 100 requests and page weight, against the targets.

    python benchmarks/home_page.py [--requests 100]

Uses $TRAYECTO_HOME when its warehouse holds the geography (after `make demo`); otherwise
imports the geography from $TRAYECTO_SOURCES into a temporary home first. Requests go through
Django's test client in-process (server time: URL routing, middleware, selectors, template),
as a logged-in viewer. Page weight counts what a browser downloads for the page: the HTML,
each static file it references, and the map data, raw and as transferred (gzip where the
server sends gzip). Baseline, computed in the same run: the map data built without the
per-version cache and without rounding coordinates.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

import throwaway

TARGET_MS = 200.0
TARGET_BYTES = 1.5 * 1024 * 1024
GEOGRAPHY = ("divipola", "pcodes", "mgn2018", "etc")


def prepare_home() -> None:
    """Point TRAYECTO_HOME at a warehouse with the geography, importing it if needed."""
    from trayecto import paths
    from trayecto.warehouse import Warehouse

    if Warehouse(paths.warehouse_dir()).has("municipality_boundary"):
        return
    mirror = os.environ.get("TRAYECTO_SOURCES")
    if not mirror:
        sys.exit("No geography in $TRAYECTO_HOME and no $TRAYECTO_SOURCES to import it from.")
    throwaway.home()
    from trayecto.importers import registry

    warehouse = Warehouse(paths.warehouse_dir())
    for source_id in GEOGRAPHY:
        source = registry.get(source_id)
        source.load_function()(
            Path(mirror) / source.folder / source.filename, warehouse, dry_run=False
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: object, url: str, **headers: str) -> tuple[float, bytes, str]:
    start = time.perf_counter()
    response = client.get(url, **headers)  # type: ignore[attr-defined]
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return elapsed, body, response.get("Content-Encoding", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    prepare_home()

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.services import member_upsert, organization_upsert
    from trayecto.web.statistics import selectors

    organization = organization_upsert(code="bench", name="Benchmark", type="donor", is_demo=True)
    member_upsert(
        username="bench-viewer",
        password=secrets.token_urlsafe(),
        organization=organization,
        role="viewer",
    )
    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(get_user_model().objects.get(username="bench-viewer"))

    # Baseline: the map data built from scratch (no cache), and its unrounded size.
    start = time.perf_counter()
    con, version = selectors.warehouse().reader()
    baseline = selectors.build_map_data(con, version)
    cold_ms = (time.perf_counter() - start) * 1000
    raw_geometry = raw_geojson_bytes(con)

    home_ms, map_ms = [], []
    for _ in range(args.requests):
        ms, html, _enc = timed_get(client, "/")
        home_ms.append(ms)
    data_url = re.search(r'data-src="([^"]+)"', html.decode()).group(1)  # type: ignore[union-attr]
    for _ in range(args.requests):
        ms, map_body, map_encoding = timed_get(client, data_url)
        map_ms.append(ms)

    # Page weight: HTML + every static file it references + the map data.
    rows = [("home HTML", len(html), len(gzip.compress(html)), len(html))]
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode()):
        _ms, body, encoding = timed_get(client, url)
        raw = len(gzip.decompress(body)) if encoding == "gzip" else len(body)
        rows.append(
            (url, raw, len(body) if encoding == "gzip" else len(gzip.compress(body)), len(body))
        )
    map_raw = len(gzip.decompress(map_body)) if map_encoding == "gzip" else len(map_body)
    rows.append((data_url, map_raw, len(baseline.gzipped), len(map_body)))

    print(f"warehouse version {version}; {baseline.municipalities} municipalities drawn")
    print(f"{'resource':58} {'raw':>10} {'gzip':>10} {'sent':>10}")
    for name, raw, gz, sent in rows:
        print(f"{name:58} {raw:>10,} {gz:>10,} {sent:>10,}")
    total_raw, total_gz, total_sent = (sum(r[i] for r in rows) for i in (1, 2, 3))
    print(f"{'total':58} {total_raw:>10,} {total_gz:>10,} {total_sent:>10,}")
    print()
    for name, values in (("home page /", home_ms), ("map data", map_ms)):
        print(
            f"{name:12} median {statistics.median(values):7.2f} ms   "
            f"p95 {percentile(values, 0.95):7.2f} ms   max {max(values):7.2f} ms   "
            f"(n={len(values)})"
        )
    print(
        f"baseline: map data built without cache {cold_ms:7.1f} ms "
        f"(cached median {statistics.median(map_ms):.2f} ms, "
        f"{cold_ms / statistics.median(map_ms):.0f}x)"
    )
    print(
        f"baseline: unrounded GeoJSON of the same shapes {raw_geometry:,} bytes, "
        f"served rounded {map_raw:,} bytes ({map_raw / raw_geometry:.0%})"
    )
    worst = max(statistics.median(home_ms), statistics.median(map_ms))
    print(
        f"target server time < {TARGET_MS:.0f} ms (median): "
        f"{'PASS' if worst < TARGET_MS else 'FAIL'} ({worst:.2f} ms)"
    )
    print(
        f"target page weight < {TARGET_BYTES / 1024 / 1024:.1f} MB transferred: "
        f"{'PASS' if total_sent < TARGET_BYTES else 'FAIL'} ({total_sent / 1024 / 1024:.2f} MB; "
        f"{total_gz / 1024 / 1024:.2f} MB if everything were gzipped, "
        f"{total_raw / 1024 / 1024:.2f} MB raw)"
    )


def maps_codes() -> list[str]:
    from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS

    return list(PRIORITY_DEPARTMENTS)


def raw_geojson_bytes(con: object) -> int:
    """Bytes of the drawn shapes as stored (full precision), the size before rounding."""
    from trayecto.warehouse import engine

    municipal = engine.rows(
        con,  # type: ignore[arg-type]
        "select sum(length(geometry)) as n from municipality_boundary "
        "where department_code in (select unnest($codes))",
        {"codes": maps_codes()},
    )[0]["n"]
    context = engine.rows(con, "select sum(length(geometry)) as n from department_boundary")[0]["n"]  # type: ignore[arg-type]
    return int(municipal) + int(context)


if __name__ == "__main__":
    main()
