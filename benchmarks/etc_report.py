"""The ETC analysis report as PDF for the largest priority ETC (Nariño, 61 municipalities):
under 10 s; its size in pages and KB.

Timed: gathering the sections from the warehouse (cold: a fresh warehouse object) and the
PDF (HTML with SVG charts, then WeasyPrint). Baseline in the same run: the HTML alone, so the
cost of printing it is visible.

    TRAYECTO_SOURCES=../shared/data .venv/bin/python benchmarks/etc_report.py [--etc CODE]

The warehouse holds the official sources (OCHA's JIAF table included) and the synthetic
sedes (MEN 2025 totals), so that every section but the 5W cooperation has data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from trayecto.analytics import etc_report
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.reports import etc_report as render
from trayecto.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.official_data import load_official  # noqa: E402

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
TARGET_S = 10.0
NARINO = "3798"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--etc", default=NARINO, help="ETC code (default: Nariño, the largest)")
    parser.add_argument("--no-sedes", action="store_true", help="skip the synthetic sedes (CI)")
    args = parser.parse_args()
    data_dir = Path(os.environ.get("TRAYECTO_SOURCES", ROOT.parent / "shared" / "data"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "warehouse"
        load_official(data_dir, Warehouse(root))
        if not args.no_sedes:
            assert not men_sedes.load(data_dir / MEN_SEDES, Warehouse(root)).refused
            assert not generate_synthetic_sedes(Warehouse(root)).refused
        cpu = time.process_time()
        start = time.perf_counter()
        data = etc_report.gather(Warehouse(root), args.etc, 2025)
        gathered = time.perf_counter() - start
        start = time.perf_counter()
        page = render.render_html(data)
        html_s = time.perf_counter() - start
        start = time.perf_counter()
        pdf, pages = render.render_pdf_pages(data)
        pdf_s = time.perf_counter() - start
        cpu = time.process_time() - cpu - html_s  # the HTML baseline is not part of the report
    total = gathered + pdf_s
    load = os.getloadavg()[0]
    municipalities = len(data["institutional"]["municipalities"])
    print(f"ETC {data['etc']['name']} ({args.etc}): {municipalities} municipalities")
    print(f"gather {gathered:.2f} s; PDF {pdf_s:.2f} s (baseline: the HTML alone {html_s:.2f} s)")
    print(f"PDF: {pages} pages, {len(pdf) / 1024:.0f} KB; HTML {len(page) / 1024:.0f} KB")
    print(f"total {total:.2f} s wall, {cpu:.2f} s CPU (target < {TARGET_S:.0f} s; load {load:.1f})")
    print(f"ratio total / target: {total / TARGET_S:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
