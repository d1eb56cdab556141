"""The same SQL on both engines: every registry indicator at every level, reach under every
rule and the trajectory transitions give the same results on DuckDB and on Spark (PySpark in
local mode, one SparkSession for the test session), on the real MEN data and on the
synthetic sede, student and 5W data the other tests use. A query sqlglot or Spark cannot
take fails here with its file and construct named (spark.Untranslatable), never skipped.

"Same": equal text, integers and nulls; floating-point sums equal to 1e-9 relative (Spark
adds partial sums in another order than DuckDB, so the last bits of a sum of thousands of
rates may differ), and the figures rounded to 4 decimals for display within one unit of
the 4th decimal for that reason.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.support.schools import publish_geography_with_etc
from tests.support.students import imported_student_years
from trayecto.analytics import aggregation, compute, reach, registry, trajectory
from trayecto.domain.five_w import REACH_LEVELS, ConsolidationRule
from trayecto.importers import dane_proyecciones, men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.warehouse import Warehouse, engine
from trayecto.warehouse.five_w_lines import LINE_SCHEMA

pytestmark = pytest.mark.spark

MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)
DANE_MUNICIPAL = (
    "dane_proyecciones_edad_simple/"
    "dane_proyeccion_poblacion_municipio_edad_simple_sexo_2012_2024.csv"
)
ROUNDED = {"value", "difference", "promotion_rate", "repetition_rate", "dropout_rate"}


@pytest.fixture(scope="session")
def schools(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """Real geography, DANE population and MEN's 2025 sede totals, with the synthetic sedes
    generated from them (a few departments: small)."""
    warehouse = Warehouse(tmp_path_factory.mktemp("spark-schools") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not dane_proyecciones.load(
        shared_data / DANE_MUNICIPAL, warehouse, dry_run=False
    ).refused
    assert not generate_synthetic_sedes(warehouse, seed=3).refused
    return warehouse


def same(duck: Any, other: Any, where: str, key: str = "") -> None:
    """`duck` and `other` equal as the module's docstring says; `where` names the case."""
    if isinstance(duck, dict) and isinstance(other, dict):
        assert duck.keys() == other.keys(), f"{where}: columns differ"
        for name in duck:
            same(duck[name], other[name], where, name)
    elif isinstance(duck, list) and isinstance(other, list):
        assert len(duck) == len(other), (
            f"{where}: {len(duck)} rows on DuckDB, {len(other)} on Spark"
        )
        for n, (a, b) in enumerate(zip(duck, other, strict=True)):
            same(a, b, f"{where} row {n}", key)
    elif isinstance(duck, float) or isinstance(other, float):
        assert duck is not None, f"{where} {key}: None on DuckDB, {other!r} on Spark"
        assert other is not None, f"{where} {key}: {duck!r} on DuckDB, None on Spark"
        tolerance = 1.01e-4 if key in ROUNDED else 1e-9
        assert math.isclose(float(duck), float(other), rel_tol=1e-9, abs_tol=tolerance), (
            f"{where} {key}: {duck!r} on DuckDB, {other!r} on Spark"
        )
    else:
        assert duck == other, f"{where} {key}: {duck!r} on DuckDB, {other!r} on Spark"


def both(run: Any) -> tuple[Any, Any]:
    """`run()` on DuckDB, then on Spark."""
    duck = run()
    with engine.using("spark"):
        return duck, run()


def every_level(warehouse: Warehouse, code: str) -> tuple[int, int]:
    """The indicator at each of its levels on both engines, compared; (levels run, levels
    refused for missing data), the refusals the same on both."""
    ran = refused = 0
    for level in registry.get(code).levels:
        query = compute.Query(code, level)
        try:
            duck = compute.rollup(warehouse, query)
        except (compute.MissingData, aggregation.MissingGeography) as exc:
            with engine.using("spark"), pytest.raises(type(exc)):
                compute.rollup(warehouse, query)
            refused += 1
            continue
        with engine.using("spark"):
            other = compute.rollup(warehouse, query)
        where = f"{code} at {level}"
        same(duck.rows, other.rows, where)
        same(duck.unplaced, other.unplaced, f"{where} (unplaced units)")
        ran += 1
    return ran, refused


