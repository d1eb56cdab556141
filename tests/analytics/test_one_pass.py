"""The one-pass computations give exactly what the plain ones give: every level summed at
once (aggregate_levels.sql) against one level, year and sex at a time (aggregate.sql), for
every registry indicator over the real official data and over sede data; and every
school-level rate from one scan of the summary (analytics/sede_indicators.py) against its
own query as it was before (reference_sql/), for every population group."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyarrow as pa
from benchmarks import sede_data  # the benchmark's generator, at a small size

from tests.analytics.test_school_level_registry import schools  # noqa: F401  (fixture)
from trayecto.analytics import aggregation, compute, registry, sede_indicators
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import query_file

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


REFERENCE_SQL = Path(__file__).resolve().parent / "reference_sql"


def reference_base(con: Any, indicator: Any, group: str | None) -> pa.Table:
    """The indicator computed as before the one scan: its own query file, scanning
    sede_enrolment_grade by itself (tests/analytics/reference_sql/, kept as the reference)."""
    path = REFERENCE_SQL / Path(indicator.sql).name
    params = dict(indicator.params)
    if "$group" in path.read_text(encoding="utf-8"):
        params["group"] = group
    return query_file(con, path, params)


def sorted_rows(table: pa.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.select(list(compute.BASE_COLUMNS)).to_pylist()
    return sorted(rows, key=lambda r: (r["area_code"], r["year"], r["sex"] or ""))


def check_one_scan(warehouse: Warehouse) -> int:
    con, _ = warehouse.reader()
    compared = 0
    for group in (None, "VEN", "COL"):
        new = sede_indicators.base_tables(con, group)
        assert set(new) == {i.code for i in sede_indicators.one_pass_indicators(group)}
        for code, table in new.items():
            old = reference_base(con, registry.get(code), group)
            same(sorted_rows(table), sorted_rows(old))
            compared += table.num_rows
    return compared


def test_one_scan_equals_a_query_per_indicator_on_sede_files(
    schools: Warehouse,  # noqa: F811
) -> None:
    """Real and synthetic sources side by side, a sede in 27493 with a code of 27615."""
    assert check_one_scan(schools) > 1_000


def test_one_scan_equals_a_query_per_indicator_on_the_benchmark_data(tmp_path: Path) -> None:
    warehouse = sede_data.generate(tmp_path / "warehouse", sedes=60)
    assert check_one_scan(warehouse) > 10_000
    assert len(sede_indicators.one_pass_indicators(None)) == 11


# The UIS enrolment ratios read single ages from sede_enrolment: the shared scaffold over a
# scan of their own, against their query as it was with its own copy of the scaffold.
OWN_SCAN = [
    code
    for code, i in registry.indicators().items()
    if i.sql == "queries/sede_uis_enrolment_ratio.sql"
]


def check_own_scan(warehouse: Warehouse) -> int:
    con, _ = warehouse.reader()
    compared = 0
    for code in OWN_SCAN:
        indicator = registry.get(code)
        assert not sede_indicators.is_one_pass(indicator)
        new = compute.build_base_table(con, indicator, None)
        same(sorted_rows(new), sorted_rows(reference_base(con, indicator, None)))
        assert {r["level"] for r in new.to_pylist()} == {"municipality"}
        compared += new.num_rows
    return compared


def test_the_enrolment_ratios_use_the_scaffold_with_the_same_figures(
    schools: Warehouse,  # noqa: F811
) -> None:
    """Real and synthetic sources side by side (the synthetic label, one source per
    sede-year), a sede placed by its `sede` row in another municipality than its code's."""
    assert len(OWN_SCAN) == 4
    assert check_own_scan(schools) > 100
