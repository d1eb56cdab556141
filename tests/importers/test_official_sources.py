"""Every registered official source: a file of another layout is refused whole, and a dry
run validates the real file without publishing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayecto.importers import registry
from trayecto.warehouse import Warehouse

OFFICIAL = sorted(s.id for s in registry.SOURCES.values() if s.official)


def registered_file(shared_data: Path, source_id: str) -> Path:
    source = registry.get(source_id)
    return shared_data / source.folder / source.filename


@pytest.fixture
def geography(shared_data: Path, warehouse: Warehouse) -> Warehouse:
    """A warehouse holding DIVIPOLA, which the other sources are checked against."""
    divipola = registry.get("divipola").load_function()
    report = divipola(registered_file(shared_data, "divipola"), warehouse, dry_run=False)
    assert not report.refused
    return warehouse


@pytest.mark.parametrize("source_id", OFFICIAL)
def test_a_file_of_another_layout_is_refused_and_publishes_nothing(
    source_id: str, tmp_path: Path, geography: Warehouse
) -> None:
    source = registry.get(source_id)
    path = tmp_path / source.filename  # synthetic: the right name, someone else's content
    path.write_text("codigo,nombre\n05001,Medellín\n", encoding="utf-8")
    before = geography.manifest()
    report = source.load_function()(path, geography, dry_run=False)
    assert report.refused
    assert report.problems, "a refused file must say why"
    assert report.rows_imported == 0
    assert geography.manifest() == before


@pytest.mark.parametrize("source_id", OFFICIAL)
def test_a_dry_run_of_the_real_file_reconciles_and_publishes_nothing(
    source_id: str, shared_data: Path, geography: Warehouse
) -> None:
    before = geography.manifest()
    load = registry.get(source_id).load_function()
    report = load(registered_file(shared_data, source_id), geography, dry_run=True)
    assert not report.refused, report.problems[:3]
    assert report.dry_run
    assert report.reconciles
    assert report.rows_imported > 0
    assert geography.manifest() == before
