from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import official_warehouse
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="session")
def official(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Every official statistics source, imported from the real files (read-only for tests)."""
    return official_warehouse(shared_data, tmp_path_factory.getbasetemp())
