"""Integer surrogate keys for sedes, tried on the school-level indicators' two steps: the one
scan of the summary (`sede_pass.sql`) and the per-indicator step (`sede_scaffold.sql`), each
with the DANE sede code (text, 12 digits) against the same code as a BIGINT, as a warehouse
storing integer keys beside the codes would give them; CPU seconds, best of three, same run.

    .venv/bin/python benchmarks/integer_keys.py [--sedes 20000]

Data: benchmarks/sede_data.py (synthetic, never real), five years. The key columns are
prepared before the clocks start (a warehouse would store them); the per-indicator step
turns the key back into the code at its end, as the pages need the code. Both variants
must give the same rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sede_data

from trayecto.analytics import registry, sede_indicators

BACK_TO_CODE = "lpad(sede_key::varchar, 12, '0') as area_code"


def best_cpu(step: Callable[[], object]) -> float:
    """The least CPU time (every thread of this process) of three runs of `step`."""
    times = []
    for _ in range(3):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return min(times)


def with_key(table: pa.Table) -> pa.Table:
    return table.append_column("sede_key", pc.cast(table["sede_code"], pa.int64())).drop_columns(
        ["sede_code"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sedes", type=int, default=20_000)
    args = parser.parse_args()
    indicators = sede_indicators.one_pass_indicators(None)
    queries = [(registry.sql_path(i), dict(i.params)) for i in indicators]
    sql, params, columns = sede_indicators.pass_sql(queries)
    params = {**params, "group": None}
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = sede_data.generate(Path(tmp) / "warehouse", sedes=args.sedes)
        summary = warehouse.read("sede_enrolment_grade")
        pq.write_table(summary, Path(tmp) / "codes.parquet", compression="zstd")
        pq.write_table(with_key(summary), Path(tmp) / "keys.parquet", compression="zstd")
        con = duckdb.connect()
        con.execute("set enable_progress_bar = false")
        for name in ("codes", "keys"):
            path = str(Path(tmp) / f"{name}.parquet").replace("'", "''")
            con.execute(f"create view {name} as from read_parquet('{path}')")
        by_code = sql.replace("from sede_enrolment_grade e", "from codes e")
        by_key = sql.replace("from sede_enrolment_grade e", "from keys e").replace(
            "e.sede_code", "e.sede_key"
        )
        scan_code = best_cpu(lambda: con.sql(by_code, params=params).to_arrow_table())
        scan_key = best_cpu(lambda: con.sql(by_key, params=params).to_arrow_table())
        print(
            f"one scan of the summary ({summary.num_rows:,} rows, {args.sedes:,} sedes): "
            f"codes {scan_code:.2f} s CPU, integer keys {scan_key:.2f} s CPU; "
            f"ratio integer / code = {scan_key / scan_code:.2f}"
        )
        grouped = con.sql(by_code, params=params).to_arrow_table()

        def scaffold(table: pa.Table, keys: bool) -> list[pa.Table]:
            con.register("sede_grouped", table)
            found = []
            for (path, values), own in zip(queries, columns, strict=True):
                text = sede_indicators.scaffold_sql(path, own)
                if keys:
                    text = text.replace("sede_code as area_code", BACK_TO_CODE)
                    text = text.replace("sede_code", "sede_key")
                wanted = {k: v for k, v in values.items() if f"${k}" in text}
                found.append(con.sql(text, params=wanted).to_arrow_table())
            con.unregister("sede_grouped")
            return found

        keyed = with_key(grouped)
        step_code = best_cpu(lambda: scaffold(grouped, False))
        step_key = best_cpu(lambda: scaffold(keyed, True))
        order = [("area_code", "ascending"), ("year", "ascending"), ("sex", "ascending")]
        same = all(
            a.sort_by(order).equals(b.sort_by(order))
            for a, b in zip(scaffold(grouped, False), scaffold(keyed, True), strict=True)
        )
        print(
            f"per-indicator step, {len(queries)} indicators over {grouped.num_rows:,} grouped "
            f"rows: codes {step_code:.2f} s CPU, integer keys {step_key:.2f} s CPU; "
            f"ratio integer / code = {step_key / step_code:.2f}; same rows: {same}"
        )
    print("OK" if same else "FAILED")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
