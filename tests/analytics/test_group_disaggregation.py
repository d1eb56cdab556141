"""The population group (nationality COL / VEN / OTH) of the sede indicators: computed from a
small SIMAT export the test writes, expected values derived here from the same rows."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.support.schools import publish_geography_with_etc
from trayecto.analytics import compute, registry
from trayecto.importers import sede_matricula
from trayecto.warehouse import Warehouse

HEADER = [
    "año",
    "codigo_dane_sede",
    "nombre_sede",
    "docentes",
    "grado",
    "sexo",
    "edad",
    "nacionalidad",
    "matriculados",
    "retirados",
    "aprobados",
    "reprobados",
    "repitentes",
]
# Synthetic rows (two Quibdó sedes and one of Istmina, two years), every group present.
SIMAT = [
    ["2024", "127001000011", "SEDE A", "4", "1", "F", "6", "COL", "30", "3", "25", "2", "1"],
    ["2024", "127001000011", "SEDE A", "4", "1", "M", "9", "VEN", "12", "4", "6", "2", "2"],
    ["2024", "127001000011", "SEDE A", "4", "2", "F", "10", "OTH", "3", "1", "2", "0", "0"],
    ["2024", "127001000012", "SEDE B", "2", "3", "M", "8", "COL", "20", "1", "17", "2", "3"],
    ["2024", "127001000012", "SEDE B", "2", "3", "F", "12", "VEN", "9", "2", "5", "2", "1"],
    ["2025", "127001000011", "SEDE A", "5", "2", "M", "7", "COL", "28", "2", "24", "2", "0"],
    ["2025", "127001000011", "SEDE A", "5", "2", "F", "11", "VEN", "15", "3", "10", "2", "4"],
    ["2025", "127361000021", "SEDE C", "3", "5", "M", "14", "VEN", "11", "2", "7", "2", "1"],
    ["2025", "127361000021", "SEDE C", "3", "5", "F", "10", "COL", "19", "0", "18", "1", "2"],
    ["2025", "127361000021", "SEDE C", "3", "4", "M", "9", "OTH", "4", "0", "4", "0", "0"],
]
FIELDS = ("year", "sede", "name", "teachers", "grade", "sex", "age", "group", "enrolled")
# Numerator of each indicator per input row (the denominator is the enrolled pupils).
NUMERATORS = {
    "desercion_sede": lambda r: r["withdrawn"],
    "aprobacion_sede": lambda r: r["passed"],
    "reprobacion_sede": lambda r: r["failed"],
    "repitencia_sede": lambda r: r["repeating"],
    "extraedad": lambda r: r["enrolled"] if r["age"] >= r["grade"] + 8 else 0,
}
GROUPS = ("COL", "VEN", "OTH")


def records() -> list[dict[str, Any]]:
    names = (*FIELDS, "withdrawn", "passed", "failed", "repeating")
    numeric = {"year", "grade", "age", "enrolled", "withdrawn", "passed", "failed", "repeating"}
    return [
        {k: int(v) if k in numeric else v for k, v in zip(names, row, strict=True)} for row in SIMAT
    ]


def area_of(record: dict[str, Any], level: str) -> str:
    municipality = record["sede"][1:6]
    return {
        "sede": record["sede"],
        "municipality": municipality,
        "department": municipality[:2],
        "nation": "CO",
    }[level]


def expected(code: str, level: str, group: str | None) -> dict[tuple[str, int], tuple[int, int]]:
    """(area, year) -> (numerator, denominator), summed from the input rows."""
    sums: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in records():
        if group is None or r["group"] == group:
            cell = sums[(area_of(r, level), r["year"])]
            cell[0] += NUMERATORS[code](r)
            cell[1] += r["enrolled"]
    return {k: (v[0], v[1]) for k, v in sums.items()}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    root = tmp_path_factory.mktemp("groups")
    store = Warehouse(root / "warehouse")
    publish_geography_with_etc(store, shared_data)
    path = root / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *SIMAT])
    report = sede_matricula.load(path, store)
    assert (report.rows_read, report.rows_imported) == (len(SIMAT), len(SIMAT))
    return store


def by_cell(rows: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(r["area_code"], r["year"]): r for r in rows}


@pytest.mark.parametrize("code", sorted(NUMERATORS))
@pytest.mark.parametrize("level", ["sede", "municipality", "department", "nation"])
@pytest.mark.parametrize("group", [*GROUPS, None])
def test_each_group_counts_only_its_pupils(
    warehouse: Warehouse, code: str, level: str, group: str | None
) -> None:
    got = by_cell(compute.run(warehouse, compute.Query(code, level, group=group)))
    want = expected(code, level, group)
    assert set(got) == set(want)
    for cell, (numerator, denominator) in want.items():
        row = got[cell]
        assert (row["numerator"], row["denominator"]) == (numerator, denominator)
        assert row["value"] == pytest.approx(100 * numerator / denominator, abs=1e-4)
        assert row["group"] == group
        assert row["provenance"]["group"] == group
        if group:
            assert f"nationality {group}" in row["provenance"]["method"]


@pytest.mark.parametrize("code", sorted(NUMERATORS))
@pytest.mark.parametrize("level", ["sede", "municipality", "nation"])
@pytest.mark.parametrize("sex", [None, "f", "m"])
def test_groups_add_up_to_the_total(
    warehouse: Warehouse, code: str, level: str, sex: str | None
) -> None:
    """No group chosen = every group together: the parts by group sum to the whole."""
    total = by_cell(compute.run(warehouse, compute.Query(code, level, sex=sex)))
    parts: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for group in GROUPS:
        for cell, row in by_cell(
            compute.run(warehouse, compute.Query(code, level, sex=sex, group=group))
        ).items():
            parts[cell][0] += row["numerator"]
            parts[cell][1] += row["denominator"]
    assert set(parts) == set(total)
    for cell, row in total.items():
        assert parts[cell] == [row["numerator"], row["denominator"]]


def test_every_group_indicator_declares_it() -> None:
    with_group = {c for c, i in registry.indicators().items() if "nationality" in i.disaggregations}
    assert set(NUMERATORS) <= with_group
    assert "estudiantes_por_docente" not in with_group
    for code in with_group:
        indicator = registry.get(code)
        # a school-level family gets the group from the one scan (sede_pass.sql filters it)
        sql = "\n".join(p.read_text(encoding="utf-8") for p in registry.sql_paths(indicator))
        assert "$group" in sql


@pytest.mark.parametrize(
    ("code", "level", "group", "why"),
    [
        ("estudiantes_por_docente", "municipality", "VEN", "no breakdown by population group"),
        ("desercion", "department", "VEN", "official MEN/DANE data"),
        ("desercion_sede", "nation", "XX", "unknown group"),
    ],
)
def test_a_group_the_data_cannot_give_is_refused(
    warehouse: Warehouse, code: str, level: str, group: str, why: str
) -> None:
    with pytest.raises(compute.GroupNotAvailable, match=why):
        compute.run(warehouse, compute.Query(code, level, group=group))
