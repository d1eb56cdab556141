"""OCHA's published education needs (`jiaf_hno`, importers/jiaf_hno.py) as the rest of the
platform reads them: the PiN of each municipality for the 5W progress against PiN, and the
official side of the comparison with our own needs runs. The indicators `pin_education`
and `severidad_educacion` read the same table through the registry."""

from __future__ import annotations

from trayecto.warehouse import Warehouse, engine

TABLE = "jiaf_hno"


def pin_by_municipality(warehouse: Warehouse, plan_year: int) -> dict[str, float]:
    """OCHA's education PiN per municipality for an HNO plan year ({} before the import)."""
    if not warehouse.has(TABLE):
        return {}
    con, _ = warehouse.reader()
    found = engine.rows(
        con,
        "select municipality_code, pin_education from jiaf_hno "
        "where plan_year = $year and pin_education is not null",
        {"year": plan_year},
    )
    return {r["municipality_code"]: float(r["pin_education"]) for r in found}
