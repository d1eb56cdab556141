"""Writes of the needs app: one transaction each."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from trayecto.analytics import needs
from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.protected import protected_environment
from trayecto.web.needs.models import NeedsRun
from trayecto.web.response.services.audit import audit


def needs_run_create(
    *,
    name: str,
    parameters: NeedsParameters,
    user: User | None,
    warehouse: Warehouse,
) -> NeedsRun:
    """Compute a run over the current warehouse and the year's emergencies, and store it
    with what it read."""
    result = needs.run(warehouse, parameters, protected_environment(parameters.year))
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
        audit(user, "needs_run.create", run, name=name, year=parameters.year,
              warehouse_version=result.manifest_version)  # fmt: skip
    return run


def needs_run_publish(*, run: NeedsRun, user: User | None) -> NeedsRun:
    """Make a run the cluster's own published figure (the bulletin shows the latest one)."""
    with transaction.atomic():
        if run.published_at is None:
            run.published_at = timezone.now()
            run.published_by = user
            run.save(update_fields=["published_at", "published_by"])
            audit(user, "needs_run.publish", run, name=run.name, year=run.year,
                  warehouse_version=run.warehouse_version)  # fmt: skip
    return run
