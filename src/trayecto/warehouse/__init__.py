"""Parquet tables with an atomically swapped manifest, read through DuckDB."""

from trayecto.warehouse.store import Manifest, Update, Warehouse

__all__ = ["Manifest", "Update", "Warehouse"]
