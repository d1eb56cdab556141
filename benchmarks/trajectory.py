"""Trajectories at scale: importing SIMAT student files (rows/s, peak memory), then linking
two years and counting every level, against a plain pandas implementation of the same
linking and transitions in the same run (the figures of both must agree).

    TRAYECTO_SOURCES=DIR PYTHONPATH=. .venv/bin/python benchmarks/trajectory.py \
        [--students 250000 1000000 ...]

Data: the demo's synthetic sedes (the 7 departments of the MEN 2025 sede file of the mirror,
about 14,000 sedes) with their first-year students multiplied to reach `--students`, a second
year simulated from them (importers/synthetic_students_years.py), each written as a SINTÉTICO
CSV. Each import runs in a process of its own, so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from tests.support.schools import publish_geography_with_etc

from trayecto.analytics import trajectory
from trayecto.importers import men_sedes, simat_students
from trayecto.importers import synthetic_students as synth
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse, engine

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
YEARS = (2024, 2025)


def prepare(home: Path, mirror: Path) -> Warehouse:
    warehouse = Warehouse(home / "warehouse")
    publish_geography_with_etc(warehouse, mirror)
    for report in (
        men_sedes.load(mirror / MEN_SEDES, warehouse),
        generate_synthetic_sedes(warehouse, seed=2025),
    ):
        assert not report.refused, report.problems[:3]
    return warehouse


def write_files(warehouse: Warehouse, students: int, folder: Path) -> list[Path]:
    con = warehouse.connect()
    departments = [
        r[0] for r in engine.values(con, "select distinct substr(sede_code, 2, 2) from sede")
    ]
    sedes, cells = synth.from_warehouse(con, 2024, departments)
    con.close()
    # scale the first-year cells to the size asked (each cell keeps its shares)
    factor = students / max(1, int(cells.enrolled.sum()))
    rng = np.random.default_rng(7)
    scaled = rng.poisson(cells.enrolled * factor)
    share = np.divide(scaled, np.maximum(cells.enrolled, 1))
    cells.withdrawn = np.minimum(scaled, np.round(cells.withdrawn * share).astype(np.int64))
    cells.failed = np.minimum(
        scaled - cells.withdrawn, np.round(cells.failed * share).astype(np.int64)
    )
    cells.enrolled = scaled
    generator, years = synth.generate_years(sedes, cells, YEARS, seed=11)
    paths = []
    for year in years:
        path = folder / synth.file_name(year.year)
        synth.write_csv(generator.table(year), path)
        paths.append(path)
    return paths


def child_import(home: str, path: str) -> None:
    """In its own process: import one file, print seconds, rows and peak memory (MB)."""
    os.environ["TRAYECTO_HOME"] = home
    before = resource.getrusage(resource.RUSAGE_SELF)
    start_cpu = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    report = simat_students.load(Path(path), Warehouse(Path(home) / "warehouse"))
    seconds = time.perf_counter() - start
    assert not report.refused, report.problems[:3]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - start_cpu
    print(
        json.dumps(
            {"seconds": seconds, "cpu": cpu, "rows": report.rows_imported,
             "peak_mb": peak_mb(usage)}
        )
    )  # fmt: skip


def peak_mb(usage: resource.struct_rusage) -> float:
    """This process's own peak resident memory. Not `ru_maxrss` where /proc tells better:
    Linux carries over into it the peak of the process that started this one (fork, then
    exec), so a child of a parent holding gigabytes of pandas reported the parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return usage.ru_maxrss / 1024


