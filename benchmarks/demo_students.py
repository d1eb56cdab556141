"""The demo's synthetic students: the seven priority departments against Arauca alone.

    TRAYECTO_SOURCES=DIR PYTHONPATH=. .venv/bin/python benchmarks/demo_students.py \
        [--one-sede-in 10]

Builds one home with the geography, MEN's 2025 sede file and the demo's synthetic sedes, copies
it, then loads three years of synthetic students (`load_synthetic_students`, generated,
written, imported through `simat-estudiantes`) into one copy for Arauca alone (the baseline,
what the demo did before) and into the other for the demo's groups (Arauca complete, one
sede in `--one-sede-in` of the six other priority departments). Prints wall and CPU seconds,
rows imported and the ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import tempfile
import time
from pathlib import Path

from tests.support.schools import publish_geography_with_etc

from trayecto.importers import men_sedes
from trayecto.importers import synthetic_students as synth
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


def timed(warehouse: Warehouse, groups: tuple[synth.DemoGroup, ...]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    reports = synth.load_synthetic_students(warehouse, groups=groups)
    assert not any(r.refused for r in reports)
    rows = sum(r.rows_imported for r in reports)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one-sede-in", type=int, default=synth.OTHER_PRIORITY.one_sede_in)
    args = parser.parse_args()
    data = Path(os.environ["TRAYECTO_SOURCES"])
    others = dataclasses.replace(synth.OTHER_PRIORITY, one_sede_in=args.one_sede_in)
    with tempfile.TemporaryDirectory(prefix="trayecto-demo-students-") as folder:
        base = Warehouse(Path(folder) / "base" / "warehouse")
        publish_geography_with_etc(base, data)
        assert not men_sedes.load(data / MEN_SEDES, base).refused
        assert not generate_synthetic_sedes(base).refused
        results = {}
        for name, groups in (("Arauca alone", (synth.ARAUCA,)),
                             ("seven departments", (synth.ARAUCA, others))):  # fmt: skip
            home = Path(folder) / name.replace(" ", "-")
            shutil.copytree(base.root.parent, home)
            results[name] = timed(Warehouse(home / "warehouse"), groups)
    print("students of | rows imported (3 years) | wall s | CPU s")
    for name, (wall, cpu, rows) in results.items():
        print(f"{name} | {rows:,} | {wall:.1f} | {cpu:.1f}")
    base_cpu, all_cpu = results["Arauca alone"][1], results["seven departments"][1]
    print(f"CPU ratio seven departments / Arauca alone: {all_cpu / base_cpu:.1f}x "
          f"(one sede in {args.one_sede_in} outside Arauca)")  # fmt: skip


if __name__ == "__main__":
    main()
