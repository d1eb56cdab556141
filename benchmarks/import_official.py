"""Import speed of the two largest official files: MEN municipal statistics and DANE
municipal single-age projections (target: under 3 s each, in-process, warm).

Baseline in the same run: reading the same file with pandas.read_csv and nothing else
(no validation, no reshaping, no publication), to show what the validation costs.

    TRAYECTO_SOURCES=../shared/data .venv/bin/python benchmarks/import_official.py [RUNS]

The target's verdict is printed; the exit code says only that every import went in.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from trayecto.importers import dane_proyecciones, men_municipio
from trayecto.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.official_data import DANE, MEN_MUNICIPIO  # noqa: E402

TARGET_SECONDS = 3.0
RUNS = 5


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    data = Path(os.environ.get("TRAYECTO_SOURCES", ROOT.parent / "shared" / "data"))
    runs_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    for label, loader, path in (
        ("men-municipio", men_municipio.load, data / MEN_MUNICIPIO),
        ("dane-proyecciones (municipal)", dane_proyecciones.load, data / DANE.format("municipio")),
    ):
        runs = []
        for _ in range(runs_wanted):
            with tempfile.TemporaryDirectory() as tmp:
                warehouse = Warehouse(Path(tmp) / "warehouse")
                runs.append(timed(lambda: loader(path, warehouse, dry_run=False)))  # noqa: B023
                assert warehouse.manifest().version > 0, f"{label}: nothing was imported"
        baseline = [timed(lambda: pd.read_csv(path, dtype=str)) for _ in range(runs_wanted)]  # noqa: B023
        median, worst = statistics.median(runs), max(runs)
        ok = worst < TARGET_SECONDS
        print(
            f"{label:32s} import median {median:.2f} s, worst {worst:.2f} s "
            f"(target < {TARGET_SECONDS:.0f} s: {'ok' if ok else 'MISSED'}); "
            f"pandas.read_csv only: {statistics.median(baseline):.2f} s "
            f"(import / read = {median / statistics.median(baseline):.1f}×)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
