"""Helpers for the school-level tests: a warehouse with the real reference geography."""

from __future__ import annotations

from pathlib import Path

from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.etc import load as load_etc
from trayecto.warehouse import Warehouse

DIVIPOLA = "divipola/DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv"
MEN_MUNICIPIO = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)


def publish_divipola_municipalities(warehouse: Warehouse, shared_data: Path) -> None:
    """The real DIVIPOLA import (`department`, `municipality` with the known new ones)."""
    report = load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    assert not report.refused, report.problems[:3]


def publish_geography_with_etc(warehouse: Warehouse, shared_data: Path) -> None:
    """DIVIPOLA plus the ETC of each municipality (`etc`, `municipality_etc`)."""
    publish_divipola_municipalities(warehouse, shared_data)
    report = load_etc(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False)
    assert not report.refused, report.problems[:3]
