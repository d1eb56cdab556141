"""The same school-level workload on DuckDB and on Spark (PySpark, local mode) in the same
run on the same machine, at a few sizes of synthetic sede data, with the ratio, and the row
count at which Spark would start to pay, estimated from the measured curve.

    .venv/bin/python benchmarks/spark.py [SEDES ...]    # default 3571 17857 (1 M, 5 M rows)

Data: benchmarks/sede_data.py (each sede: 14 grades × 2 sexes × 2 nationalities × 5 years =
280 `sede_enrolment` rows). Workload, cold (memo forgotten) and the best of two runs: every
school-level rate of the one pass at sede level (one scan of the per-grade summary), then
`desercion_sede` rolled up to department for both sexes (folded units, every level at once).
Spark's session is started before the timing (its JVM start, a few seconds, is reported
apart). Each engine's rows are compared: the run fails if they differ.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sede_data  # noqa: E402

from trayecto.analytics import aggregation, compute, sede_indicators  # noqa: E402
from trayecto.warehouse import Warehouse, engine, spark  # noqa: E402

ROWS_PER_SEDE = len(sede_data.GRADES) * 2 * 2 * len(sede_data.YEARS)


def workload(warehouse: Warehouse) -> tuple[int, list[dict[str, object]]]:
    """The one-pass base tables and one roll-up; (base rows, department rows)."""
    warehouse.memo_forget()
    aggregation.forget_sums()
    con, _version = compute.reader(warehouse)
    tables = sede_indicators.base_tables(con, None)
    rows = compute.run(warehouse, compute.Query("desercion_sede", "department"))
    return sum(t.num_rows for t in tables.values()), rows


def timed(warehouse: Warehouse, name: str) -> tuple[float, tuple[int, list[dict[str, object]]]]:
    best, found = float("inf"), None
    with engine.using(name):
        for _ in range(2):
            start = time.perf_counter()
            found = workload(warehouse)
            best = min(best, time.perf_counter() - start)
    assert found is not None
    return best, found


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares t = a + b × rows."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def report_fit(duck_points: list[tuple[int, float]], spark_points: list[tuple[int, float]]) -> None:
    """Print each engine's straight line through its (rows, seconds) points and where Spark
    would start to pay (the rows at which the lines cross), if anywhere. Shared with
    spark_trajectory.py. Needs two sizes or more."""
    a_d, b_d = fit(duck_points)
    a_s, b_s = fit(spark_points)
    print(
        f"fit: duckdb {a_d:.2f} s + {b_d * 1e6:.3f} s per million rows; "
        f"spark {a_s:.2f} s + {b_s * 1e6:.3f} s per million rows"
    )
    if b_s <= 0 or b_d <= 0:
        print(
            "no crossover estimated: at these sizes the fixed cost hides the cost per row "
            "(measure larger sizes)"
        )
    elif b_s < b_d:
        print(f"Spark would start to pay at about {(a_s - a_d) / (b_d - b_s):,.0f} rows")
    else:
        # the fixed cost is said to be higher too only when the fit says so
        fixed = " as well as its fixed cost" if a_s >= a_d else ""
        print(
            "Spark never pays on this machine: its cost per row is higher than DuckDB's"
            f"{fixed} (one machine, same cores)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sedes", nargs="*", type=int, default=[3571, 17857])
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    start = time.perf_counter()
    spark.session()
    print(f"Spark session (JVM) started in {time.perf_counter() - start:.1f} s")
    duck_points, spark_points, ok = [], [], True
    with tempfile.TemporaryDirectory() as scratch:
        for sedes in args.sedes:
            warehouse = sede_data.generate(Path(scratch) / f"w{sedes}", sedes=sedes)
            rows = warehouse.entry("sede_enrolment").rows
            duck_s, (duck_n, duck_rows) = timed(warehouse, "duckdb")
            spark_s, (spark_n, spark_rows) = timed(warehouse, "spark")
            same = duck_n == spark_n and [
                (r["area_code"], r["year"], r["numerator"], r["denominator"]) for r in duck_rows
            ] == [(r["area_code"], r["year"], r["numerator"], r["denominator"]) for r in spark_rows]
            ok = ok and same
            duck_points.append((rows, duck_s))
            spark_points.append((rows, spark_s))
            print(
                f"{rows:>12,} sede rows ({sedes:,} sedes): duckdb {duck_s:7.2f} s, "
                f"spark local {spark_s:7.2f} s, ratio spark / duckdb {spark_s / duck_s:6.1f}"
                + ("" if same else "  RESULTS DIFFER")
            )
    spark.stop()
    if len(duck_points) > 1:
        report_fit(duck_points, spark_points)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
