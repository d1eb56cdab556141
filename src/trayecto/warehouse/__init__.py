"""Parquet tables with an atomically swapped manifest, read through DuckDB."""

from trayecto.warehouse.store import Warehouse

__all__ = ["Warehouse"]
