"""An event's list of affected sedes: import time of a national list and the event page.

    python benchmarks/affected_schools.py [--sedes 6000] [--requests 50]

The list is generated (SYNTHETIC, written to a temporary folder) from the real sede list of
the data mirror: the 2026 Chocó earthquake list gives the rows (names, severities, enrolment
by level, teachers, organisations), repeated over the municipalities of 21 departments of
DIVIPOLA (real names) with new sede codes, as the national list had 6,028 sedes in 451
municipalities of 21 departments. Imports into a temporary $TRAYECTO_HOME with the real
geography (divipola, mgn2018, etc).

Measured: the import into the event (read, check, replace the list's rows in the database:
`services.affected_list_import`), target 5 s, with its baseline in the same run, the reading
and checking alone (`importers.affected_schools.read`); and the event page's server time as
an IM officer (Django's test client, in-process), target p95 300 ms, beside the same page for
the real 300-sede list. The page keeps each event's figures per data version
(`selectors.cached_figures`); the baseline in the same run is the page with the cache
emptied before every request (what every request did before the figures were kept).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

import throwaway

IMPORT_TARGET_S = 5.0
PAGE_TARGET_MS = 300.0
GEOGRAPHY = ("divipola", "mgn2018", "etc")
CHOCO = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
DEPARTMENTS = 21


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def national_list(mirror: Path, target: Path, sedes: int) -> tuple[Path, list[str]]:
    """Write a SYNTHETIC national list; returns it and its department codes."""
    from trayecto import paths
    from trayecto.warehouse import Warehouse
    from trayecto.warehouse.engine import rows

    with open(mirror / CHOCO, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        header = list(reader.fieldnames or [])
        source = [r for r in reader if r["Departamento"] == "Chocó"]
    con, _ = Warehouse.for_root(paths.warehouse_dir()).reader()
    municipalities = rows(
        con,
        "select code, name, department_code from municipality where department_code in "
        "(select code from department order by code limit $n) order by code",
        {"n": DEPARTMENTS},
    )
    departments = sorted({m["department_code"] for m in municipalities})
    written = []
    for i in range(sedes):
        row = dict(source[i % len(source)])
        place = municipalities[i % len(municipalities)]
        row["Código DANE"] = f"1{place['code']}{900000 + i:06d}"
        row["Municipio"] = place["name"]
        row["Sede"] = f"{row['Sede']} (SINTÉTICO {i})"
        row["Secretaría"] = ""
        row["Aporte % ETC"] = ""
        written.append(row)
    path = target / "sedes_afectadas_nacional_sintetico.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, delimiter=";")
        writer.writeheader()
        writer.writerows(written)
    return path, departments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sedes", type=int, default=6000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    mirror = Path(os.environ.get("TRAYECTO_SOURCES", ""))
    if not (mirror / CHOCO).is_file():
        sys.exit("Set TRAYECTO_SOURCES to the data mirror (the Chocó list is read from it).")
    throwaway.home()
    from trayecto import paths
    from trayecto.importers import registry
    from trayecto.warehouse import Warehouse

    store = Warehouse.for_root(paths.warehouse_dir())
    for source_id in GEOGRAPHY:
        source = registry.get(source_id)
        source.load_function()(mirror / source.folder / source.filename, store, dry_run=False)

    from trayecto.web.bootstrap import ensure_home

    ensure_home()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from trayecto.importers import affected_schools
    from trayecto.web.accounts.services import member_upsert, organization_upsert
    from trayecto.web.emergencies import services

    path, departments = national_list(mirror, throwaway.folder(), args.sedes)
    event = services.event_create(
        data=services.EventInput(
            type="natural_disaster", subtype="earthquake", title="Sismo (benchmark, SINTÉTICO)",
            start_date=dt.date(2026, 8, 9), department_codes=tuple(departments),
        ),
        user=None, store=store,
    )  # fmt: skip
    start = time.perf_counter()
    read = affected_schools.read(path, store, territory=services.territory_of(event))
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    report = services.affected_list_import(event=event, path=path, store=store, user=None)
    import_s = time.perf_counter() - start
    assert report.reconciles, report.problems[:3]
    assert not report.refused, report.problems[:3]
    assert read.report.rows_imported == report.rows_imported
    start = time.perf_counter()
    services.affected_list_import(event=event, path=path, store=store, user=None)
    reimport_s = time.perf_counter() - start
    choco = services.event_create(
        data=services.EventInput(
            type="natural_disaster", subtype="earthquake", title="Sismo de Chocó",
            start_date=dt.date(2026, 8, 9), department_codes=("27",),
        ),
        user=None, store=store,
    )  # fmt: skip
    services.affected_list_import(event=choco, path=mirror / CHOCO, store=store, user=None)

    organization = organization_upsert(code="bench", name="Benchmark", type="ingo", is_demo=True)
    member_upsert(username="bench-im", password=secrets.token_urlsafe(),
                  organization=organization, role="im_officer")  # fmt: skip
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(get_user_model().objects.get(username="bench-im"))
    from django.core.cache import cache

    timings: dict[str, list[float]] = {}
    for name, pk in (("national", event.pk), ("choco", choco.pk)):
        url = f"/emergencias/{pk}/"
        assert client.get(url).status_code == 200  # warm the memo (area names)
        for kept in (False, True):
            values = []
            for _ in range(args.requests):
                if not kept:
                    cache.clear()
                begin = time.perf_counter()
                response = client.get(url)
                values.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200
            timings[name if kept else f"{name}, figures not kept"] = values

    print(f"list: {report.rows_read:,} rows read, {report.rows_imported:,} imported into "
          f"{len(departments)} departments (SYNTHETIC, from the real Chocó rows)")  # fmt: skip
    print(f"import into the event   {import_s:6.2f} s   (target {IMPORT_TARGET_S:.0f} s)")
    print(f"re-import (replace)     {reimport_s:6.2f} s")
    print(f"baseline: read + check  {read_s:6.2f} s   import / read = {import_s / read_s:.2f}")
    for name, values in timings.items():
        sedes = report.rows_imported if name.startswith("national") else 300
        how = "baseline, figures not kept" if "not kept" in name else "figures kept"
        print(f"event page, {sedes:>5,} sedes ({how:>26}): median "
              f"{statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms   "
              f"max {max(values):7.1f} ms   (n={len(values)}, target p95 "
              f"{PAGE_TARGET_MS:.0f} ms)")  # fmt: skip
    ratio = percentile(timings["national"], 0.95) / percentile(timings["choco"], 0.95)
    print(f"p95 national / p95 Chocó 300 sedes = {ratio:.2f}")
    kept = percentile(timings["national, figures not kept"], 0.95) / percentile(
        timings["national"], 0.95
    )
    print(f"baseline: p95 not kept / p95 kept, national = {kept:.2f}")


if __name__ == "__main__":
    main()
