"""A small file into a large partition: appended as a file of its own, against the rewrite
of the partition a file that replaces rows still costs, in the same run.

    .venv/bin/python benchmarks/partition_append.py [--rows 10000000] [--small 1000]

Data (synthetic, never real): one partition of `sede_enrolment` (source, year and the
department of the sede codes all the same) of `--rows` rows, 56 per sede (14 grades × 2
sexes × 2 nationalities), published through the school tables' own path
(`school_tables.publish_arrow`, which also writes the summary `sede_enrolment_grade`).
Then, each timed (wall and CPU of this process, DuckDB's threads included):
- a file of `--small` rows of new sedes: appended beside the partition's file;
- the same file again: recognised by its hash, nothing published;
- a file of `--small` rows of sedes the partition holds: the partition is rewritten
  (the baseline: what every small file cost before appending).
Every step's rows are checked through the warehouse's views.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa

from trayecto.importers.school_tables import SEDE_ENROLMENT_SCHEMA, publish_arrow
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows as query_rows

T = TypeVar("T")
CELLS = 56  # 14 grades × 2 sexes × 2 nationalities
PARTITION = "synthetic/2025/54"


def enrolment(first_sede: int, sedes: int, vintage: str, enrolled: int) -> pa.Table:
    """`sedes` synthetic sedes of Norte de Santander (codes 154001…), CELLS rows each."""
    n = sedes * CELLS
    cell = np.tile(np.arange(CELLS), sedes)
    codes = np.array([f"154001{i:06d}" for i in range(first_sede, first_sede + sedes)])
    grade = cell // 4 - 2
    return pa.table(
        {
            "year": np.full(n, 2025, np.int16),
            "sede_code": pa.DictionaryArray.from_arrays(
                pa.array(np.repeat(np.arange(sedes, dtype=np.int32), CELLS)), pa.array(codes)
            ).cast(pa.string()),
            "grade": grade.astype(np.int8),
            "sex": np.array(["f", "m"])[cell % 2],
            "age": (grade + 6).astype(np.int8),
            "nationality": np.array(["COL", "VEN"])[cell // 2 % 2],
            "enrolled": np.full(n, enrolled, np.int32),
            "withdrawn": np.zeros(n, np.int32),
            "passed": np.full(n, enrolled, np.int32),
            "failed": np.zeros(n, np.int32),
            "repeating": np.zeros(n, np.int32),
            "source": pa.array(["synthetic"] * n, pa.string()),
            "vintage": pa.array([vintage] * n, pa.string()),
            "is_synthetic": np.ones(n, dtype=bool),
        }
    ).cast(SEDE_ENROLMENT_SCHEMA)


def timed(step: Callable[[], T]) -> tuple[T, float, float]:
    """`step()`, its wall time and its CPU time (every thread of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def publish(warehouse: Warehouse, table: pa.Table, vintage: str) -> int | None:
    meta = {"source": "synthetic", "vintage": vintage, "file": f"{vintage}.csv"}
    return publish_arrow(warehouse, {"sede_enrolment": (table, ["source"])}, meta)


def total(warehouse: Warehouse) -> tuple[int, int]:
    """Rows and enrolled pupils of sede_enrolment, and the summary's pupils must agree."""
    con = warehouse.connect()
    [found] = query_rows(
        con,
        "select (select count(*) from sede_enrolment)::bigint as n, "
        "(select sum(enrolled) from sede_enrolment)::bigint as pupils, "
        "(select sum(enrolled) from sede_enrolment_grade)::bigint as summary",
    )
    assert found["pupils"] == found["summary"], found
    return int(found["n"]), int(found["pupils"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    sedes, small_sedes = max(1, args.rows // CELLS), max(1, -(-args.small // CELLS))
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "warehouse")
        big = enrolment(0, sedes, "big", 10)
        _, wall, cpu = timed(lambda: publish(warehouse, big, "big"))
        part = warehouse.entry("sede_enrolment").partitions[PARTITION]
        print(
            f"partition {PARTITION}: {part.rows:,} rows ({sedes:,} sedes), published in "
            f"wall {wall:.1f} s, CPU {cpu:.1f} s (cores: {os.cpu_count()})"
        )
        new = enrolment(sedes, small_sedes, "new", 3)
        version, append_wall, append_cpu = timed(lambda: publish(warehouse, new, "new"))
        part = warehouse.entry("sede_enrolment").partitions[PARTITION]
        ok = ok and version is not None and len(part.appended) == 1
        ok = ok and total(warehouse) == (
            (sedes + small_sedes) * CELLS,
            (sedes * 10 + small_sedes * 3) * CELLS,
        )
        print(
            f"append {new.num_rows:,} rows of new sedes: wall {append_wall:.2f} s, "
            f"CPU {append_cpu:.2f} s (files in the partition: {len(part.files)})"
        )
        again, again_wall, _ = timed(lambda: publish(warehouse, new, "new"))
        ok = ok and again is None
        print(f"the same file again: wall {again_wall:.2f} s, published nothing = {again is None}")
        replace = enrolment(0, small_sedes, "replace", 5)
        version, rewrite_wall, rewrite_cpu = timed(lambda: publish(warehouse, replace, "replace"))
        part = warehouse.entry("sede_enrolment").partitions[PARTITION]
        ok = ok and version is not None and part.appended == []
        ok = ok and total(warehouse) == (
            (sedes + small_sedes) * CELLS,
            ((sedes - small_sedes) * 10 + small_sedes * 3 + small_sedes * 5) * CELLS,
        )
        print(
            f"replace {replace.num_rows:,} rows of sedes it holds (rewrites the partition, "
            f"the baseline): wall {rewrite_wall:.2f} s, CPU {rewrite_cpu:.2f} s; "
            f"ratio rewrite / append: wall {rewrite_wall / append_wall:.1f}×, "
            f"CPU {rewrite_cpu / append_cpu:.1f}×"
        )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
