"""The ETC of each municipality from the real MEN municipal statistics file."""

from __future__ import annotations

from pathlib import Path

from trayecto.importers.etc import derive_etcs
from trayecto.importers.etc import load as load_etc
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

MEN = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)


def test_every_municipal_row_is_imported_and_national_rows_are_reported(
    warehouse: Warehouse, shared_data: Path
) -> None:
    report = load_etc(shared_data / MEN, warehouse, dry_run=False)
    assert not report.refused
    assert report.reconciles
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (13464, 13461, 3)
    national = [p for p in report.problems if p.severity == "skipped"]
    assert [p.value for p in national] == ["0", "0", "0"]
    assert all("national total" in p.message for p in national)


def test_years_with_thousands_separators_are_read(reference_warehouse: Warehouse) -> None:
    con = reference_warehouse.connect()
    per_year = rows(
        con, "select year, count(*) as n from municipality_etc group by year order by year"
    )
    assert [r["year"] for r in per_year] == list(range(2011, 2023))
    by_year = {r["year"]: r["n"] for r in per_year}
    assert by_year[2021] == 1121  # written '2,021' in the file
    assert by_year[2019] == 1122  # still with 94663 Mapiripana
    assert by_year[2022] == 1121


def test_a_year_is_read_as_the_statistics_importers_read_it(
    warehouse: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    """'2,021' is MEN's quirk and is read; '2.021' too (one reading of thousands separators
    for every importer, importers/cells.py); '2.02' is not a year and is not read as one."""
    real = load_etc(shared_data / MEN, warehouse, dry_run=True)
    # AÑO of the 1,121 rows of 2021 and CÓDIGO_ETC of the same rows carry separators.
    assert real.details["quirks"] == {"thousands_separator": 2 * 1121}
    text = (shared_data / MEN).read_text(encoding="utf-8-sig")
    first_2021 = text.index('"2,021"')
    line = text.count("\n", 0, first_2021) + 1
    edited = tmp_path / "edited.csv"
    edited.write_text(text.replace('"2,021"', '"2.021"', 1), encoding="utf-8")
    dotted = load_etc(edited, warehouse, dry_run=True)
    assert not dotted.refused
    assert dotted.details["tables"] == real.details["tables"]
    edited.write_text(text.replace('"2,021"', '"2.02"', 1), encoding="utf-8")
    report = load_etc(edited, warehouse, dry_run=True)
    assert report.refused
    [year] = [p for p in report.problems if p.column == "AÑO"]
    assert (year.row, year.value) == (line, "2.02")
    assert "2,021" in year.message


def test_etc_kind_is_derived_from_how_many_municipalities_it_serves(
    reference_warehouse: Warehouse,
) -> None:
    con = reference_warehouse.connect()
    etcs = {r["code"]: r for r in rows(con, "select * from etc")}
    assert len(etcs) == 96  # the data README: 96 distinct ETCs in 2019-2022
    kinds = {
        kind: sum(1 for e in etcs.values() if e["kind"] == kind)
        for kind in ("department", "municipality")
    }
    # Every department except Bogotá (a district that is its own ETC) has a department ETC.
    assert kinds == {"department": 32, "municipality": 64}
    assert etcs["3824"]["name"] == "Arauca (ETC)"
    assert (etcs["3824"]["kind"], etcs["3824"]["department_code"]) == ("department", "81")
    assert etcs["3802"]["kind"] == "municipality"
    assert etcs["3802"]["municipality_code"] == "54001"  # Cúcuta
    assert etcs["10851"]["first_year"] == 2019  # Funza, certified in 2019


def test_the_seven_priority_departments_have_the_etcs_of_the_readme(
    reference_warehouse: Warehouse,
) -> None:
    con = reference_warehouse.connect()
    found = rows(
        con,
        """
        select distinct etc_code from municipality_etc
        where year = 2022
          and substr(municipality_code, 1, 2) in ('81', '08', '54', '52', '47', '44', '27')
        order by 1
        """,
    )
    # Arauca; Atlántico, Barranquilla, Malambo, Soledad; Chocó, Quibdó; La Guajira, Riohacha,
    # Maicao, Uribia; Magdalena, Santa Marta, Ciénaga; Nariño, Pasto, Ipiales, Tumaco;
    # Norte de Santander, Cúcuta: 20 ETCs.
    assert len(found) == 20


def test_a_municipal_etc_not_named_after_its_municipality_is_flagged() -> None:
    assignments = [
        {"year": 2022, "municipality_code": "05001", "etc_code": "9", "etc_name": "Bello"},
        {
            "year": 2022,
            "municipality_code": "05002",
            "etc_code": "8",
            "etc_name": "Antioquia (ETC)",
        },
        {
            "year": 2022,
            "municipality_code": "05004",
            "etc_code": "8",
            "etc_name": "Antioquia (ETC)",
        },
    ]
    etcs, warnings = derive_etcs(
        assignments, {"05001": "Medellín", "05002": "Abejorral", "05004": "Abriaquí"}
    )
    assert [(e["code"], e["kind"]) for e in etcs] == [("8", "department"), ("9", "municipality")]
    assert len(warnings) == 1
    assert "not named after it" in warnings[0].message
