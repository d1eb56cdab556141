"""Roll-ups never lose a unit: the ETC of a sede comes from its source row or from its
municipality (or the parent municipality), the units no area takes are reported, and at
every level the parts add up to the whole."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.compute as pc
import pytest

from tests.support.schools import publish_divipola_municipalities, publish_geography_with_etc
from trayecto.analytics import compute, registry
from trayecto.importers import affected_schools
from trayecto.importers.etc import load as load_etc
from trayecto.warehouse import Warehouse

LIST = "emergencia_sismo2026_sedes_choco/sedes_educativas_afectadas_choco_ago2026.csv"
MEN_MUNICIPIO = (
    "men_estadisticas_municipio/"
    "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
)
LEVELS = ("municipality", "etc", "department", "nation")


def source_rows(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / LIST, encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter=";") if r["Departamento"] == "Chocó"]


@pytest.fixture(scope="module")
def affected(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Warehouse:
    """The real Chocó list imported over the real geography and ETC table."""
    warehouse = Warehouse(tmp_path_factory.mktemp("affected") / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    assert not affected_schools.load(shared_data / LIST, warehouse).refused
    return warehouse


def test_the_sedes_of_nuevo_belen_de_bajira_count_in_the_choco_etc(
    affected: Warehouse, shared_data: Path
) -> None:
    rows = source_rows(shared_data)
    bajira = [r for r in rows if r["Municipio"] == "Nuevo Belén de Bajirá"]
    assert (len(bajira), sum(int(r["Matrícula total"]) for r in bajira)) == (9, 2797)
    methodology = Path(__file__).resolve().parents[2] / "docs" / "methodology"
    indicators_md = " ".join((methodology / "indicators.md").read_text(encoding="utf-8").split())
    school_md = " ".join((methodology / "school-level.md").read_text(encoding="utf-8").split())
    assert "the 9 sedes (2,797 students) of Nuevo Belén de Bajirá" in indicators_md
    assert "las 9 sedes de Nuevo Belén de Bajirá" in school_md
    assert "Nuevo Belén de Bajirá's 9 sedes" in school_md
    con = affected.connect()
    stored = con.sql(
        "select distinct etc_code from sede where municipality_code = '27493'"
    ).fetchall()
    assert stored == [("3789",)]  # the Secretaría the rows name: Chocó (ETC)
    # Students per teacher at ETC level: Chocó's ETC sums the enrolment of every sede with
    # a teacher count whose Secretaría is "Choco", Bajirá's included.
    etc = {
        r["area_code"]: r
        for r in compute.run(affected, compute.Query("estudiantes_por_docente", "etc"))
    }
    with_teachers = [r for r in rows if r["Docentes"].strip()]
    for name, code in (("Choco", "3789"), ("Quibdó", "4382")):
        own = [r for r in with_teachers if r["Secretaría"] == name]
        assert etc[code]["units"] == etc[code]["units_with_value"] == len(own)
        assert etc[code]["numerator"] == sum(int(r["Matrícula total"]) for r in own)


@pytest.mark.parametrize("level", LEVELS)
def test_at_every_level_the_parts_add_up_to_the_whole(affected: Warehouse, level: str) -> None:
    whole = sede_totals(affected)
    rolled = compute.rollup(affected, compute.Query("estudiantes_por_docente", level))
    assert rolled.unplaced == []
    assert sum(r["units"] for r in rolled.rows) == whole["units"]
    assert sum(r["numerator"] for r in rolled.rows) == whole["numerator"]
    assert sum(r["denominator"] for r in rolled.rows) == whole["denominator"]


@pytest.mark.parametrize("level", LEVELS)
def test_official_roll_ups_add_up_to_the_whole(official: Warehouse, level: str) -> None:
    for code in ("poblacion_5_16", "cobertura_neta"):
        municipal = compute.run(official, compute.Query(code, "municipality", year=2022))
        rolled = compute.rollup(official, compute.Query(code, level, year=2022))
        placed = sum(r["units"] for r in rolled.rows) + sum(u["units"] for u in rolled.unplaced)
        assert placed == len(municipal), (code, level)
        numerator = sum(r["numerator"] or 0 for r in rolled.rows) + sum(
            u["numerator"] or 0 for u in rolled.unplaced
        )
        expected = sum(r["numerator"] or 0 for r in municipal)
        assert numerator == pytest.approx(expected, rel=1e-12), (code, level)


def sede_totals(warehouse: Warehouse) -> dict[str, float]:
    base = compute.base_table(
        warehouse.reader()[0],
        registry.get("estudiantes_por_docente"),
        warehouse.manifest().version,
        warehouse.root,
    )
    return {
        "units": base.num_rows,
        "numerator": pc.sum(base.column("numerator")).as_py(),
        "denominator": pc.sum(base.column("denominator")).as_py(),
    }


def test_units_no_etc_takes_are_reported_not_dropped(tmp_path: Path, shared_data: Path) -> None:
    """Sedes imported before the ETC table (no ETC on their rows), and an ETC table that
    lacks Quibdó: Bajirá's sedes take their parent's ETC, Quibdó's are reported unplaced."""
    warehouse = Warehouse(tmp_path / "warehouse")
    publish_divipola_municipalities(warehouse, shared_data)
    assert not affected_schools.load(shared_data / LIST, warehouse).refused
    assert not load_etc(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False).refused
    table = warehouse.read("municipality_etc")
    warehouse.publish(
        "municipality_etc",
        table.filter(pc.not_equal(table.column("municipality_code"), "27001")),
    )
    rows = source_rows(shared_data)
    quibdo = [r for r in rows if r["Municipio"] == "Quibdó" and r["Docentes"].strip()]
    rolled = compute.rollup(warehouse, compute.Query("estudiantes_por_docente", "etc"))
    [unplaced] = rolled.unplaced
    assert unplaced["municipalities"] == ["27001"]
    assert unplaced["units"] == len(quibdo)
    assert unplaced["numerator"] == sum(int(r["Matrícula total"]) for r in quibdo)
    whole = sede_totals(warehouse)
    assert sum(r["units"] for r in rolled.rows) + unplaced["units"] == whole["units"]
    choco = next(r for r in rolled.rows if r["area_code"] == "3789")
    bajira = [r for r in rows if r["Municipio"] == "Nuevo Belén de Bajirá" and r["Docentes"]]
    assert choco["units"] == whole["units"] - len(quibdo)  # Bajirá's sedes included
    assert bajira


def test_a_simat_export_without_an_etc_column_takes_the_parents_etc(
    tmp_path: Path, shared_data: Path
) -> None:
    from tests.analytics.test_school_level_registry import HEADER, SIMAT
    from trayecto.importers import sede_matricula

    warehouse = Warehouse(tmp_path / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    path = tmp_path / "simat.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *SIMAT])
    assert not sede_matricula.load(path, warehouse).refused
    stored = warehouse.connect().sql(
        "select distinct municipality_code, etc_code from sede where sede_code = '227615000022'"
    )
    assert stored.fetchall() == [("27493", "3789")]  # Riosucio's ETC: Chocó
    rolled = compute.rollup(warehouse, compute.Query("desercion_sede", "etc", year=2024))
    assert rolled.unplaced == []
    [choco] = [r for r in rolled.rows if r["area_code"] == "3789"]
    assert choco["units"] == 1  # the Bajirá sede (Quibdó has its own ETC, 4382)
