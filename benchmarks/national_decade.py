"""A national decade of school-level data (issue 17): ten national years of synthetic sede
rows, about 89 million, published year by year; then the main pages' queries on it and a
SIMAT file imported into it, each beside its baseline in the same run.

    TRAYECTO_SOURCES=DIR .venv/bin/python benchmarks/national_decade.py \
        [--sedes 53000] [--years 10] [--small 600] [--requests 10]

Data (synthetic, never real): benchmarks/sede_data.py's `generate_decade`, `--sedes` sedes
in DIVIPOLA's real municipalities × `--years` years × 168 cells (14 grades × 2 sexes × 2
nationalities × 3 ages, as a SIMAT export), flagged `is_synthetic`. The rows carry the
source `sede-matricula` so that a SIMAT file imported later lands in the same partitions
(source × year × department), as it would in a warehouse fed by ten years of such files.

Measured, with the baseline of each in the same run:
- each year's publication (partitions written and summarised), the tenth beside the
  first (goal: a write's cost does not grow with the years already held);
- every school-level indicator at every level and sex over all the years, through the
  registry (goal < 60 s), beside one hand-written DuckDB query (benchmarks/sede_handwritten.py);
- the explorer at level sede, national, one year (server time and bytes through Django's
  test client; goal p95 < 300 ms and < 300 KB), the first request (computes) beside the
  warm ones;
- a SIMAT file of `--small` new sedes of the last year, spread over many departments,
  imported (CSV read, checked, published) into the decade against into an empty warehouse
  (goal within 20 %), and the same file again.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# A query's time limit guards web requests; a benchmark measures how long its queries take
# on a machine that may be loaded, and must not stop half-way (read when engine is imported).
os.environ.setdefault("TRAYECTO_QUERY_TIME_LIMIT", "900")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import explorer_pages  # noqa: E402
import sede_data  # noqa: E402
import sede_handwritten  # noqa: E402
import sede_matricula_import  # noqa: E402
import sede_recompute  # noqa: E402

from trayecto.importers import sede_matricula  # noqa: E402
from trayecto.importers.divipola import load as load_divipola  # noqa: E402
from trayecto.warehouse import Warehouse  # noqa: E402

RECOMPUTE_TARGET_S = 60.0
IMPORT_TARGET_RATIO = 1.2


def folder_bytes(root: Path) -> int:
    return sum(f.stat().st_size for f in root.rglob("*.parquet"))


def explorer_times(sedes: int, year: int, requests: int) -> bool:
    """The explorer's sede-level page of `year` as an IM officer; True when it answered
    with about one row per sede."""
    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.web.accounts.services import member_upsert, organization_upsert
    from trayecto.web.statistics import explorer

    organization = organization_upsert(code="bench", name="Benchmark", type="un", is_demo=True)
    member_upsert(
        username="bench-im",
        password=secrets.token_urlsafe(),
        organization=organization,
        role="im_officer",
    )
    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(get_user_model().objects.get(username="bench-im"))
    url = f"/indicadores/?indicador=desercion_sede&nivel=sede&anio={year}"
    first, _, _ = explorer_pages.measure(client, url, 1)
    warm, size, _ = explorer_pages.measure(client, url, requests)
    rows = len(
        explorer.explore(
            explorer.ExplorerFilters(code="desercion_sede", level="sede", year=year)
        ).rows
    )
    p95 = explorer_pages.percentile(warm, 0.95)
    print(
        f"explorer, sede level, national, {year} ({rows:,} rows, paged): first request "
        f"(computes every year's deserción) {first[0] / 1000:.1f} s; "
        + explorer_pages.line("warm", warm, size).strip()
        + f"; goal p95 < {explorer_pages.TARGET_MS:.0f} ms: "
        + ("PASS" if p95 < explorer_pages.TARGET_MS else "FAIL")
    )
    return rows >= sedes * 0.99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sedes", type=int, default=53_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--small", type=int, default=600, help="sedes of the SIMAT file")
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    sources = Path(os.environ["TRAYECTO_SOURCES"])
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRAYECTO_HOME"] = str(Path(tmp) / "home")
        from trayecto import paths

        warehouse = Warehouse(paths.warehouse_dir())
        empty = Warehouse(Path(tmp) / "empty")
        for home in (warehouse, empty):
            assert not load_divipola(
                sources / sede_matricula_import.DIVIPOLA, home, dry_run=False
            ).refused
        municipalities = sorted(str(c) for c in warehouse.read("municipality").column("code"))

        years: list[tuple[int, int, float, float]] = []

        def on_year(year: int, rows: int, wall: float, cpu: float) -> None:
            years.append((year, rows, wall, cpu))
            print(f"  {year}: {rows:,} rows published in wall {wall:.1f} s, CPU {cpu:.1f} s")

        print(f"generating {args.years} years of {args.sedes:,} sedes (cores: {os.cpu_count()}):")
        start = time.perf_counter()
        total = sede_data.generate_decade(
            warehouse,
            sedes=args.sedes,
            years=args.years,
            municipalities=np.array(municipalities),
            source=sede_matricula.SOURCE,
            on_year=on_year,
        )
        held = warehouse.entry("sede_enrolment")
        ok = ok and held.rows == total
        first, last = years[0], years[-1]
        print(
            f"decade: {total:,} sede_enrolment rows in {len(held.partitions)} partitions, "
            f"{warehouse.entry('sede_enrolment_grade').rows:,} summary rows, "
            f"{folder_bytes(warehouse.root) / 1e9:.2f} GB of Parquet, "
            f"{time.perf_counter() - start:.0f} s in all; year {last[0]} published beside "
            f"year {first[0]} (into an empty table): wall {last[2] / first[2]:.2f}×, "
            f"CPU {last[3] / first[3]:.2f}×"
        )

        sede_recompute.cold(warehouse)
        start = time.perf_counter()
        results = sede_recompute.recompute_registry(warehouse, (None,))
        registry_s = time.perf_counter() - start
        indicators = len({code for code, _ in results})
        ok = ok and indicators > 0
        con, _ = warehouse.reader()
        start = time.perf_counter()
        limit_rows = sede_handwritten.recompute(con)
        limit_s = time.perf_counter() - start
        print(
            f"every school-level indicator ({indicators}) at every level, both sexes, "
            f"{args.years} years: registry {registry_s:.1f} s (goal < {RECOMPUTE_TARGET_S:.0f} s);"
            f" hand-written DuckDB query, every sex: {limit_s:.1f} s ({limit_rows:,} rows)"
        )

        ok = explorer_times(args.sedes, last[0], args.requests) and ok

        small = Path(tmp) / "small.csv"
        small_rows = sede_matricula_import.write_file(
            small, municipalities, args.small, seed=5, first_digit=3, first_sede=args.sedes,
            year=last[0],
        )  # fmt: skip
        into_empty = sede_matricula_import.measure("import", small, empty.root)
        into_decade = sede_matricula_import.measure("import", small, warehouse.root)
        again = sede_matricula_import.measure("import", small, warehouse.root)
        departments = len(
            {
                municipalities[i % len(municipalities)][:2]
                for i in range(args.sedes, args.sedes + args.small)
            }
        )
        appended = sum(
            1 for part in warehouse.entry("sede_enrolment").partitions.values() if part.appended
        )
        print(
            f"SIMAT file of {small_rows:,} rows ({args.small} new sedes of {last[0]} in "
            f"{departments} departments) into an empty warehouse: wall {into_empty['wall']:.2f} s, "
            f"CPU {into_empty['cpu']:.2f} s; into the decade ({total:,} rows): "
            f"wall {into_decade['wall']:.2f} s, CPU {into_decade['cpu']:.2f} s, "
            f"{appended} partitions appended to; ratio CPU "
            f"{into_decade['cpu'] / into_empty['cpu']:.2f}×, wall "
            f"{into_decade['wall'] / into_empty['wall']:.2f}× "
            f"(goal ≤ {IMPORT_TARGET_RATIO}×); the same file again: wall {again['wall']:.2f} s, "
            f"unchanged = {again['unchanged']}"
        )
        ok = ok and into_decade["rows"] == into_empty["rows"] == small_rows
        ok = ok and again["unchanged"] is True and appended > 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
