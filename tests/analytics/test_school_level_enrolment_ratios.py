"""UIS enrolment ratios by sex from sede data and their gender parity indices, on tables the
test writes (two sedes in two municipalities, DANE-like population), checked by hand."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from trayecto.analytics import compute
from trayecto.domain.schools import adjusted_gpi
from trayecto.importers.school_tables import SEDE_ENROLMENT_SCHEMA, SEDE_SCHEMA
from trayecto.warehouse import Warehouse

# Sede A (code 127001…, Quibdó) and sede B (code 227615…, but in 27493 Nuevo Belén de Bajirá).
A, B = "127001000001", "227615000002"
# year, sede, grade, sex, age, enrolled
ENROLMENT = [
    (2024, A, 1, "f", 6, 90),
    (2024, A, 1, "m", 6, 50),
    (2024, A, 2, "f", 17, 5),
    (2024, A, 3, "m", 8, 30),
    (2024, A, 12, "f", 18, 9),  # grade 12 is outside grades 0–11
    (2024, B, 0, "f", 5, 12),
    (2024, B, 1, "m", 7, 10),
]
# municipality, sex, age, population
POPULATION = [
    ("27001", "f", 6, 60),
    ("27001", "f", 10, 40),
    ("27001", "m", 6, 120),
    ("27001", "m", 20, 999),
    ("27493", "f", 5, 20),
    ("27493", "m", 7, 25),
]


@pytest.fixture
def small(warehouse: Warehouse) -> Warehouse:
    label = {"source": "sede-matricula", "vintage": "t", "is_synthetic": False}
    enrolment = [
        {
            "year": y,
            "sede_code": s,
            "grade": g,
            "sex": x,
            "age": a,
            "nationality": "COL",
            "enrolled": n,
            "withdrawn": None,
            "passed": None,
            "failed": None,
            "repeating": None,
            **label,
        }
        for y, s, g, x, a, n in ENROLMENT
    ]
    sedes = [
        {
            "year": 2024,
            "sede_code": code,
            "sede_name": code,
            "establishment_code": None,
            "municipality_code": municipality,
            "etc_code": None,
            "zone": "rural",
            "sector": "oficial",
            "teachers": 3,
            "enrolment": 1,
            **label,
        }
        for code, municipality in ((A, "27001"), (B, "27493"))
    ]
    population = pa.table(
        {
            "level": ["municipality"] * len(POPULATION),
            "area_code": [p[0] for p in POPULATION],
            "year": [2024] * len(POPULATION),
            "sex": [p[1] for p in POPULATION],
            "age": [p[2] for p in POPULATION],
            "population": [p[3] for p in POPULATION],
            "vintage": ["dane-test"] * len(POPULATION),
        }
    )
    warehouse.publish_many(
        {
            "sede_enrolment": pa.Table.from_pylist(enrolment, schema=SEDE_ENROLMENT_SCHEMA),
            "sede": pa.Table.from_pylist(sedes, schema=SEDE_SCHEMA),
            "population": population,
        }
    )
    return warehouse


def by_area(rows: list[dict[str, Any]]) -> dict[tuple[str, Any], dict[str, Any]]:
    return {(r["area_code"], r["sex"]): r for r in rows}


def enrolled(sede: str, sex: str, net: bool) -> int:
    return sum(
        n
        for _, s, g, x, a, n in ENROLMENT
        if s == sede and x == sex and 0 <= g <= 11 and (not net or 5 <= a <= 16)
    )


def population(municipality: str, sex: str) -> int:
    return sum(p for m, x, a, p in POPULATION if m == municipality and x == sex and 5 <= a <= 16)


@pytest.mark.parametrize(
    ("code", "net"),
    [("uis_tasa_bruta_matricula_sedes", False), ("uis_tasa_neta_matricula_sedes", True)],
)
def test_enrolment_ratios_by_sex_per_municipality(small: Warehouse, code: str, net: bool) -> None:
    for sex in ("f", "m"):
        rows = by_area(compute.run(small, compute.Query(code, "municipality", year=2024, sex=sex)))
        for sede, municipality in ((A, "27001"), (B, "27493")):
            expected = 100 * enrolled(sede, sex, net) / population(municipality, sex)
            assert rows[(municipality, sex)]["value"] == pytest.approx(expected, abs=1e-4)
    both = by_area(compute.run(small, compute.Query(code, "department", year=2024)))
    numerator = sum(enrolled(s, x, net) for s in (A, B) for x in ("f", "m"))
    denominator = sum(population(m, x) for m in ("27001", "27493") for x in ("f", "m"))
    assert both[("27", None)]["value"] == pytest.approx(100 * numerator / denominator, abs=1e-4)


def test_gender_parity_index_and_its_adjusted_form(small: Warehouse) -> None:
    def ger(sex: str) -> float:
        n = sum(enrolled(s, sex, net=False) for s in (A, B))
        return n / sum(population(m, sex) for m in ("27001", "27493"))

    gpi = ger("f") / ger("m")
    plain = compute.run(small, compute.Query("uis_ipg_tasa_bruta_matricula", "department"))
    adjusted = compute.run(
        small, compute.Query("uis_ipg_ajustado_tasa_bruta_matricula", "department")
    )
    assert plain[0]["value"] == pytest.approx(gpi, abs=1e-4)
    assert adjusted[0]["value"] == pytest.approx(adjusted_gpi(gpi), abs=1e-4)
    assert gpi > 1  # girls are ahead here, so the adjusted index folds the value
    assert adjusted[0]["value"] == pytest.approx(2 - 1 / gpi, abs=1e-4)


def test_adjusted_gpi_is_symmetric_around_parity() -> None:
    assert adjusted_gpi(0.8) == 0.8
    assert adjusted_gpi(1.25) == pytest.approx(2 - 0.8)
    assert adjusted_gpi(1.0) == 1.0


def test_ratios_are_not_offered_below_the_municipality(small: Warehouse) -> None:
    from trayecto.analytics.aggregation import LevelNotAvailable

    with pytest.raises(LevelNotAvailable):
        compute.run(small, compute.Query("uis_tasa_bruta_matricula_sedes", "sede"))
