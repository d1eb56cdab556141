"""Warehouse handle: time per explorer request and per ETC-scoped access check, with the
process's one Warehouse (`Warehouse.for_root`) against a fresh Warehouse per call.

    python benchmarks/warehouse_handle.py [--requests 40]

Imports the official statistics and the geography from $TRAYECTO_SOURCES into a temporary
$TRAYECTO_HOME, then in one process measures, warm (after one untimed call each):
- the explorer (/indicadores/, a department series) through Django's test client;
- `etc_municipalities("3824")`, the access check run on every page an ETC analyst opens.
The baseline, in the same run, is the code before the one handle: each call constructs its own
`Warehouse(root)` (explorer and reach views) and opens a new connection with a view per table
(the access check called `connect()`), so every call rebuilds the DuckDB views. Results by
version (the memo) are shared by both runs, as the module caches were before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import throwaway

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = "/indicadores/?indicador=cobertura_neta&nivel=department&area=81"


def prepare() -> None:
    mirror = os.environ.get("TRAYECTO_SOURCES")
    if not mirror:
        sys.exit("Set $TRAYECTO_SOURCES to the data mirror.")
    throwaway.home()
    sys.path.insert(0, str(ROOT))
    from tests.support.official_data import load_official

    from trayecto import paths
    from trayecto.warehouse import Warehouse

    load_official(Path(mirror), Warehouse(paths.warehouse_dir()))


def per_call_ms(call: Callable[[], object], n: int) -> tuple[float, float]:
    call()  # warm: the first call builds what is kept per version
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


@contextmanager
def fresh_warehouse_per_call() -> Iterator[None]:
    """The code before the one handle: a new Warehouse (and its connection) per call."""
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.selectors import snapshot  # the 5W access check's warehouse
    from trayecto.web.statistics import explorer

    class Fresh(Warehouse):
        @classmethod
        def for_root(cls, root: Path | str) -> Warehouse:
            return Warehouse(root)

    saved = (explorer.Warehouse, snapshot.Warehouse)
    explorer.Warehouse = snapshot.Warehouse = Fresh  # type: ignore[misc]
    try:
        yield
    finally:
        explorer.Warehouse, snapshot.Warehouse = saved  # type: ignore[misc]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    prepare()
    try:
        measure(args.requests)
    finally:
        shutil.rmtree(os.environ["TRAYECTO_HOME"], ignore_errors=True)


def measure(requests: int) -> None:
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.test import Client

    from trayecto.web.response.access import etc_municipalities

    client = Client(HTTP_ACCEPT_LANGUAGE="es")

    def explorer_request() -> None:
        assert client.get(EXPLORER).status_code == 200

    def access_check() -> None:
        assert "81065" in etc_municipalities("3824")

    results = {}
    for label, call in (("explorer request", explorer_request), ("ETC access check", access_check)):
        with fresh_warehouse_per_call():
            before = per_call_ms(call, requests)
        after = per_call_ms(call, requests)
        results[label] = (before, after)

    print(f"{requests} warm calls each; median (max) ms per call")
    print(f"{'':20} {'baseline: new Warehouse':>26} {'one Warehouse':>18} {'ratio':>7}")
    for label, ((b_med, b_max), (a_med, a_max)) in results.items():
        print(
            f"{label:20} {f'{b_med:.2f} ({b_max:.1f})':>26} {f'{a_med:.2f} ({a_max:.1f})':>18} "
            f"{b_med / a_med:>6.1f}x"
        )


if __name__ == "__main__":
    main()