def import_in_child(home: Path, path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child-import", str(home), str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TRAYECTO_HOME": str(home)},
    )
    if result.returncode:
        raise SystemExit(f"the import of {path.name} failed:\n{result.stderr[-3000:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


# ----------------------------------------------------------------------------- pandas
def pandas_flows(files: list[str], place: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The same linking and transitions written the straightforward way in pandas, over the
    same Parquet files; places from `place` (sede -> municipality, as the `sede` table says),
    at sede, municipality, department and nation."""
    frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    frame["keep"] = frame["status"] != "trasladado"
    frame = frame.sort_values(["year", "student_id", "keep", "row_order", "sede_code"])
    origin = frame.drop_duplicates(["year", "student_id"], keep="last")
    now = origin[origin["year"] == YEARS[0]]
    after = origin[origin["year"] == YEARS[1]]
    by_doc = now[["student_id"]].merge(after[["student_id"]], on="student_id")
    by_doc = by_doc.assign(right_id=by_doc["student_id"])
    rest_now = now[~now["student_id"].isin(after["student_id"])]
    rest_after = after[~after["student_id"].isin(now["student_id"])]
    once_now = rest_now[~rest_now["link_id"].duplicated(keep=False)]
    once_after = rest_after[~rest_after["link_id"].duplicated(keep=False)]
    by_name = once_now[["student_id", "link_id"]].merge(
        once_after[["student_id", "link_id"]].rename(columns={"student_id": "right_id"}),
        on="link_id",
    )[["student_id", "right_id"]]
    links = pd.concat([by_doc, by_name], ignore_index=True)
    enrolled = now[now["grade"].between(0, 11)].merge(links, on="student_id", how="left")
    nxt = after[["student_id", "grade", "sede_code"]].rename(
        columns={"student_id": "right_id", "grade": "next_grade", "sede_code": "next_sede"}
    )
    enrolled = enrolled.merge(nxt, on="right_id", how="left")
    found = enrolled["next_grade"].notna()
    graduated = (enrolled["grade"] == 11) & (enrolled["result"] == "aprobado")
    enrolled["outcome"] = np.select(
        [graduated, ~found, enrolled["next_grade"] > enrolled["grade"]],
        ["graduated", "dropped_out", "promoted"],
        "repeated",
    )
    moved = enrolled["outcome"].isin(["promoted", "repeated"])
    enrolled["changed_sede"] = moved & (enrolled["next_sede"] != enrolled["sede_code"])
    municipality = enrolled["sede_code"].map(place).fillna(enrolled["sede_code"].str[1:6])
    next_municipality = enrolled["next_sede"].map(place).fillna(enrolled["next_sede"].str[1:6])
    enrolled["changed_municipality"] = moved & (next_municipality != municipality)
    enrolled["municipality_code"] = municipality
    enrolled["department_code"] = municipality.str[:2]
    enrolled["nation_code"] = "CO"
    out = {}
    for level in ("sede_code", "municipality_code", "department_code", "nation_code"):
        counts = pd.crosstab(enrolled[level], enrolled["outcome"])
        counts["enrolled"] = counts.sum(axis=1)
        counts["changed_sede"] = enrolled.groupby(level)["changed_sede"].sum()
        counts["changed_municipality"] = enrolled.groupby(level)["changed_municipality"].sum()
        out[level] = counts
    return out


def compared_with_pandas(
    warehouse: Warehouse, levels: dict[str, list[dict[str, object]]]
) -> tuple[float, float]:
    """pandas' wall and CPU seconds over the same files; its figures must be the project's."""
    entry = warehouse.manifest().tables["student_enrolment"]
    parquet = [str(warehouse.root / f) for f in entry.files]
    sede = warehouse.read("sede").to_pandas().sort_values("year")
    place = dict(zip(sede["sede_code"], sede["municipality_code"], strict=True))
    start, start_cpu = time.perf_counter(), time.process_time()
    baseline = pandas_flows(parquet, place)
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    # the same figures, or the comparison means nothing
    [nation] = levels["nation"]
    row = baseline["nation_code"].loc["CO"]
    for name in ("enrolled", "promoted", "repeated", "dropped_out", "graduated",
                 "changed_sede", "changed_municipality"):  # fmt: skip
        assert nation[name] == int(row.get(name, 0)), (name, nation[name], row)
    assert len(levels["sede"]) == len(baseline["sede_code"])
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--child-import", nargs=2, metavar=("HOME", "FILE"))
    parser.add_argument(
        "--pandas-max", type=int, default=None,
        help="compare with pandas only up to this many students a year (pandas holds both "
        "years in memory: about 20 GB at a national size)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.child_import:
        child_import(*args.child_import)
        return
    mirror = Path(os.environ["TRAYECTO_SOURCES"])
    print(
        "students/year | rows (2 years) | import wall / CPU s (rows/s wall) | peak MB | "
        "link + 5 levels wall / CPU s | pandas wall / CPU s | CPU ratio pandas / project"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        prepare(base, mirror)
        for students in args.students:
            home = Path(tmp) / f"home-{students}"
            subprocess.run(["cp", "-r", str(base), str(home)], check=True)
            files = write_files(Warehouse(home / "warehouse"), students, Path(tmp))
            imports = [import_in_child(home, path) for path in files]
            for path in files:
                path.unlink()
            warehouse = Warehouse(home / "warehouse")
            con = warehouse.connect()
            start, start_cpu = time.perf_counter(), time.process_time()
            linked = trajectory.Linked(con, YEARS[0])
            levels = {level: linked.flows(level=level) for level in trajectory.LEVELS}
            project, project_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            con.close()
            pandas_s = pandas_cpu = float("nan")
            if args.pandas_max is None or students <= args.pandas_max:
                pandas_s, pandas_cpu = compared_with_pandas(warehouse, levels)
            rows = sum(int(i["rows"]) for i in imports)
            seconds = sum(i["seconds"] for i in imports)
            cpu = sum(i["cpu"] for i in imports)
            peak = max(i["peak_mb"] for i in imports)
            print(
                f"{students:,} | {rows:,} | {seconds:.1f} / {cpu:.1f} ({rows / seconds:,.0f}) | "
                f"{peak:,.0f} | {project:.2f} / {project_cpu:.2f} | "
                + (
                    "— | —"
                    if math.isnan(pandas_s)
                    else f"{pandas_s:.2f} / {pandas_cpu:.2f} | {pandas_cpu / project_cpu:.1f}x"
                )
            )
            print(f"  links: {[s.as_dict() for s in linked.stages]}")
    print("CPU ratio pandas / project above: the same linking and transitions, same files")


if __name__ == "__main__":
    main()
