"""`men-departamento`: both exports, swapped columns found by the identity check, vintages."""

from __future__ import annotations

from pathlib import Path

from tests.support.official_data import MEN_DEPARTAMENTO_2023, MEN_DEPARTAMENTO_2024
from trayecto.importers import men_departamento, registry
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows


def cells(warehouse: Warehouse, code: str, area: str = "05", year: int = 2011) -> dict[str, float]:
    found = rows(
        warehouse.connect(),
        "select vintage, value from official_indicator where level = 'department' "
        "and area_code = $a and year = $y and indicator_code = $c",
        {"a": area, "y": year, "c": code},
    )
    return {r["vintage"]: r["value"] for r in found}


def test_the_swapped_columns_of_the_2024_export_are_detected(
    shared_data: Path, tmp_path: Path
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    report = men_departamento.load(shared_data / MEN_DEPARTAMENTO_2024, warehouse)
    assert report.rows_read == report.rows_imported == 462
    assert report.details["quirks"]["percent_sign"] > 10000
    swapped = [p for p in report.problems if "repeats" in p.message]
    columns = {p.column for p in swapped}
    assert {"REPROBACIÓN_PRIMARIA", "APROBACIÓN_TRANSICIÓN"} <= columns
    primaria = [p for p in swapped if p.column == "REPROBACIÓN_PRIMARIA"]
    assert len(primaria) == 462  # every year, as the README says
    assert "repeats APROBACIÓN_PRIMARIA" in primaria[0].message
    # the wrong cell is left out, the right one kept: Antioquia 2011 primaria approval 94.56
    assert cells(warehouse, "reprobacion_primaria") == {}
    assert cells(warehouse, "aprobacion_primaria") == {"2024": 94.56}
    assert cells(warehouse, "desercion", "52", 2024) == {"2024": 2.46}  # README table


def test_a_newer_vintage_keeps_the_older_one(shared_data: Path, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    older = men_departamento.load(
        shared_data / MEN_DEPARTAMENTO_2023, warehouse, source=men_departamento.SOURCE_2023
    )
    newer = men_departamento.load(shared_data / MEN_DEPARTAMENTO_2024, warehouse)
    assert older.details["vintage"] == "2023-10-22"
    assert newer.details["vintage"] == "2024"
    assert cells(warehouse, "cobertura_neta") == {"2023-10-22": 93.85, "2024": 93.85}
    # The 2024 export lost transición approval for 2011 (it repeats failure); the 2023
    # export still holds 96.31, so the indicator falls back to it.
    assert cells(warehouse, "aprobacion_transicion") == {"2023-10-22": 96.31}
    history = warehouse.history("official_indicator")
    assert len(history) == 2


def test_secondary_approval_repeats_dropout_in_both_exports(
    shared_data: Path, tmp_path: Path
) -> None:
    # Not in the README: APROBACIÓN_SECUNDARIA holds DESERCIÓN_SECUNDARIA in every row.
    warehouse = Warehouse(tmp_path / "w")
    report = men_departamento.load(shared_data / MEN_DEPARTAMENTO_2023, warehouse)
    flagged = [p for p in report.problems if p.column == "APROBACIÓN_SECUNDARIA"]
    assert len(flagged) == 396
    assert "repeats DESERCIÓN_SECUNDARIA" in flagged[0].message
    assert cells(warehouse, "aprobacion_secundaria") == {}


def test_each_export_records_the_source_id_it_was_imported_under(
    shared_data: Path, tmp_path: Path
) -> None:
    warehouse = Warehouse(tmp_path / "w")
    for source_id, relative in (
        ("men-departamento-2023", MEN_DEPARTAMENTO_2023),
        ("men-departamento", MEN_DEPARTAMENTO_2024),
    ):
        report = registry.get(source_id).load_function()(
            shared_data / relative, warehouse, dry_run=False
        )
        assert report.source == source_id
    con = warehouse.connect()
    for table in ("official_indicator", "official_population_5_16"):
        found = rows(con, f"select distinct source, vintage from {table} order by 1")  # noqa: S608
        assert found == [
            {"source": "men-departamento", "vintage": "2024"},
            {"source": "men-departamento-2023", "vintage": "2023-10-22"},
        ]
    parts = warehouse.entry("official_indicator").meta["parts"]
    assert set(parts) == {"men-departamento-2023|2023-10-22", "men-departamento|2024"}
