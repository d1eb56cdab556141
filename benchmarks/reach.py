"""Benchmark: consolidate 1,000,000 5W cell rows (a year of a national 5W) with the default rule.

DuckDB over the warehouse Parquet (analytics/reach.py) against a pandas implementation of the
same rule and against the floor, one hand-written DuckDB query over the same Parquet files
(constants in the text, no view, no parameter, nothing but the rule), in the same run, on the
same data; the three results must be equal. Goal (issue 17): reach within 2× of the floor.
Run: .venv/bin/python benchmarks/reach.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from trayecto.analytics.reach import ReachFilters, reach
from trayecto.warehouse import Warehouse
from trayecto.warehouse.five_w_lines import LINE_SCHEMA


def generate(rows: int, seed: int = 7) -> pa.Table:
    """Random lines shaped like a national 5W: 1,121 municipalities, 40 partners, 11 activities."""
    rng = np.random.default_rng(seed)
    municipalities = np.array([f"{d:02d}{m:03d}" for d in range(5, 99, 3) for m in range(1, 36)])
    pick = rng.integers(0, len(municipalities), rows)
    municipality = municipalities[pick]
    columns = {
        "submission_id": rng.integers(1, 5000, rows),
        "line_id": np.arange(rows),
        "org": np.array([f"org{i:02d}" for i in range(40)])[rng.integers(0, 40, rows)],
        "activity": np.array([f"EDU-{i:02d}" for i in range(1, 12)])[rng.integers(0, 11, rows)],
        "department": np.array([m[:2] for m in municipalities])[pick],
        "municipality": municipality,
        "population_group": np.array(
            ["vocacion_permanencia", "transito", "pendular", "comunidad_acogida"]
        )[rng.integers(0, 4, rows)],
        "sex": np.array(["f", "m", "u"])[rng.integers(0, 3, rows)],
        "age": np.array(["0-5", "6-11", "12-17", "18-59", "60+"])[rng.integers(0, 5, rows)],
        "month": np.array([f"2026-{m:02d}" for m in range(1, 13)])[rng.integers(0, 12, rows)],
        "new": rng.integers(0, 200, rows),
        "status": np.array(["draft", "submitted", "approved", "published"])[
            rng.integers(0, 4, rows)
        ],
        "site": np.array([f"nombre:sede {i}" for i in range(20)])[rng.integers(0, 20, rows)],
    }
    return pa.Table.from_pydict(columns, schema=LINE_SCHEMA)


def pandas_reach(df: pd.DataFrame, period: str) -> pd.Series:
    """The default rule in pandas: sum over months per service, max per cell, sum per area."""
    lines = df[
        (df["month"] >= f"{period[:4]}-01")
        & (df["month"] <= period)
        & df["status"].isin(["approved", "published"])
    ]
    cell = ["department", "municipality", "population_group", "sex", "age"]
    service = lines.groupby([*cell, "org", "activity"], observed=True)["new"].sum()
    per_cell = service.groupby(level=cell, observed=True).max()
    return per_cell.groupby(level="department", observed=True).sum()


# The default rule written once by hand for this data: the floor of any reach query.
FLOOR_SQL = """
with service as (
  select department, municipality, population_group, sex, age, org, activity, sum(new) as new
  from read_parquet($files)
  where month between '2026-01' and '2026-12' and status in ('approved', 'published')
  group by all
), cell as (
  select department, municipality, population_group, sex, age, max(new) as reached
  from service group by all
)
select department, sum(reached)::bigint as value from cell group by department
"""
FLOOR_GOAL = 2.0


def best_of(runs: int, fn: object) -> tuple[float, object]:
    assert callable(fn)
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(rows: int = 1_000_000) -> None:
    table = generate(rows)
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp))
        warehouse.publish("five_w_line", table)
        con, _ = warehouse.reader()
        filters = ReachFilters("2026-12")
        duck_s, duck = best_of(3, lambda: reach(con, filters, level="department"))
        files = [str(warehouse.root / f) for f in warehouse.entry("five_w_line").files]
        floor_con = duckdb.connect()
        floor_s, floor = best_of(
            3, lambda: floor_con.execute(FLOOR_SQL, {"files": files}).fetchall()
        )
        df = table.to_pandas()
        pandas_s, pandas_result = best_of(3, lambda: pandas_reach(df, "2026-12"))
    assert isinstance(duck, pa.Table)
    assert isinstance(pandas_result, pd.Series)
    duck_values = dict(zip(duck["area_code"].to_pylist(), duck["value"].to_pylist(), strict=True))
    assert isinstance(floor, list)
    same = duck_values == {k: int(v) for k, v in pandas_result.items()} == dict(floor)
    print(f"rows: {rows:,}")
    print(f"people reached (default rule): {sum(duck_values.values()):,}")
    print(f"duckdb (warehouse parquet): {duck_s:.3f} s")
    print(f"pandas (in-memory frame, same rule): {pandas_s:.3f} s")
    print(f"ratio pandas / duckdb: {pandas_s / duck_s:.1f}x")
    print(f"floor, one hand-written DuckDB query: {floor_s:.3f} s")
    ratio = duck_s / floor_s
    verdict = "met" if ratio <= FLOOR_GOAL else "NOT met"
    print(f"ratio reach / floor: {ratio:.2f}x (goal <= {FLOOR_GOAL:.0f}x: {verdict})")
    print(f"same result: {same}")
    if not same or duck_s >= 3.0:
        raise SystemExit("FAILED: results differ or DuckDB took 3 s or more")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
