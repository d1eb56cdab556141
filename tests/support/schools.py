"""Helpers for the school-level tests: a warehouse with the real reference geography."""

from __future__ import annotations

from pathlib import Path

from trayecto.importers.geography import load_divipola
from trayecto.warehouse import Warehouse

DIVIPOLA = "divipola/DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv"


def publish_divipola_municipalities(warehouse: Warehouse, shared_data: Path) -> None:
    """The real DIVIPOLA import (`department`, `municipality` with the known new ones)."""
    report = load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    assert not report.refused, report.problems[:3]
