"""Writes of the needs app: one transaction each."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from trayecto.analytics import needs
from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse
from trayecto.web.needs.models import NeedsRun


def needs_run_create(
    *,
    name: str,
    parameters: NeedsParameters,
    user: User | None,
    warehouse: Warehouse,
) -> NeedsRun:
    """Compute a run over the current warehouse and store it with what it read."""
    result = needs.run(warehouse, parameters)
    rows: list[dict[str, Any]] = [{**row, "explanation": needs.explain(row)} for row in result.rows]
    with transaction.atomic():
        run = NeedsRun(
            name=name,
            year=parameters.year,
            parameters=parameters.as_dict(),
            warehouse_version=result.manifest_version,
            results=rows,
            totals=result.totals(),
            sources=result.sources,
            missing=result.missing,
            created_by=user,
        )
        run.full_clean()
        run.save()
    return run
