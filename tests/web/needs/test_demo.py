"""The demo's needs run: made once from the real official data, published for the bulletin,
labelled as the demo's; without OCHA's table the demo says it skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.official_data import official_warehouse
from trayecto.warehouse import Warehouse
from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.needs import bulletin
from trayecto.web.needs.demo import DEMO_RUN, load_needs_demo
from trayecto.web.needs.models import NeedsRun

pytestmark = pytest.mark.django_db


def test_the_demo_run_is_made_once_from_the_official_data_and_published(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    official = official_warehouse(shared_data, tmp_path_factory.getbasetemp())
    first = load_needs_demo(official)
    second = load_needs_demo(official)
    (run,) = NeedsRun.objects.all()
    assert run.name == DEMO_RUN
    assert DEMO_RUN.startswith("DEMO:")
    assert first["needs"]["run"] == second["needs"]["run"] == run.pk
    assert run.published_at is not None
    assert round(run.totals["official_pin"]) == 3_003_411  # OCHA's JIAF table, as imported
    assert len(run.results) == 1_123  # every municipality of DIVIPOLA (27493 included)
    shown = bulletin.collect(BulletinScope("2026-08", "27"))
    assert shown is not None
    assert shown["name"] == DEMO_RUN
    assert len(shown["municipalities"]) == 31  # Chocó's 30 and Nuevo Belén de Bajirá


def test_without_ochas_table_the_demo_skips_the_run(empty_warehouse: Warehouse) -> None:
    assert load_needs_demo(empty_warehouse)["needs"].startswith("skipped")
    assert not NeedsRun.objects.exists()
