"""Two years of SIMAT student files linked and counted at every level on DuckDB and on Spark
(PySpark, local mode) in the same run on the same machine, at a few sizes, with the ratio and
the row count at which Spark would start to pay, estimated from the measured curve.

    TRAYECTO_SOURCES=DIR PYTHONPATH=. .venv/bin/python benchmarks/spark_trajectory.py \
        [--students 1000000 10000000 ...]

Data: benchmarks/trajectory.py's (the demo's synthetic sedes of the seven departments, their
first-year students scaled to `--students` a year, a second year simulated), each year
imported by `simat-estudiantes` in a process of its own (written in one too), all before Spark's
JVM starts. Workload, the best of two runs per
engine: link 2024 to 2025 (`analytics/trajectory.Linked`) and count the transitions at every
level. Spark's session is started before the timing. Both engines' rows are compared (rates
to 1e-9 relative): the run fails if they differ.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import trajectory as student_data  # noqa: E402  (benchmarks/trajectory.py: data and imports)
from spark import report_fit  # noqa: E402

from trayecto.analytics import trajectory  # noqa: E402
from trayecto.warehouse import Warehouse, engine, spark  # noqa: E402


def workload(warehouse: Warehouse) -> list[dict[str, object]]:
    """The links of 2024 → 2025 and the transitions at every level."""
    with engine.connect(warehouse) as con:  # closed: on Spark its temp tables' rows freed
        linked = trajectory.Linked(con, student_data.YEARS[0])
        found: list[dict[str, object]] = [stage.as_dict() for stage in linked.stages]
        for level in trajectory.LEVELS:
            found += linked.flows(level=level)
        return found


def same(left: list[dict[str, object]], right: list[dict[str, object]]) -> bool:
    """Equal rows; rates to 1e-9 relative (Spark adds in another order)."""

    def close(x: object, y: object) -> bool:
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-9)
        return x == y

    return len(left) == len(right) and all(
        a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
        for a, b in zip(left, right, strict=True)
    )


def timed(warehouse: Warehouse, name: str) -> tuple[float, list[dict[str, object]]]:
    """The best of two runs (the first also pays for Spark's first plans)."""
    best, found = float("inf"), []
    with engine.using(name):
        for _ in range(2):
            start = time.perf_counter()
            found = workload(warehouse)
            best = min(best, time.perf_counter() - start)
    return best, found


def prepare(base: Path, home: Path, students: int) -> int:
    """A copy of `base` with two years of `students` imported; the rows imported. The files
    are written and imported in processes of their own, so that their memory is returned
    before Spark's JVM takes its own."""
    subprocess.run(["cp", "-r", str(base), str(home)], check=True)
    written = subprocess.run(
        [sys.executable, __file__, "--child-write", str(home), str(students)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    files = [Path(line) for line in written.stdout.split()]
    imports = [student_data.import_in_child(home, path) for path in files]
    for path in files:
        path.unlink()
    print(
        f"{students:,} students a year: {sum(int(i['rows']) for i in imports):,} rows imported "
        f"in {sum(i['seconds'] for i in imports):.0f} s, peak "
        f"{max(i['peak_mb'] for i in imports):,.0f} MB"
    )
    return sum(int(i["rows"]) for i in imports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--child-write", nargs=2, metavar=("HOME", "STUDENTS"))
    args = parser.parse_args()
    if args.child_write:
        home, students = Path(args.child_write[0]), int(args.child_write[1])
        for path in student_data.write_files(Warehouse(home / "warehouse"), students, home):
            print(path)
        return 0
    mirror = Path(os.environ["TRAYECTO_SOURCES"])
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    duck_points, spark_points, ok = [], [], True
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        student_data.prepare(base, mirror)
        homes = {n: Path(scratch) / f"home-{n}" for n in args.students}
        rows = {n: prepare(base, homes[n], n) for n in args.students}
        start = time.perf_counter()
        spark.session()
        print(f"Spark session (JVM) started in {time.perf_counter() - start:.1f} s")
        for students, home in homes.items():
            warehouse = Warehouse(home / "warehouse")
            duck_s, duck_rows = timed(warehouse, "duckdb")
            spark_s, spark_rows = timed(warehouse, "spark")
            equal = same(duck_rows, spark_rows)
            ok = ok and equal
            duck_points.append((rows[students], duck_s))
            spark_points.append((rows[students], spark_s))
            print(
                f"{rows[students]:>12,} student rows ({students:,} a year, 2 years): "
                f"duckdb {duck_s:7.2f} s, spark local {spark_s:7.2f} s, "
                f"ratio spark / duckdb {spark_s / duck_s:6.1f}"
                + ("" if equal else "  RESULTS DIFFER"),
                flush=True,
            )
    spark.stop()
    if len(duck_points) > 1:
        report_fit(duck_points, spark_points)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
