"""Import speed of a large `sede-matricula` file (SIMAT export format, synthetic counts),
against reading the same CSV with pandas alone (a floor: no validation, nothing published).

    TRAYECTO_SOURCES=DIR .venv/bin/python benchmarks/sede_matricula_import.py [--sedes 5000]

Data: `--sedes` sedes in real DIVIPOLA municipalities × 14 grades × 2 sexes × 3 ages × 2
nationalities, one year (5,000 sedes: 840,000 rows; a national file of 53,000 sedes would
be 8.9 million rows). The import validates every row, publishes `sede`, `sede_enrolment`
and the summary `sede_enrolment_grade` in one swap.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from trayecto.importers import sede_matricula
from trayecto.importers.geography import load_divipola
from trayecto.warehouse import Warehouse

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


def write_file(path: Path, municipalities: list[str], sedes: int, seed: int = 3) -> int:
    rng = np.random.default_rng(seed)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADERS)
        for i in range(sedes):
            municipality = municipalities[i % len(municipalities)]
            code = f"{1 + i % 2}{municipality}{i:06d}"
            teachers = int(rng.integers(2, 40))
            for grade in range(-2, 12):
                for sex in ("F", "M"):
                    for offset in (0, 1, 3):
                        for nationality in ("COL", "VEN"):
                            enrolled = int(rng.integers(0, 12))
                            withdrawn = int(rng.integers(0, 2)) if enrolled else 0
                            failed = int(rng.integers(0, 2)) if enrolled > withdrawn else 0
                            out.writerow(
                                [
                                    2025,
                                    code,
                                    f"SEDE SINTÉTICA {i}",
                                    "URBANA" if i % 3 else "RURAL",
                                    "OFICIAL",
                                    teachers,
                                    grade,
                                    sex,
                                    5 + grade + offset,
                                    nationality,
                                    enrolled,
                                    withdrawn,
                                    enrolled - withdrawn - failed,
                                    failed,
                                    int(rng.integers(0, 2)) if enrolled else 0,
                                ]
                            )
                            rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sedes", type=int, default=5_000)
    args = parser.parse_args()
    sources = Path(os.environ["TRAYECTO_SOURCES"])
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "warehouse")
        assert not load_divipola(sources / DIVIPOLA, warehouse, dry_run=False).refused
        municipalities = sorted(
            str(c) for c in warehouse.read("municipality").column("code").to_pylist()
        )
        path = Path(tmp) / "sede_matricula.csv"
        start = time.perf_counter()
        rows = write_file(path, municipalities, args.sedes)
        print(
            f"file: {args.sedes:,} sedes, {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, "
            f"written in {time.perf_counter() - start:.1f} s (cores: {os.cpu_count()})"
        )
        start = time.perf_counter()
        frame = pd.read_csv(path, sep=";", dtype=str)
        pandas_seconds = time.perf_counter() - start
        print(f"pandas read_csv alone (floor): {pandas_seconds:.1f} s, {len(frame):,} rows")
        start = time.perf_counter()
        report = sede_matricula.load(path, warehouse)
        seconds = time.perf_counter() - start
        print(
            f"trayecto import sede-matricula: {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s); read {report.rows_read:,}, imported "
            f"{report.rows_imported:,}, rejected {report.rows_rejected:,}; "
            f"ratio import / read_csv = {seconds / pandas_seconds:.1f}×"
        )
        start = time.perf_counter()
        again = sede_matricula.load(path, warehouse)
        print(
            f"same file again: {time.perf_counter() - start:.1f} s, "
            f"unchanged = {again.details.get('unchanged')}"
        )
        ok = not report.refused and report.rows_imported == rows
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
