"""Full recompute of the school-level part of the indicator registry on a national-size
synthetic sede dataset (issue target: under 30 s on 2 cores, with the sex split), against a
straightforward pandas implementation of the same indicators and against the limit, one
hand-written DuckDB query (benchmarks/sede_handwritten.py), timed in the same run; the
registry and pandas must give the same numbers.

    .venv/bin/python benchmarks/sede_recompute.py [--sedes 53000]

Data: benchmarks/sede_data.py (53,000 sedes × 14 grades × 2 sexes × 2 nationalities ×
5 years = 14.84 million rows, ages folded into one age per cell). Recompute = every
indicator whose base level is `sede`: its SQL at sede level, then re-aggregated to
municipality, ETC, department and nation, for both sexes together and for each sex.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sede_data  # noqa: E402
import sede_handwritten  # noqa: E402
import sede_pandas  # noqa: E402

from trayecto.analytics import aggregation, compute, registry  # noqa: E402
from trayecto.importers.school_tables import enrolment_by_grade  # noqa: E402
from trayecto.warehouse import Warehouse  # noqa: E402

TARGET_SECONDS = 30.0  # the figure; measured about 10 s on a quiet machine
LEVELS = ("municipality", "etc", "department", "nation")
SEXES = (None, "f", "m")


def recompute_registry(
    warehouse: Warehouse, sexes: tuple[str | None, ...]
) -> dict[tuple[str, str], Any]:
    """Every school-level indicator at every level, through the registry's own code.

    The sede level is the base table itself (Arrow, all sexes); higher levels are the
    aggregated rows for each sex in `sexes` (None = both sexes together).
    """
    con, version = warehouse.reader()
    results: dict[tuple[str, str], Any] = {}
    for code, indicator in registry.indicators().items():
        if indicator.base_level != "sede":
            continue
        base = compute.base_table(con, indicator, version, warehouse.root)
        results[(code, "sede")] = base
        for level in LEVELS:
            rows: list[dict[str, Any]] = []
            for sex in sexes if "sex" in indicator.disaggregations else (None,):
                rows += aggregation.aggregate(con, indicator, base, level=level, year=None, sex=sex)
            results[(code, level)] = rows
    return results


def cold(warehouse: Warehouse) -> None:
    """Forget computed base tables and sede maps, so each timing is a full recompute."""
    warehouse.memo_forget()
    aggregation.forget_sums()


def compare(
    ours: dict[tuple[str, str], Any], theirs: dict[tuple[str, str], Any]
) -> tuple[int, list[str]]:
    """Numerator, denominator and value of every row in both results; returns (checked, diffs)."""
    checked, diffs = 0, []
    for key, result in ours.items():
        rows = result if isinstance(result, list) else result.to_pylist()
        code, _ = key
        scale = registry.get(code).scale
        frame = theirs[key]
        area = "sede_code" if "sede_code" in frame.columns else "area_code"
        expected = {
            (r[area], int(r["year"]), r["sex"] if r["sex"] in ("f", "m") else None): r
            for r in frame.to_dict("records")
        }
        if len(expected) != len(rows):
            diffs.append(f"{key}: {len(rows)} rows vs pandas {len(expected)}")
        for row in rows:
            other = expected.get((row["area_code"], int(row["year"]), row["sex"]))
            checked += 1
            if other is None:
                diffs.append(f"{key} {row['area_code']} {row['year']} {row['sex']}: not in pandas")
                continue
            for field in ("numerator", "denominator"):
                if not math.isclose(float(row[field]), float(other[field]), abs_tol=1e-6):
                    diffs.append(
                        f"{key} {row['area_code']}: {field} {row[field]} vs {other[field]}"
                    )
            value = row["value"]
            if value is not None and not math.isclose(value, other["value"] * scale, abs_tol=1e-9):
                diffs.append(f"{key} {row['area_code']}: value {value} vs {other['value'] * scale}")
    return checked, diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sedes", type=int, default=53_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        warehouse = sede_data.generate(Path(tmp) / "warehouse", sedes=args.sedes)
        rows = warehouse.entry("sede_enrolment").rows
        print(
            f"data: {args.sedes:,} sedes, {rows:,} sede_enrolment rows, generated in "
            f"{time.perf_counter() - start:.1f} s (cores: {os.cpu_count()})"
        )

        start = time.perf_counter()
        summary = enrolment_by_grade(warehouse.read("sede_enrolment"))
        print(
            f"import-time summary sede_enrolment_grade: {summary.num_rows:,} rows built in "
            f"{time.perf_counter() - start:.1f} s (part of every sede import, not of the recompute)"
        )

        cold(warehouse)
        start = time.perf_counter()
        ours = recompute_registry(warehouse, (None,))
        registry_seconds = time.perf_counter() - start
        indicators = len({code for code, _ in ours})
        print(
            f"registry (DuckDB), both sexes: {indicators} indicators × 5 levels in "
            f"{registry_seconds:.1f} s (target < {TARGET_SECONDS:.0f} s)"
        )
        cold(warehouse)
        start = time.perf_counter()
        ours = recompute_registry(warehouse, SEXES)
        split_seconds = time.perf_counter() - start
        print(
            f"registry (DuckDB), both sexes + female + male at every level: {split_seconds:.1f} s"
        )

        con, _ = warehouse.reader()
        start = time.perf_counter()
        limit_rows = sede_handwritten.recompute(con)
        limit_seconds = time.perf_counter() - start
        print(
            f"hand-written DuckDB, one query, every level, both sexes + each sex: "
            f"{limit_seconds:.1f} s ({limit_rows:,} rows); ratio registry / hand-written = "
            f"{split_seconds / limit_seconds:.1f}× (goal ≤ 2×)"
        )

        start = time.perf_counter()
        files = {name: entry.file for name, entry in warehouse.manifest().tables.items()}
        theirs = sede_pandas.recompute(warehouse.root, files)
        pandas_seconds = time.perf_counter() - start
        print(
            f"pandas baseline (every sex at every level): {pandas_seconds:.1f} s; "
            f"ratio pandas / registry = {pandas_seconds / split_seconds:.1f}× "
            "(same scope)"
        )

        checked, diffs = compare(ours, theirs)
        print(f"cross-check: {checked:,} rows compared, {len(diffs)} differences")
        for line in diffs[:10]:
            print("  " + line)
    ok = split_seconds < TARGET_SECONDS and not diffs
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