@pytest.mark.parametrize("code", sorted(registry.indicators()))
def test_every_indicator_at_every_level_is_the_same_on_spark(
    spark_session: None, official: Warehouse, schools: Warehouse, code: str
) -> None:
    ran = 0
    for warehouse in (official, schools):
        found, _refused = every_level(warehouse, code)
        ran += found
    # the real MEN data or the synthetic sedes hold every indicator's inputs: none is left out
    assert ran, f"{code} ran at no level on either warehouse"


def five_w_lines(seed: int = 15) -> pa.Table:
    """Synthetic 5W lines that repeat services across municipalities, sites and months, so
    that every rule's maxima and sums meet (as tests/analytics/test_reach.py draws them)."""
    rng = random.Random(seed)
    places = [("81", "81001"), ("81", "81736"), ("54", "54001"), ("54", "54498")]
    rows = []
    for line_id in range(400):
        department, municipality = rng.choice(places)
        rows.append(
            {
                "submission_id": line_id // 20,
                "line_id": line_id,
                "org": rng.choice(["NRC", "UNICEF", "SAVE"]),
                "activity": rng.choice(["A1", "A2", "A3"]),
                "department": department,
                "municipality": municipality,
                "population_group": rng.choice(["refugee", "host", "idp"]),
                "sex": rng.choice(["f", "m"]),
                "age": rng.choice(["5-11", "12-17"]),
                "month": rng.choice(["2025-12", "2026-01", "2026-02", "2026-03"]),
                "new": rng.randint(0, 300),
                "status": rng.choice(["submitted", "approved", "published"]),
                "site": rng.choice(["", "181001000123", "nombre:escuela la paz"]),
            }
        )
    return pa.Table.from_pylist(rows, schema=LINE_SCHEMA)


def test_reach_under_every_rule_is_the_same_on_spark(spark_session: None, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    warehouse.publish(reach.TABLE, five_w_lines())
    cases = 0
    for rule in ConsolidationRule:
        for level in REACH_LEVELS:
            for breakdown in ((), ("population_group", "sex", "age")):
                filters = reach.ReachFilters(
                    "2026-03", statuses=("approved", "published"), breakdown=breakdown
                )

                def run(
                    f: reach.ReachFilters = filters, lv: str = level, r: ConsolidationRule = rule
                ) -> list[dict[str, Any]]:
                    con, _version = engine.reader(warehouse)
                    return list(reach.reach(con, f, level=lv, rule=r).to_pylist())

                duck, other = both(run)
                assert any(row["value"] for row in duck)
                same(duck, other, f"reach {rule} at {level} by {breakdown}")
                cases += 1
    filtered = reach.ReachFilters("2026-02", departments=("81",), orgs=("NRC", "SAVE"))
    duck, other = both(lambda: reach.presence(engine.reader(warehouse)[0], filtered).to_pylist())
    assert duck
    same(duck, other, "partner presence")
    assert cases == len(ConsolidationRule) * len(REACH_LEVELS) * 2


def test_trajectory_transitions_are_the_same_on_spark(
    spark_session: None, tmp_path: Path, shared_data: Path
) -> None:
    warehouse = imported_student_years(tmp_path, shared_data)

    def flows() -> list[Any]:
        with engine.connect(warehouse) as con:  # closed: its temp tables' rows freed
            linked = trajectory.Linked(con, 2024)
            found: list[Any] = [stage.as_dict() for stage in linked.stages]
            for level in trajectory.LEVELS:
                found += linked.flows(level=level)
            for by in trajectory.BREAKDOWN_COLUMN:
                found += linked.flows(level="department", by=by)
            found += linked.flows(level="nation", group="VEN", sex="f")
            return found

    duck, other = both(flows)
    assert any(row.get("promoted") for row in duck)
    same(duck, other, "trajectory 2024 → 2025")
