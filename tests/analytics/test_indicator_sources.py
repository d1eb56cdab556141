"""An indicator needs only the sources of the breakdown asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import DANE, MEN_MUNICIPIO
from trayecto.analytics import compute
from trayecto.importers import dane_proyecciones, men_municipio
from trayecto.warehouse import Warehouse


def test_the_both_sexes_population_needs_only_mens_file(shared_data: Path, tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "w")
    assert not men_municipio.load(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False).refused
    [row] = compute.run(
        warehouse, compute.Query("poblacion_5_16", "department", area="81", year=2022)
    )
    assert row["value"] > 0
    assert row["provenance"]["source"] == "men-municipio"
    # By sex it comes from DANE's projections: refused, saying what to import.
    with pytest.raises(compute.MissingData, match=r"poblacion_5_16 by sex .*dane-proyecciones"):
        compute.run(warehouse, compute.Query("poblacion_5_16", "department", sex="f"))
    # And the other way round: DANE alone gives the split by sex, not MEN's total.
    dane_only = Warehouse(tmp_path / "dane")
    assert not dane_proyecciones.load(
        shared_data / DANE.format("municipio"), dane_only, dry_run=False
    ).refused
    [girls] = compute.run(
        dane_only, compute.Query("poblacion_5_16", "department", area="81", year=2024, sex="f")
    )
    assert girls["value"] == 33342
    with pytest.raises(compute.MissingData, match="men-municipio"):
        compute.run(dane_only, compute.Query("poblacion_5_16", "department"))


def test_a_school_level_rate_without_sede_data_names_what_to_import(
    shared_data: Path, tmp_path: Path
) -> None:
    """The one scan of the sede rates (analytics/sede_indicators.py) is never attempted
    over a warehouse that lacks its summary: the refusal names the table and the source."""
    warehouse = Warehouse(tmp_path / "w")
    assert not men_municipio.load(shared_data / MEN_MUNICIPIO, warehouse, dry_run=False).refused
    con, version = warehouse.reader()
    indicator = compute.registry.get("desercion_sede")
    with pytest.raises(compute.MissingData, match=r"sede_enrolment_grade.*sede-matricula"):
        compute.base_table(con, indicator, version, warehouse.root)
