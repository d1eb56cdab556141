"""Early warning: the conditions and points in SQL, the AUC and precision formulas against
their definitions, and the figures docs/methodology/trajectory.md quotes for the demo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.schools import publish_geography_with_etc
from trayecto.analytics import risk
from trayecto.domain import trajectory as rules
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.importers.synthetic_students import load_synthetic_students
from trayecto.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "trajectory.md"
MEN_SEDES = (
    "men_sedes_matricula_2025_municipio/"
    "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"
)


@given(st.lists(st.tuples(st.integers(0, 6), st.booleans()), min_size=1, max_size=80))
def test_the_auc_of_score_groups_is_the_share_of_pairs_ranked_right(
    scored: list[tuple[int, bool]],
) -> None:
    groups: dict[int, list[int]] = {}
    for score, dropped in scored:
        groups.setdefault(score, [0, 0])
        groups[score][0] += 1
        groups[score][1] += dropped
    grouped = [(float(s), n, p) for s, (n, p) in groups.items()]
    expected = rules.auc_pairs(scored)
    got = rules.auc_of_groups(grouped)
    assert (got is None) == (expected is None)
    if got is not None and expected is not None:
        assert got == pytest.approx(expected)


def test_precision_at_the_top_takes_ties_at_the_cut_in_proportion() -> None:
    # 20 students: 2 score 5 (both drop out), 4 score 3 (1 drops out), 14 score 0
    groups = [(5.0, 2, 2), (3.0, 4, 1), (0.0, 14, 0)]
    assert rules.precision_at(groups, 0.10) == 1.0  # the top 2
    assert rules.precision_at(groups, 0.20) == pytest.approx((2 + 2 * 1 / 4) / 4)


def record(student: str, year: int, **values: Any) -> dict[str, Any]:
    row = {
        "year": year, "student_id": student, "link_id": f"n-{student}",
        "sede_code": "181001000001", "row_order": 1, "status": "matriculado", "grade": 4,
        "result": "aprobado", "sex": "f", "nationality": "COL", "zone": "urbana",
        "birth_year": year - 9, "birth_month": 1, "document_type": "TI", "vintage": "v",
    }  # fmt: skip
    row.update(values)
    return row


def scores(rows: list[dict[str, Any]], year: int) -> dict[str, int]:
    con = duckdb.connect()
    con.register("records", pa.Table.from_pylist(rows))
    con.execute("create view student_enrolment as select * from records")
    risk.Risk(con, year)
    return {
        s: int(v) for s, v in con.execute("select student_id, score from student_risk").fetchall()
    }


def test_each_condition_adds_its_points() -> None:
    weights = risk.load_weights()
    points = weights.points
    rows = [
        # year t−1: "rep" in grade 4 already; "mov" at another sede; a sede with many dropouts
        record("rep", 2023, grade=4),
        record("mov", 2023, grade=3, sede_code="181001000002"),
        *[record(f"gone{i}", 2023, sede_code="181001000009") for i in range(3)],
        record("stay", 2023, grade=3, sede_code="181001000009"),
        # year t
        record("plain", 2024),
        record("rep", 2024, grade=4),
        record("mov", 2024),
        record("old", 2024, birth_year=2024 - 9 - 2),  # 11 in grade 4: two years over
        record("almost", 2024, birth_year=2024 - 9 - 1),  # one year over: not over-age
        record("fail", 2024, result="reprobado"),
        record("left", 2024, status="retirado", result=None),
        record("nes", 2024, document_type="NES", nationality="VEN"),
        record("rural", 2024, zone="rural", sede_code="281001000003"),
        record("stay", 2024, sede_code="181001000009"),
        record("grad", 2024, grade=11, result="aprobado"),
    ]
    got = scores(rows, 2024)
    assert got == {
        "plain": 0,
        "rep": points["repeated"],
        "mov": points["changed_sede"],
        "old": points["over_age"],
        "almost": 0,
        "fail": points["failed"],
        "left": points["withdrew"],
        "nes": points["nes_without_ppt"],
        "rural": points["rural_sede"],
        "stay": points["sede_dropout_high"],  # 3 of its 4 students did not come back
    }  # the graduate is not scored


def quoted(text: str, name: str) -> str:
    found = re.search(rf"`{name}` = ([0-9]+(?:[.,][0-9]+)*)", text)
    assert found, f"{name} is not quoted in {DOC.name}"
    return found.group(1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """The demo's students: Arauca's synthetic sedes (seed 2025), three years."""
    home = tmp_path_factory.mktemp("demo")
    warehouse = Warehouse(home / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not men_sedes.load(shared_data / MEN_SEDES, warehouse).refused
    assert not generate_synthetic_sedes(warehouse).refused
    assert not any(r.refused for r in load_synthetic_students(warehouse))
    return warehouse


def test_the_backtest_figures_quoted_in_the_methodology_are_the_demos(demo: Warehouse) -> None:
    backtest = risk.Risk(demo.connect(), 2024).backtest()
    assert backtest is not None
    text = DOC.read_text(encoding="utf-8")
    spanish, english = text.split("## English")
    for name in ("students", "dropouts", "dropout_rate", "roc_auc", "precision_top_10"):
        value = backtest[name]
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        assert quoted(english, name) == shown
        assert quoted(spanish, name) == shown.replace(",", "·").replace(".", ",").replace("·", ".")


def test_high_risk_counts_by_sede_add_up_to_the_department(demo: Warehouse) -> None:
    scored = risk.Risk(demo.connect(), 2025)
    assert scored.backtest() is None  # 2026 is not loaded
    sedes = scored.counts(level="sede")
    [arauca] = scored.counts(level="department")
    assert sum(r["high_risk"] for r in sedes) == arauca["high_risk"] > 0
    assert sum(r["students"] for r in sedes) == arauca["students"]
    assert all(r["area_name"].startswith("Sede sintética") for r in sedes)
