"""Demo: one needs run over the real official data the demo imports (DANE, MEN, Migración
Colombia, OCHA's JIAF table), with the default parameters, published so that the demo's
bulletin shows it beside OCHA's figure. The run is the demo's, and its name says so; where
the demo's sedes are synthetic (students per teacher), the run's sources say it too.
Running the demo again changes nothing: the run is made once."""

from __future__ import annotations

from typing import Any

from trayecto.domain.needs import NeedsParameters
from trayecto.warehouse import Warehouse
from trayecto.web.needs.models import NeedsRun
from trayecto.web.needs.services import needs_run_create, needs_run_publish

DEMO_RUN = "DEMO: umbrales por defecto"


def load_needs_demo(warehouse: Warehouse) -> dict[str, Any]:
    if not (warehouse.has("municipality") and warehouse.has("jiaf_hno")):
        return {"needs": "skipped: no geography or no OCHA JIAF table"}
    run = NeedsRun.objects.filter(name=DEMO_RUN).first()
    if run is None:
        run = needs_run_create(
            name=DEMO_RUN, parameters=NeedsParameters(), user=None, warehouse=warehouse
        )
    needs_run_publish(run=run, user=None)
    return {"needs": {"run": run.pk, "pin": round(run.totals["pin"]), "missing": run.missing}}
