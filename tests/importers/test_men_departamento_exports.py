"""Both departmental MEN exports are fetched and loaded, older first, so that a cell the
newer export drops is served from the older one (end to end through the CLI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from trayecto.cli.main import app

pytestmark = pytest.mark.django_db  # every command migrates $TRAYECTO_HOME's database first

# What `trayecto indicator` needs for a departmental rate and its published value.
NEEDED = ("men-municipio", "men-departamento-2023", "men-departamento", "dane-proyecciones")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stdout
    return result.stdout


def indicator(code: str, year: int) -> dict[str, Any]:
    out = invoke(
        "indicator", code, "--level", "department", "--area", "05", "--year", str(year), "--json"
    )
    [row] = json.loads(out)
    assert isinstance(row, dict)
    return row


@pytest.mark.usefixtures("trayecto_home")
def test_a_cell_the_newer_export_drops_is_served_from_the_older_one(shared_data: Path) -> None:
    fetched = json.loads(invoke("sources", "fetch", "--from", str(shared_data), "--json"))
    order = [item["id"] for item in fetched]
    assert order.index("men-departamento-2023") < order.index("men-departamento")
    for item in fetched:  # in the order `sources fetch` and `demo` load them
        if item["id"] in NEEDED:
            invoke("import", item["id"], item["path"])
    # The 2011–2024 export repeats failure in transición approval for 2011–2021, so that
    # cell is dropped from it; the 2023-10-22 export still has Antioquia's 96.31 % (README).
    # 2011 has no DANE population to re-aggregate with: MEN's figure is the value.
    dropped = indicator("aprobacion_transicion", 2011)
    assert dropped["value"] == 96.31
    # ... and says which registered source it came from: the older export's own id.
    assert (dropped["provenance"]["source"], dropped["provenance"]["vintage"]) == (
        "men-departamento-2023",
        "2023-10-22",
    )
    compared = indicator("aprobacion_transicion", 2012)  # re-aggregated, MEN's beside it
    assert compared["published_value"] is not None
    assert compared["provenance"]["published_source"] == "men-departamento-2023 2023-10-22"
    # Where both exports have the cell, the newer one is served.
    kept = indicator("cobertura_neta", 2022)
    assert kept["published_value"] is not None
    assert kept["provenance"]["published_source"] == "men-departamento 2024"
