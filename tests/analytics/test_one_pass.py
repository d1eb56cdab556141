"""The one-pass computations give exactly what the plain ones give: every level summed at
once (aggregate_levels.sql) against one level, year and sex at a time (aggregate.sql), for
every registry indicator over the real official data and over sede data."""

from __future__ import annotations

import math
from typing import Any

from tests.analytics.test_school_level_registry import schools  # noqa: F401  (fixture)
from trayecto.analytics import aggregation, compute, registry
from trayecto.warehouse import Warehouse

LEVELS = ("municipality", "etc", "department", "nation")


def same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.keys() == y.keys()
        for key in x:
            if isinstance(x[key], float) and isinstance(y[key], float):
                assert math.isclose(x[key], y[key], rel_tol=1e-12, abs_tol=1e-9), (key, x, y)
            else:
                assert x[key] == y[key], (key, x, y)


def check_every_level(warehouse: Warehouse, codes: list[str]) -> int:
    con, version = warehouse.reader()
    present = compute.areas.tables(con)
    compared = 0
    for code in codes:
        indicator = registry.get(code)
        if not all(t in present for t in indicator.requires):
            continue
        base = compute.base_table(con, indicator, version, warehouse.root)
        sexes = (None, "f", "m") if "sex" in indicator.disaggregations else (None,)
        for level in LEVELS:
            if level not in indicator.levels or level == indicator.base_level:
                continue
            if aggregation.LEVEL_ORDER.index(level) < aggregation.LEVEL_ORDER.index(
                indicator.base_level
            ):
                continue
            for sex, year in [*((s, None) for s in sexes), (None, 2024)]:
                kw: dict[str, Any] = {"level": level, "year": year, "sex": sex}
                new = aggregation.ratio_or_sum(con, indicator, base, **kw)
                old = aggregation.one_level(con, indicator, base, **kw)
                same(new.rows, old.rows)
                same(new.unplaced, old.unplaced)
                compared += len(new.rows)
    return compared


def ratio_codes(*, sede: bool) -> list[str]:
    return [
        c
        for c, i in registry.indicators().items()
        if i.aggregation in ("ratio", "sum") and (i.base_level == "sede") == sede
    ]


def test_every_level_at_once_equals_each_level_alone_on_official_data(
    official: Warehouse,
) -> None:
    assert check_every_level(official, ratio_codes(sede=False)) > 10_000


def test_every_level_at_once_equals_each_level_alone_on_sede_data(
    schools: Warehouse,  # noqa: F811
) -> None:
    codes = [*ratio_codes(sede=True), "uis_tasa_bruta_matricula_sedes"]
    assert check_every_level(schools, codes) > 1_000
