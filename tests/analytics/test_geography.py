"""Read functions over the imported geography: lists, one place, ETC history, map layers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from trayecto.analytics import geography
from trayecto.domain.priority_areas import PRIORITY_DEPARTMENTS
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="module")
def con(reference_warehouse: Warehouse) -> duckdb.DuckDBPyConnection:
    return reference_warehouse.connect()


def test_departments_count_current_municipalities(con: duckdb.DuckDBPyConnection) -> None:
    departments = {d["code"]: d for d in geography.departments(con)}
    assert len(departments) == 33
    assert departments["81"]["municipalities"] == 7  # Arauca
    assert departments["27"]["municipalities"] == 31  # Chocó: 30 + Nuevo Belén de Bajirá
    assert departments["94"]["municipalities"] == 8  # Guainía, without Mapiripana (historical)


def test_municipalities_carry_their_latest_etc(con: duckdb.DuckDBPyConnection) -> None:
    arauca = geography.municipalities(con, "81")
    assert len(arauca) == 7
    assert {m["etc_name"] for m in arauca} == {"Arauca (ETC)"}
    assert {m["etc_year"] for m in arauca} == {2022}
    cucuta = geography.municipality(con, "54001")
    assert cucuta is not None
    assert (cucuta["name"], cucuta["etc_code"]) == ("San José de Cúcuta", "3802")
    assert geography.municipality(con, "99999") is None
    assert geography.department(con, "08") == {"code": "08", "name": "Atlántico", "pcode": "CO08"}


def test_etc_history_shows_a_change_of_etc(con: duckdb.DuckDBPyConnection) -> None:
    funza = geography.etc_history(con, "25286")
    assert [h["etc_code"] for h in funza if h["year"] == 2018] == ["3785"]  # Cundinamarca
    assert [h["etc_code"] for h in funza if h["year"] == 2019] == ["10851"]  # Funza certified


def test_the_map_layer_of_the_priority_departments(con: duckdb.DuckDBPyConnection) -> None:
    layer = geography.municipality_map(con, list(PRIORITY_DEPARTMENTS))
    codes = {f["properties"]["code"] for f in layer["features"]}
    # 7 + 23 + 30 + 15 + 30 + 64 + 40 municipalities have a polygon; 27493 has none.
    assert len(codes) == 209
    assert {c[:2] for c in codes} == set(PRIORITY_DEPARTMENTS)
    riohacha = next(f for f in layer["features"] if f["id"] == "44001")
    assert riohacha["properties"]["etc_name"] == "Riohacha"
    assert riohacha["properties"]["department_name"] == "La Guajira"
    assert riohacha["geometry"]["type"] in ("Polygon", "MultiPolygon")
    everything = geography.municipality_map(con)
    assert len(everything["features"]) == 1122
    departments = geography.department_map(con, ["52"])
    assert [f["properties"]["name"] for f in departments["features"]] == ["Nariño"]
    assert len(geography.department_map(con)["features"]) == 33


def test_the_matcher_can_be_built_without_aliases(
    tmp_path: Path, reference_warehouse: Warehouse
) -> None:
    bare = Warehouse(tmp_path / "w")
    for name in ("department", "municipality"):
        bare.publish(name, reference_warehouse.read(name))
    matcher = geography.matcher_from_warehouse(bare.connect())
    assert matcher.match_municipality(name="Buga", department="76").code == "76111"
