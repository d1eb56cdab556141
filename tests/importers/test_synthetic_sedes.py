"""Synthetic sede data: always labelled, municipal totals equal to the real MEN 2025 file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.support.schools import publish_divipola_municipalities
from trayecto.importers import men_sedes
from trayecto.importers.synthetic_sedes import YEARS, generate_synthetic_sedes
from trayecto.warehouse import Warehouse
from trayecto.warehouse.engine import rows

FOLDER = "men_sedes_matricula_2025_municipio"
FILE = "men_sedes_matricula_2025_municipios_departamentos_objetivo.csv"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("synthetic"))
    publish_divipola_municipalities(warehouse, shared_data)
    men_sedes.load(shared_data / FOLDER / FILE, warehouse)
    report = generate_synthetic_sedes(warehouse, seed=7)
    assert not report.refused
    return warehouse


def men_rows(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / FOLDER / FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_2025_totals_equal_the_men_file_by_municipality_sector_and_zone(
    generated: Warehouse, shared_data: Path
) -> None:
    con = generated.connect()
    got = {
        (r["municipality_code"], r["part"]): (r["sedes"], r["enrolment"])
        for r in rows(
            con,
            "select municipality_code, sector as part, count(*) as sedes, sum(enrolment) as "
            "enrolment from sede where year = 2025 group by all union all "
            "select municipality_code, zone, count(*), sum(enrolment) from sede "
            "where year = 2025 group by all",
        )
    }
    parts = {"oficial": "oficial", "no_oficial": "no_oficial", "rural": "rural", "urbana": "urbana"}
    for men in men_rows(shared_data):
        for part, column in parts.items():
            expected = (int(men[f"sedes_{column}"]), int(men[f"matricula_{column}"]))
            assert got.get((men["cod_mpio"], part), (0, 0)) == expected, (men["cod_mpio"], part)
    # Enrolment by grade adds up to the sede totals.
    mismatches = rows(
        con,
        "select count(*) as n from sede s join (select year, sede_code, sum(enrolled) as e "
        "from sede_enrolment group by all) e using (year, sede_code) where s.enrolment <> e.e",
    )
    assert mismatches == [{"n": 0}]


def test_every_row_is_labelled_synthetic(generated: Warehouse) -> None:
    con = generated.connect()
    for table in ("sede", "sede_enrolment"):
        labels = rows(con, f"select distinct source, is_synthetic from {table}")  # noqa: S608
        assert labels == [{"source": "synthetic", "is_synthetic": True}]
    years = rows(con, "select distinct year from sede order by year")
    assert [r["year"] for r in years] == list(YEARS)


def test_nuevo_belén_de_bajirá_sedes_keep_riosucio_codes(generated: Warehouse) -> None:
    found = rows(
        generated.connect(),
        "select distinct substr(sede_code, 2, 5) as prefix from sede "
        "where municipality_code = '27493'",
    )
    assert found == [{"prefix": "27615"}]


def test_the_venezuelan_share_is_near_the_national_figure(generated: Warehouse) -> None:
    share = rows(
        generated.connect(),
        "select sum(enrolled) filter (where nationality = 'VEN') / sum(enrolled) as s "
        "from sede_enrolment where year = 2024",
    )[0]["s"]
    # 604,488 Venezuelan pupils of about 9.3 million in 2024 (6.5 %); the target
    # departments include border ones, but private and rural sedes have fewer.
    assert 0.03 < share < 0.10


def test_the_same_seed_again_publishes_nothing(generated: Warehouse) -> None:
    version = generated.manifest().version
    report = generate_synthetic_sedes(generated, seed=7)
    assert (report.details["unchanged"], report.details["manifest_version"]) == (True, version)
    assert generated.manifest().version == version


def test_it_needs_the_men_totals_first(warehouse: Warehouse) -> None:
    report = generate_synthetic_sedes(warehouse, seed=1)
    assert report.refused
    assert "men-sedes-2025" in report.problems[0].message
