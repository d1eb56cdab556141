from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import load_official
from trayecto.warehouse import Warehouse


@pytest.fixture(scope="session")
def official(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Every official statistics source, imported from the real files (read-only for tests)."""
    warehouse = Warehouse(tmp_path_factory.mktemp("official") / "warehouse")
    load_official(shared_data, warehouse)
    return warehouse
