"""A warehouse with the real geography (DIVIPOLA, the ETC of each municipality) and three
years of synthetic students (SINTÉTICO) in Arauca and Cúcuta, imported as the demo does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.support.students import imported_student_years
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="session")
def student_warehouse(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return imported_student_years(tmp_path_factory.mktemp("trajectory-site"), shared_data)


@pytest.fixture
def students(student_warehouse: Warehouse) -> Iterator[Warehouse]:
    with override_settings(WAREHOUSE_DIR=student_warehouse.root):
        yield student_warehouse
