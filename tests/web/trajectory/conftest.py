"""A warehouse with the real geography (DIVIPOLA, the ETC of each municipality) and three
years of synthetic students (SINTÉTICO) in Arauca and Cúcuta, imported as the demo does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.support.schools import publish_geography_with_etc
from tests.support.students import write_years
from trayecto.importers import simat_students
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="session")
def student_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("trajectory-site")
    warehouse = Warehouse(folder / "warehouse")
    publish_geography_with_etc(warehouse, shared_data)
    _generator, _years, files = write_years(folder / "files", per_cell=4)
    mp = pytest.MonkeyPatch()
    mp.setenv("TRAYECTO_HOME", str(folder / "home"))
    try:
        for path in files:
            assert not simat_students.load(path, warehouse, synthetic=True).refused
    finally:
        mp.undo()
    return warehouse


@pytest.fixture
def students(student_warehouse: Warehouse) -> Iterator[Warehouse]:
    with override_settings(WAREHOUSE_DIR=student_warehouse.root):
        yield student_warehouse
