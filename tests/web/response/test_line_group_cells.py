"""Lines keep their population group × sex × age cells in the database and in the warehouse
table `five_w_line`, with their site (issue 7)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import duckdb
from django.apps import apps

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.analytics.reach import ReachFilters, reach
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w_places import municipalities_from_divipola
from trayecto.web.response.models import ActivityLine
from trayecto.web.response.selectors.snapshot import lines_table
from trayecto.web.response.services.imports import five_w_import

WORKBOOK = Path(__file__).parents[2] / "data" / "gifmm_5w_grupos_sintetico.xlsx"
MIGRATION = importlib.import_module("trayecto.web.response.migrations.0004_line_group_cells")


def matcher(shared_data: Path) -> PlaceMatcher:
    divipola = municipalities_from_divipola(next((shared_data / "divipola").glob("DIVIPOLA*.csv")))
    departments = {m.department_code: m.department_name for m in divipola}
    return PlaceMatcher(
        [{"code": m.code, "name": m.name, "department_code": m.department_code} for m in divipola],
        [{"code": c, "name": n} for c, n in departments.items()],
    )


def test_an_imported_line_split_over_groups_is_stored_and_published_by_group(
    db: None, shared_data: Path
) -> None:
    OrganizationFactory(code="nrc", name="Consejo Noruego para Refugiados")
    report = five_w_import(path=WORKBOOK, matcher=matcher(shared_data))
    assert (report.rows_read, report.rows_imported) == (4, 4), report.problems
    mixed = ActivityLine.objects.get(row=5)
    assert mixed.population_group == "sin_especificar"
    assert mixed.group_cells == {"vocacion_permanencia:u:u": 100, "comunidad_acogida:u:u": 20}
    table = lines_table(["submitted"])
    assert sorted(
        (r["municipality"], r["population_group"], r["sex"], r["new"]) for r in table.to_pylist()
    ) == [
        ("54001", "comunidad_acogida", "u", 20),
        ("54001", "comunidad_acogida", "u", 60),
        ("54001", "vocacion_permanencia", "u", 70),
        ("54001", "vocacion_permanencia", "u", 100),
        ("54874", "transito", "f", 40),
        ("54874", "transito", "m", 40),
    ]
    con = duckdb.connect()
    con.register("five_w_line", table)
    found = reach(con, ReachFilters("2026-03", statuses=("submitted",)), level="municipality")
    assert {r["area_code"]: r["value"] for r in found.to_pylist()} == {"54001": 160, "54874": 80}


def test_lines_carry_their_site_to_the_warehouse(db: None) -> None:
    submission = SubmissionFactory()
    LineFactory(submission=submission, sede="181001000123", place_name="Escuela La Paz")
    LineFactory(submission=submission, place_name="  Escuela   LA PAZ ")
    LineFactory(submission=submission)
    sites = [r["site"] for r in lines_table(["submitted"]).to_pylist()]
    assert sites == ["181001000123", "nombre:escuela la paz", ""]


def test_the_migration_fills_group_cells_of_existing_lines(db: None) -> None:
    submission = SubmissionFactory()
    split: Any = LineFactory(
        submission=submission,
        population_group="sin_especificar",
        groups={"vocacion_permanencia": 7, "comunidad_acogida": 3},
        cells={"f:0-17": 10},
        group_cells={},
    )
    single: Any = LineFactory(
        submission=submission, cells={"f:6-11": 6, "m:6-11": 4}, group_cells={}
    )
    MIGRATION.fill_group_cells(apps, None)
    split.refresh_from_db()
    single.refresh_from_db()
    assert split.group_cells == {"vocacion_permanencia:f:0-17": 7, "comunidad_acogida:f:0-17": 3}
    assert single.group_cells == {"transito:f:6-11": 6, "transito:m:6-11": 4}
