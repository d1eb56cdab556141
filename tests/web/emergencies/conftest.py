"""An earthquake in Chocó and the real list of the sedes it hit (emergencia_sismo2026)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from trayecto.warehouse import Warehouse
from trayecto.web.emergencies.models import Event
from trayecto.web.emergencies.services import EventInput, event_create

FOLDER = "emergencia_sismo2026_sedes_choco"
FILE = "sedes_educativas_afectadas_choco_ago2026.csv"
CHOCO = "27"


@pytest.fixture
def choco_list(shared_data: Path) -> Path:
    return shared_data / FOLDER / FILE


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def write_list(tmp_path: Path) -> Callable[[str, list[str], list[dict[str, str]]], Path]:
    """Write a list in the layout of the Chocó file (test data derived from the real rows)."""

    def write(name: str, header: list[str], rows: list[dict[str, str]]) -> Path:
        path = tmp_path / name
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, header, delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def earthquake(geography: Warehouse) -> Event:
    return event_create(
        data=EventInput(
            type="natural_disaster",
            subtype="earthquake",
            title="Sismo de Chocó",
            start_date=dt.date(2026, 8, 9),
            department_codes=(CHOCO,),
        ),
        user=None,
        store=geography,
    )
