"""The reference geography importers on the real files: DIVIPOLA, P-codes, MGN 2018."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trayecto.importers.boundaries import load as load_mgn2018
from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.pcodes import load as load_pcodes
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

DIVIPOLA = "divipola/DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv"
PCODES = "ocha_pcodes_col/global_pcodes_adm1_adm2_COL.csv"
MGN_MUNICIPAL = "mgn2018_boundaries/co_2018_MGN_MPIO_POLITICO.geojson"
MGN_TOPOJSON = "mgn2018_boundaries/colombia_2018_simplified.topojson"


def test_divipola_gives_33_departments_and_every_municipality(
    reference_warehouse: Warehouse,
) -> None:
    con = reference_warehouse.connect()
    assert rows(con, "select count(*) as n from department") == [{"n": 33}]
    counts = rows(con, "select status, count(*) as n from municipality group by all order by 1")
    assert counts == [
        {"status": "current", "n": 1121},
        {"status": "historical", "n": 1},
        {"status": "new", "n": 1},
    ]
    medellin = rows(con, "select * from municipality where code = '05001'")[0]
    assert medellin["name"] == "Medellín"
    assert medellin["department_code"] == "05"
    assert medellin["pcode"] == "CO05001"
    assert medellin["latitude"] == pytest.approx(6.2576, abs=1e-3)
    names = {r["code"]: r["name"] for r in rows(con, "select code, name from department")}
    assert names["11"] == "Bogotá, D.C."
    assert names["54"] == "Norte de Santander"
    assert names["88"] == "Archipiélago de San Andrés, Providencia y Santa Catalina"
    assert rows(con, "select pcode from department where code = '05'") == [{"pcode": "CO05"}]


def test_known_changes_are_in_the_municipality_table(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    changed = rows(
        con,
        "select code, name, department_name, status, parent_code, note from municipality "
        "where code in ('27493', '94663') order by code",
    )
    assert [(r["code"], r["status"], r["parent_code"]) for r in changed] == [
        ("27493", "new", "27615"),
        ("94663", "historical", "94343"),
    ]
    assert changed[0]["name"] == "Nuevo Belén de Bajirá"
    assert changed[0]["department_name"] == "Chocó"
    assert "Riosucio" in changed[0]["note"]
    # Every other municipality has no parent.
    assert rows(con, "select count(*) as n from municipality where parent_code is not null") == [
        {"n": 2}
    ]


def test_importing_the_same_file_twice_publishes_nothing_new(
    warehouse: Warehouse, shared_data: Path
) -> None:
    first = load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    assert first.details["unchanged"] is False
    version = warehouse.manifest().version
    second = load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    assert second.details["unchanged"] is True
    assert "unchanged" in second.details["message"]
    assert warehouse.manifest().version == version
    assert second.rows_read == second.rows_imported == 1121


def test_the_tables_record_source_vintage_and_file_hash(reference_warehouse: Warehouse) -> None:
    meta = reference_warehouse.entry("municipality").meta
    assert meta["source"] == "divipola"
    assert meta["vintage"] == "2025-02-17"
    assert len(meta["file_sha256"]) == 64
    assert reference_warehouse.entry("department").meta == meta


def test_a_dry_run_publishes_nothing(warehouse: Warehouse, shared_data: Path) -> None:
    report = load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=True)
    assert report.dry_run
    assert report.rows_imported == 1121
    assert warehouse.manifest().version == 0


def test_pcodes_are_checked_against_divipola(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    assert rows(con, "select admin_level, count(*) as n from pcode group by 1 order by 1") == [
        {"admin_level": 1, "n": 33},
        {"admin_level": 2, "n": 1122},
    ]
    assert rows(con, "select dane_code, parent_pcode from pcode where pcode = 'CO05001'") == [
        {"dane_code": "05001", "parent_pcode": "CO05"}
    ]


def test_pcode_differences_from_divipola_are_warnings(
    warehouse: Warehouse, shared_data: Path
) -> None:
    load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    report = load_pcodes(shared_data / PCODES, warehouse, dry_run=False)
    assert not report.refused
    assert report.rows_read == report.rows_imported == 1155
    assert {p.severity for p in report.problems} == {"warning"}
    messages = " | ".join(p.message for p in report.problems)
    assert "27493 Nuevo Belén de Bajirá has no P-code (a new municipality, known)" in messages
    assert "94663 Mapiripana is historical" in messages
    assert "Santa Cruz de Mompox" in messages  # OCHA writes 'Mompos'


def test_pcodes_without_divipola_say_what_to_import_first(
    warehouse: Warehouse, shared_data: Path
) -> None:
    report = load_pcodes(shared_data / PCODES, warehouse, dry_run=False)
    assert not report.refused
    assert any("import divipola first" in p.message for p in report.problems)


def test_mgn_geojson_gives_boundaries_with_areas(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    assert rows(con, "select count(*) as n from municipality_boundary") == [{"n": 1122}]
    assert rows(con, "select count(*) as n from department_boundary") == [{"n": 33}]
    florencia = rows(con, "select * from municipality_boundary where code = '18001'")[0]
    assert florencia["name"] == "Florencia"
    assert florencia["department_code"] == "18"
    assert florencia["area_km2"] == pytest.approx(2547.64, abs=0.01)
    geometry = json.loads(florencia["geometry"])
    assert geometry["type"] == "Polygon"
    assert geometry["coordinates"][0][0] == geometry["coordinates"][0][-1]  # closed ring


def test_topojson_and_geojson_give_the_same_boundaries(tmp_path: Path, shared_data: Path) -> None:
    from_geojson = Warehouse(tmp_path / "a")
    from_topojson = Warehouse(tmp_path / "b")
    geojson_report = load_mgn2018(shared_data / MGN_MUNICIPAL, from_geojson, dry_run=False)
    topojson_report = load_mgn2018(shared_data / MGN_TOPOJSON, from_topojson, dry_run=False)
    assert not geojson_report.refused
    assert not topojson_report.refused
    # The simplified GeoJSON's Tumaco keeps 283 of its 3,612 km²: flagged, and only there.
    damaged = [p.value for p in geojson_report.problems if p.column == "geometry"]
    assert damaged == ["52835"]
    assert not [p for p in topojson_report.problems if p.column == "geometry"]
    for table in ("municipality_boundary", "department_boundary"):
        a = {r["code"]: r for r in from_geojson.read(table).to_pylist()}
        b = {r["code"]: r for r in from_topojson.read(table).to_pylist()}
        assert a.keys() == b.keys()
        assert len(a) == (1122 if table == "municipality_boundary" else 33)
        for code in a.keys() - set(damaged):
            assert a[code]["name"] == b[code]["name"]
            box_a, box_b = _bbox(a[code]["geometry"]), _bbox(b[code]["geometry"])
            # Both are the same simplified layer; the TopoJSON is quantised (~0.001°).
            assert box_a == pytest.approx(box_b, abs=0.01), code


def _bbox(geometry_json: str) -> tuple[float, float, float, float]:
    geometry = json.loads(geometry_json)
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    points = [p for polygon in polygons for ring in polygon for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_mgn_reports_the_new_municipality_without_a_polygon(
    warehouse: Warehouse, shared_data: Path
) -> None:
    load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    report = load_mgn2018(shared_data / MGN_MUNICIPAL, warehouse, dry_run=False)
    missing = [p for p in report.problems if p.column == "MPIO_CCNCT"]
    assert [p.value for p in missing] == ["27493"]
    assert missing[0].severity == "warning"
    assert "inside its parent's polygon" in missing[0].message
