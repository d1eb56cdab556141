"""`trayecto demo`: official sources, demo organisations and one login per role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console

from trayecto import paths
from trayecto.importers import fetch, registry
from trayecto.warehouse import Warehouse


def load_demo(*, mirror: Path | None, console: Console) -> dict[str, Any]:
    """Load what the demo shows; running it again is harmless (imports are idempotent)."""
    files = fetch.fetch_all(paths.sources_dir(), mirror=mirror, console=console)
    warehouse = Warehouse(paths.warehouse_dir())
    reports = []
    for source_id, path in files.items():
        report = registry.get(source_id).load_function()(path, warehouse, dry_run=False)
        console.print(
            f"{source_id}: {report.rows_imported} rows imported, {report.rows_rejected} rejected"
        )
        reports.append(report.as_dict())
    return {"imports": reports, "logins": []}
