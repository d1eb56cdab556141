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
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.importers import men_sedes
from trayecto.importers import synthetic_students as synth
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.importers.synthetic_students import ARAUCA, load_synthetic_students
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
    assert not any(r.refused for r in load_synthetic_students(warehouse, groups=(ARAUCA,)))
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


# Every number of risk_weights.toml changed, as a user edits the file: points, threshold and
# the sede dropout bands.
EDITS = {
    "high_risk_from": 6, "withdrew": 1, "over_age": 4, "failed": 3, "repeated": 1,
    "changed_sede": 2, "nes_without_ppt": 5, "rural_sede": 3, "sede_dropout_high": 4,
    "sede_dropout_medium": 2, "high": 6.0, "medium": 2.5,
}  # fmt: skip


def edited_weights(folder: Path) -> Path:
    text = risk.WEIGHTS.read_text(encoding="utf-8")
    for name, value in EDITS.items():
        text, found = re.subn(rf"^{name} = [0-9.]+", f"{name} = {value}", text, flags=re.M)
        assert found == 1, name
    path = folder / "risk_weights.toml"
    path.write_text(text, encoding="utf-8")
    return path


def scored_students(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = ", ".join(rules.CONDITIONS)
    found = con.execute(f"select student_id, score, {columns} from student_risk").fetchall()  # noqa: S608
    return [dict(zip(("student_id", "score", *rules.CONDITIONS), r, strict=True)) for r in found]


def test_editing_the_weights_file_changes_every_score_as_the_reference_adds_them(
    demo: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = risk.load_weights()
    con = demo.connect()
    before = {r["student_id"]: r for r in scored_students(_scored(con, 2024))}
    monkeypatch.setenv("TRAYECTO_RISK_WEIGHTS", str(edited_weights(tmp_path)))
    edited = risk.load_weights()
    assert edited.points == {k: v for k, v in EDITS.items() if k in rules.CONDITIONS}
    assert (edited.high_risk_from, edited.sede_dropout_high, edited.sede_dropout_medium) == (
        6, 6.0, 2.5
    )  # fmt: skip
    con = demo.connect()
    scored = risk.Risk(con, 2024)  # no weights passed: read from the edited file
    after = scored_students(con)
    assert len(after) == len(before) > 60_000
    changed = 0
    for row in after:
        # the SQL's score is the plain sum of the reference (domain/trajectory.py)
        assert row["score"] == edited.score(row)
        old = before[row["student_id"]]
        # the conditions that do not depend on the bands are the same students'
        bandless = [c for c in rules.CONDITIONS if not c.startswith("sede_dropout")]
        assert [row[c] for c in bandless] == [old[c] for c in bandless]
        assert old["score"] == shipped.score(old)
        changed += row["score"] != old["score"]
    assert changed > len(after) // 10
    # lower bands (10 % → 6 %, 5 % → 2.5 %): every sede above the old band is above the new
    for flag in ("sede_dropout_high",):
        was = {s for s, r in before.items() if r[flag]}
        now = {r["student_id"] for r in after if r[flag]}
        assert was < now
    # the threshold: the high-risk counts are the students at 6 points or more
    [arauca] = scored.counts(level="department")
    assert arauca["high_risk"] == sum(r["score"] >= 6 for r in after)
    assert arauca["high_risk"] != sum(r["score"] >= shipped.high_risk_from for r in before.values())


def _scored(con: duckdb.DuckDBPyConnection, year: int) -> duckdb.DuckDBPyConnection:
    risk.Risk(con, year)
    return con


def test_the_demo_gives_students_to_every_etc_of_the_seven_priority_departments(
    demo: Warehouse,
) -> None:
    assert {d for g in synth.DEMO_GROUPS for d in g.departments} == set(PRIORITY_DEPARTMENTS)
    con = demo.connect()
    sedes, cells = synth.from_warehouse(con, 2023, list(synth.OTHER_PRIORITY.departments))
    kept, kept_cells = synth.chosen(sedes, cells, synth.OTHER_PRIORITY.one_sede_in)
    again, _ = synth.chosen(sedes, cells, synth.OTHER_PRIORITY.one_sede_in)
    assert list(kept.code) == list(again.code)  # the same sedes every run
    assert 0.05 < len(kept.code) / len(sedes.code) < 0.15
    # each kept sede brings all its students (its enrolment is the sede page's)
    assert set(kept_cells.sede_code) == set(kept.code)
    assert kept_cells.enrolled.sum() == sum(
        n for code, n in zip(cells.sede_code, cells.enrolled, strict=True) if code in set(kept.code)
    )
    etc_of = dict(
        con.execute(
            "select municipality_code, arg_max(etc_code, year) from municipality_etc group by 1"
        ).fetchall()
    )
    wanted = {e for m, e in etc_of.items() if m[:2] in synth.OTHER_PRIORITY.departments}
    assert {etc_of[str(c)[1:6]] for c in kept.code} == wanted
    # what the methodology says of it, in both languages
    arauca = {e for m, e in etc_of.items() if m[:2] == "81"}
    spanish, english = DOC.read_text(encoding="utf-8").split("## English")
    assert f"**{len(wanted | arauca)} ETC** de esos" in spanish
    assert f"**{len(wanted | arauca)} ETCs** has students" in english
    assert f"una sede sintética de cada {synth.OTHER_PRIORITY.one_sede_in}**" in spanish
    assert f"one synthetic sede in {synth.OTHER_PRIORITY.one_sede_in}**" in english
    # over one and a half million students a year in the seven departments
    assert cells.enrolled.sum() + synth.from_warehouse(con, 2023, ["81"])[1].enrolled.sum() > 1.5e6
    # the two groups' generators never give two students the same document number
    numbers = []
    for group, (s, c) in ((synth.ARAUCA, synth.from_warehouse(con, 2023, ["81"])),
                          (synth.OTHER_PRIORITY, (kept, kept_cells))):  # fmt: skip
        _generator, [first] = synth.generate_years(
            s, c, (2023,), seed=group.seed, first_number=group.first_number
        )
        numbers.append(set(first.document_number))
    assert numbers[0]
    assert numbers[1]
    assert not numbers[0] & numbers[1]
