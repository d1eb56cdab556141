"""Import of a large `sede-matricula` file (SIMAT export format, synthetic counts): CPU time
and peak memory against DuckDB turning the same CSV into Parquet (the floor: no validation,
nothing published), each measured in its own process; then the same file again (against
hashing it alone, the floor of knowing it unchanged), and a
small file into the warehouse just filled against the same file into an empty one: an
ETC's export (its sedes in one department) and a file spread over every department.

    TRAYECTO_SOURCES=DIR .venv/bin/python benchmarks/sede_matricula_import.py [--sedes 5000]
        [--pairs 3]

`--pairs N` runs the floor and the import in turn N times (the import each time into a
warehouse holding only DIVIPOLA) and takes the ratio pair by pair: this machine's speed
drifts, and one pair's ratio moved from 3.2× to 4.0× within minutes. The median is the figure.
The small files go N times into fresh copies of the full warehouse and of an empty one.

Data: `--sedes` sedes in real DIVIPOLA municipalities × 14 grades × 2 sexes × 3 ages × 2
nationalities, one year (5,000 sedes: 840,000 rows; a national file of 53,000 sedes would
be 8.9 million rows). The import validates every row, publishes `sede`, `sede_enrolment`
and the summary `sede_enrolment_grade` in one swap.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from trayecto.importers import sede_matricula
from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.school_tables import file_vintage
from trayecto.warehouse import Warehouse, engine

DIVIPOLA = "divipola/DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv"
HEADERS = [
    "ano",
    "codigo_dane_sede",
    "nombre_sede",
    "zona",
    "sector",
    "docentes",
    "grado",
    "sexo",
    "edad",
    "nacionalidad",
    "matriculados",
    "retirados",
    "aprobados",
    "reprobados",
    "repitentes",
]


# One sede's cells, in the order of a SIMAT export: grade × sex × age offset × nationality.
CELLS = [
    (grade, sex, offset, nationality)
    for grade in range(-2, 12)
    for sex in ("F", "M")
    for offset in (0, 1, 3)
    for nationality in ("COL", "VEN")
]


def write_file(
    path: Path,
    municipalities: list[str],
    sedes: int,
    seed: int = 3,
    first_digit: int = 1,
    first_sede: int = 0,
    year: int = 2025,
) -> int:
    """`sedes` sedes × 168 cells, written 2,000 sedes at a time (columns drawn with numpy);
    the sedes' serial numbers (the code's last six digits) start at `first_sede`."""
    rng = np.random.default_rng(seed)
    cells = len(CELLS)
    grades = np.array([c[0] for c in CELLS])
    rows = 0
    with open(path, "wb") as fh:
        for first in range(first_sede, first_sede + sedes, 2_000):
            index = np.arange(first, min(first_sede + sedes, first + 2_000))
            n = len(index) * cells
            codes = [
                f"{first_digit + i % 2}{municipalities[i % len(municipalities)]}{i:06d}"
                for i in index
            ]
            grade = np.tile(grades, len(index))
            enrolled = rng.integers(0, 12, n)
            withdrawn = np.where(enrolled > 0, rng.integers(0, 2, n), 0)
            failed = np.where(enrolled > withdrawn, rng.integers(0, 2, n), 0)
            table = pa.table(
                {
                    "ano": pa.array(np.full(n, year)),
                    "codigo_dane_sede": pa.array(np.repeat(codes, cells)),
                    "nombre_sede": pa.array(
                        np.repeat([f"SEDE SINTÉTICA {i}" for i in index], cells)
                    ),
                    "zona": pa.array(
                        np.repeat(["URBANA" if i % 3 else "RURAL" for i in index], cells)
                    ),
                    "sector": pa.array(np.full(n, "OFICIAL")),
                    "docentes": pa.array(np.repeat(rng.integers(2, 40, len(index)), cells)),
                    "grado": pa.array(grade),
                    "sexo": pa.array(np.tile([c[1] for c in CELLS], len(index))),
                    "edad": pa.array(5 + grade + np.tile([c[2] for c in CELLS], len(index))),
                    "nacionalidad": pa.array(np.tile([c[3] for c in CELLS], len(index))),
                    "matriculados": pa.array(enrolled),
                    "retirados": pa.array(withdrawn),
                    "aprobados": pa.array(enrolled - withdrawn - failed),
                    "reprobados": pa.array(failed),
                    "repitentes": pa.array(np.where(enrolled > 0, rng.integers(0, 2, n), 0)),
                }
            )
            assert table.column_names == HEADERS
            options = pa_csv.WriteOptions(
                include_header=first == first_sede, delimiter=";", quoting_style="none"
            )
            pa_csv.write_csv(table, fh, options)
            rows += n
    return rows


def child(task: str, path: Path, home: Path) -> None:
    """One measured step, in this process: prints its CPU time, wall time and peak memory."""
    start, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    result: dict[str, object] = {}
    if task == "floor":
        con = duckdb.connect()
        out = str(home / "floor.parquet").replace("'", "''")
        source = str(path).replace("'", "''")
        con.execute(f"copy (from read_csv('{source}')) to '{out}' (format parquet)")
    elif task == "hash":
        result = {"vintage": file_vintage(path)}
    elif task == "arrow-floor":
        table = pa_csv.read_csv(path, parse_options=pa_csv.ParseOptions(delimiter=";"))
        pq.write_table(table, home / "arrow-floor.parquet", compression="zstd")
    else:
        with engine.trace() as statements:
            report = sede_matricula.load(path, Warehouse(home))
        result = {
            "rows": report.rows_imported,
            "refused": report.refused,
            "unchanged": report.details.get("unchanged"),
            # The five slowest statements, the profile of the import's steps.
            "steps": [
                (round(s.duration, 2), " ".join(s.sql.split())[:90])
                for s in sorted(statements, key=lambda s: -s.duration)[:5]
            ],
        }
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime
    wall_s = time.perf_counter() - wall
    print(json.dumps({**result, "cpu": cpu, "wall": wall_s, "peak_mb": end.ru_maxrss / 1024}))


def measure(task: str, path: Path, home: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, str(path), str(home)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sedes", type=int, default=5_000)
    parser.add_argument("--small", type=int, default=600, help="sedes of the small file")
    parser.add_argument("--pairs", type=int, default=1, help="floor and import, in turn")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    sources = Path(os.environ["TRAYECTO_SOURCES"])
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        # `base` holds DIVIPOLA only: every import that must find a warehouse so is given
        # a copy of it
        homes = {name: Path(tmp) / name for name in ("big", "base")}
        for home in homes.values():
            assert not load_divipola(sources / DIVIPOLA, Warehouse(home), dry_run=False).refused
        municipalities = sorted(
            str(c) for c in Warehouse(homes["big"]).read("municipality").column("code").to_pylist()
        )
        path = Path(tmp) / "sede_matricula.csv"
        start = time.perf_counter()
        rows = write_file(path, municipalities, args.sedes)
        print(
            f"file: {args.sedes:,} sedes, {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, "
            f"written in {time.perf_counter() - start:.1f} s (cores: {os.cpu_count()})"
        )
        arrow = measure("arrow-floor", path, Path(tmp))
        print(
            f"pyarrow CSV -> Parquet (floor): CPU {arrow['cpu']:.1f} s, "
            f"wall {arrow['wall']:.1f} s, peak {arrow['peak_mb']:,.0f} MB"
        )
        ratios = []
        for pair in range(args.pairs):
            if pair:  # a warehouse as the first import found it
                shutil.rmtree(homes["big"])
                shutil.copytree(homes["base"], homes["big"])
            floor = measure("floor", path, Path(tmp))
            big = measure("import", path, homes["big"])
            ratios.append(big["cpu"] / floor["cpu"])
            print(
                f"pair {pair + 1}: DuckDB CSV -> Parquet (floor): CPU {floor['cpu']:.1f} s, "
                f"wall {floor['wall']:.1f} s, peak {floor['peak_mb']:,.0f} MB; "
                f"trayecto import sede-matricula: CPU {big['cpu']:.1f} s "
                f"({big['cpu'] / rows * 1e6:.1f} µs/row), wall {big['wall']:.1f} s, "
                f"peak {big['peak_mb']:,.0f} MB; imported {big['rows']:,}; "
                f"CPU ratio import / floor = {ratios[-1]:.1f}×, "
                f"import / pyarrow floor = {big['cpu'] / arrow['cpu']:.1f}×"
            )
        print(
            f"CPU ratio import / floor, median of {len(ratios)} pairs = "
            f"{statistics.median(ratios):.2f}× (goal ≤ 3×; "
            f"{', '.join(f'{r:.2f}' for r in ratios)}); peak memory goal < 1,500 MB"
        )
        print("slowest statements of the import (wall s):")
        for seconds, sql in big["steps"]:
            print(f"  {seconds:7.2f}  {sql}")
        again = measure("import", path, homes["big"])
        hashed = measure("hash", path, Path(tmp))
        print(
            f"same file again: wall {again['wall']:.2f} s, CPU {again['cpu']:.2f} s, "
            f"unchanged = {again['unchanged']} (goal ≤ 1 s); its SHA-256 alone (floor): "
            f"wall {hashed['wall']:.2f} s, ratio {again['wall'] / hashed['wall']:.2f}×"
        )
        ok = not big["refused"] and big["rows"] == rows and again["unchanged"] is True
        # Other sede codes (first digit 3/4), in one department (an ETC's export: Norte de
        # Santander) or in every municipality of the country.
        etc_municipalities = [m for m in municipalities if m.startswith("54")]
        for label, where in (
            ("an ETC's file (one department)", etc_municipalities),
            ("a file spread over every department", municipalities),
        ):
            small = Path(tmp) / "small.csv"
            small_rows = write_file(small, where, args.small, seed=5, first_digit=3)
            ratios = []
            for _ in range(args.pairs):  # fresh copies each time: an import changes its home
                empty, full = Path(tmp) / "empty-copy", Path(tmp) / "full-copy"
                for copy, original in ((empty, homes["base"]), (full, homes["big"])):
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(original, copy)
                into_empty = measure("import", small, empty)
                into_big = measure("import", small, full)
                ratios.append(into_big["cpu"] / into_empty["cpu"])
                print(
                    f"{label}, {small_rows:,} rows, into an empty warehouse: "
                    f"wall {into_empty['wall']:.2f} s, CPU {into_empty['cpu']:.2f} s, "
                    f"peak {into_empty['peak_mb']:,.0f} MB; into the one holding {rows:,} "
                    f"rows: wall {into_big['wall']:.2f} s, CPU {into_big['cpu']:.2f} s, "
                    f"peak {into_big['peak_mb']:,.0f} MB; ratio CPU {ratios[-1]:.2f}×, wall "
                    f"{into_big['wall'] / into_empty['wall']:.2f}×"
                )
                ok = ok and into_big["rows"] == into_empty["rows"] == small_rows
            print(
                f"{label}: CPU ratio into the full / into an empty warehouse, median of "
                f"{len(ratios)} = {statistics.median(ratios):.2f}× (goal ≤ 1.2×)"
            )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
