"""A needs run (our own severity and PiN) for every municipality: under 2 s.

Cold = a fresh warehouse object (no indicator base table memoised: every input's SQL runs);
warm = the same warehouse again (what a web worker that ran once before sees). Baseline in
the same run: the plain-Python reference (`domain.needs.assess`) over the same inputs,
which the SQL must equal (tests/domain/test_needs.py) and should not be slower than.

    TRAYECTO_SOURCES=../shared/data .venv/bin/python benchmarks/needs_run.py [--runs N]

The warehouse holds the official sources (OCHA's JIAF table included) and the synthetic
sedes (MEN 2025 totals), so that the learning-conditions dimension has data too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from trayecto.analytics import needs
from trayecto.domain.needs import MunicipalityInputs, NeedsParameters, assess
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
TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs timed")
    args = parser.parse_args()
    data = Path(os.environ.get("TRAYECTO_SOURCES", ROOT.parent / "shared" / "data"))
    params = NeedsParameters(year=2022)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "warehouse"
        load_official(data, Warehouse(root))
        assert not men_sedes.load(data / MEN_SEDES, Warehouse(root)).refused
        assert not generate_synthetic_sedes(Warehouse(root)).refused
        start = time.perf_counter()
        result = needs.run(Warehouse(root), params)
        cold = time.perf_counter() - start
        warehouse = Warehouse(root)
        needs.run(warehouse, params)
        warm = []
        for _ in range(args.runs):
            start = time.perf_counter()
            needs.run(warehouse, params)
            warm.append(time.perf_counter() - start)
        inputs, _, _ = needs.gather(warehouse, params.year)
        start = time.perf_counter()
        for row in inputs.to_pylist():
            assess(MunicipalityInputs(**{c: row[c] for c in needs.INPUT_COLUMNS}), params)
        python = time.perf_counter() - start
    with_learning = sum(1 for r in result.rows if r["learning_phase"] is not None)
    print(f"municipalities: {len(result.rows)} ({with_learning} with learning conditions)")
    print(f"PiN: {result.totals()['pin']:,.0f} (OCHA: {result.totals()['official_pin']:,.0f})")
    print(
        f"cold run: {cold:.3f} s; warm p50: {statistics.median(warm):.3f} s (target < {TARGET_S} s)"
    )
    print(f"baseline: plain-Python reference rules alone {python:.3f} s")
    print(f"ratio cold run / target: {cold / TARGET_S:.2f}")
    return 0  # the figure is reported, not enforced: a busy machine is no failure


if __name__ == "__main__":
    sys.exit(main())
