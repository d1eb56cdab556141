"""Level indicators of 2011 (before DANE's CNPV-2018 projection, which starts in 2012): the
re-aggregation has no weights, so departments show MEN's own published figure, labelled."""

from __future__ import annotations

import pytest

from trayecto.analytics import compute, registry
from trayecto.warehouse import Warehouse, engine

LEVEL_CODES = [
    code
    for code in registry.indicators()
    if code.startswith(("cobertura_", "desercion_", "aprobacion_", "reprobacion_", "repitencia_"))
    and code.rsplit("_", 1)[1] in ("transicion", "primaria", "secundaria", "media")
]


@pytest.mark.parametrize("code", LEVEL_CODES)
def test_2011_department_figures_are_mens_own_labelled(official: Warehouse, code: str) -> None:
    con, _ = official.reader()
    published = {
        r["area_code"]: r
        for r in engine.rows(
            con,
            "select area_code, value, source, vintage from official_indicator "
            "where level = 'department' and year = 2011 and indicator_code = $c "
            "qualify row_number() over (partition by area_code order by vintage desc) = 1",
            {"c": code},
        )
    }
    rows = compute.run(official, compute.Query(code, "department", year=2011))
    with_value = [r for r in rows if r["value"] is not None]
    # every department MEN publishes for 2011 has its value; none is left empty
    assert {r["area_code"] for r in with_value} == set(published)
    for r in with_value:
        figure = published[r["area_code"]]
        assert r["value"] == pytest.approx(figure["value"])
        assert r["provenance"]["status"] == "observed"
        assert r["provenance"]["source"] == figure["source"]
        assert r["provenance"]["vintage"] == figure["vintage"]
        assert "published by MEN for this area, not re-aggregated" in r["provenance"]["method"]
        assert r["difference"] is None  # a figure is never compared with itself
        assert r["provenance"]["numerator_status"] == "missing"  # MEN gives no numerator


def test_years_with_weights_are_still_re_aggregated(official: Warehouse) -> None:
    [row] = compute.run(
        official, compute.Query("cobertura_neta_primaria", "department", area="81", year=2012)
    )
    assert row["provenance"]["status"] == "computed"
    assert row["published_value"] is not None
