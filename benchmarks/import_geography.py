"""Benchmark: importing the reference geography, and matching place names.

Run: TRAYECTO_SOURCES=<data mirror> .venv/bin/python benchmarks/import_geography.py
Prints, for each reference source, the median time of a full import into a fresh warehouse
(read, validate, publish) next to a baseline computed in the same run: pandas reading the
same file (or json.load for boundaries), i.e. the cost of reading without checking anything.
Then the matcher: names matched per second on the real GIFMM spellings, against the naive
baseline of a difflib search over every official name for each query.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.geography import normalise_name
from trayecto.importers import registry
from trayecto.warehouse import Warehouse

RUNS = 5


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_reader(path: Path) -> Callable[[], object]:
    if path.suffix == ".csv":
        return lambda: pd.read_csv(path, dtype=str)
    if path.suffix == ".xlsx":
        return lambda: pd.read_excel(path, sheet_name="etiqueta", engine="calamine")
    return lambda: json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    mirror = Path(os.environ.get("TRAYECTO_SOURCES", "../shared/data"))
    if not (mirror / "divipola").is_dir():
        sys.exit(f"no data mirror at {mirror}: set TRAYECTO_SOURCES")
    print(f"{'source':<15}{'rows':>8}{'import s':>10}{'baseline s':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        loaded = Warehouse(Path(tmp) / "loaded")
        for source_id in ("divipola", "pcodes", "mgn2018", "etc", "place-aliases"):
            source = registry.get(source_id)
            path = mirror / source.folder / source.filename
            loader = source.load_function()
            report = loader(path, loaded, dry_run=False)  # later sources need earlier ones

            def fresh_import(
                path: Path = path, loader: registry.Loader = loader, source_id: str = source_id
            ) -> None:
                with tempfile.TemporaryDirectory() as run_dir:
                    warehouse = Warehouse(Path(run_dir) / "w")
                    if source_id == "place-aliases":  # needs `municipality`
                        for name in ("department", "municipality"):
                            warehouse.publish(name, loaded.read(name))
                    loader(path, warehouse, dry_run=False)

            imported = median_seconds(fresh_import)
            baseline = median_seconds(baseline_reader(path))
            print(
                f"{source_id:<15}{report.rows_read:>8}{imported:>10.3f}{baseline:>12.3f}"
                f"{imported / baseline:>8.1f}"
            )
        unchanged = median_seconds(
            lambda: registry.get("divipola").load_function()(
                mirror / "divipola" / registry.get("divipola").filename, loaded, dry_run=False
            )
        )
        print(f"{'divipola again':<15}{'':>8}{unchanged:>10.3f}  (unchanged: hash compare only)")

        con = loaded.connect()
        with open(mirror / "gifmm_reference_catalogs/mungifmm.csv", encoding="utf-8") as fh:
            queries = [(r["nombre"], r["id"].zfill(5)[:2]) for r in csv.DictReader(fh)]
        official = [r[0] for r in con.sql("select name from municipality").fetchall()]
        keys = [normalise_name(n) for n in official]

        def match_all() -> None:
            matcher = matcher_from_warehouse(con)  # fresh: no cached answers
            for name, department in queries:
                matcher.match_municipality(name=name, department=department)

        def naive() -> None:
            for name, _ in queries:
                difflib.get_close_matches(normalise_name(name), keys, n=1, cutoff=0.8)

        matched = median_seconds(match_all, runs=3)
        baseline = median_seconds(naive, runs=3)
        n = len(queries)
        print(
            f"\nmatcher: {n} GIFMM names in {matched:.3f} s ({n / matched:,.0f}/s, built "
            f"from the warehouse each run); naive difflib over all names: {baseline:.3f} s "
            f"({n / baseline:,.0f}/s)"
        )


if __name__ == "__main__":
    main()
