"""Helpers for the school-level tests: a warehouse with the real municipality list."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from trayecto.warehouse import Warehouse


def publish_divipola_municipalities(warehouse: Warehouse, shared_data: Path) -> None:
    """The real DIVIPOLA municipalities as the `municipality` table the importers check."""
    path = next((shared_data / "divipola").glob("DIVIPOLA*.csv"))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    warehouse.publish(
        "municipality",
        pa.table(
            {
                "municipality_code": [r["COD_MPIO"].zfill(5) for r in records],
                "name": [r["NOM_MPIO"] for r in records],
                "department_code": [r["COD_DPTO"].zfill(2) for r in records],
            }
        ),
    )
