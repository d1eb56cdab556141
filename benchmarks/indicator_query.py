"""`trayecto indicator` latency on national data, in-process (no interpreter start-up):
every registered indicator × level (nation, department, ETC, municipality) × year.

Warm = the indicator's base query already computed for the current manifest version (the
cache every web worker and CLI process keeps); target p95 < 50 ms. Baseline in the same
run: the cold call (base SQL re-run), which is what the cache saves.

    TRAYECTO_SOURCES=../shared/data .venv/bin/python benchmarks/indicator_query.py [--indicators N]

The warehouse holds the official sources and the synthetic sedes (MEN 2025 sede totals), so
that the school-level indicators run too. `--indicators N` times the first N only (CI).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from trayecto.analytics import compute, registry
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.official_data import load_official  # noqa: E402

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
TARGET_MS = 50.0
LEVELS = ("nation", "department", "etc", "municipality")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=0, help="only the first N (0: all)")
    args = parser.parse_args()
    data = Path(os.environ.get("TRAYECTO_SOURCES", ROOT.parent / "shared" / "data"))
    codes = list(registry.indicators())
    if args.indicators:
        # the first N, and the school-level ones among them (they read the sede tables)
        school = [c for c in codes if registry.get(c).base_level == "sede"][: args.indicators]
        codes = [c for c in codes if c not in school][: args.indicators] + school
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "warehouse")
        load_official(data, warehouse)
        assert not men_sedes.load(data / MEN_SEDES, warehouse).refused
        assert not generate_synthetic_sedes(warehouse).refused
        cold: list[float] = []
        warm: list[float] = []
        by_level: dict[str, list[float]] = {level: [] for level in LEVELS}
        for code in codes:
            years = (2021, 2022) if code.startswith("migrantes") else (2012, 2016, 2019, 2022)
            warehouse.memo_forget()
            start = time.perf_counter()
            try:
                compute.run(warehouse, compute.Query(code, "nation", year=years[0]))
            except compute.MissingData:
                continue  # sede indicators: the official data hold no sede tables
            cold.append((time.perf_counter() - start) * 1000)
            for level in LEVELS:
                for year in years:
                    start = time.perf_counter()
                    compute.run(warehouse, compute.Query(code, level, year=year))
                    elapsed = (time.perf_counter() - start) * 1000
                    warm.append(elapsed)
                    by_level[level].append(elapsed)
    p95 = percentile(warm, 0.95)
    print(f"{len(codes)} indicators × {len(LEVELS)} levels × years: {len(warm)} warm calls")
    print(
        f"warm  p50 {statistics.median(warm):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {max(warm):6.1f} ms  (target p95 < {TARGET_MS:.0f} ms: "
        f"{'ok' if p95 < TARGET_MS else 'MISSED'})"
    )
    for level, values in by_level.items():
        print(
            f"  {level:12s} p50 {statistics.median(values):6.1f} ms  "
            f"p95 {percentile(values, 0.95):6.1f} ms"
        )
    print(
        f"cold  p50 {statistics.median(cold):6.1f} ms  p95 {percentile(cold, 0.95):6.1f} ms "
        f"(base SQL re-run; warm p50 is {statistics.median(cold) / statistics.median(warm):.1f}× "
        "faster)"
    )
    # The verdict is printed; the exit code says only that every query ran.
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
