"""The maps of the ETC report, drawn offline as SVG over the real MGN 2018 boundaries: OCHA's
severity and ours in the needs section, the shortfall of places in the supply section, in the
HTML and in the PDF; without boundaries the report says what is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require
from trayecto.analytics import etc_report
from trayecto.reports import etc_report as render
from trayecto.warehouse import Warehouse

NARINO_ETC = "3798"  # Nariño (ETC): 61 municipalities, the largest priority ETC


@pytest.fixture(scope="module")
def report(sede_warehouse: Warehouse) -> dict[str, Any]:
    return etc_report.gather(sede_warehouse, NARINO_ETC, 2025)


def figures(page: str) -> list[str]:
    return re.findall(r'<figure class="map">.*?</figure>', page, flags=re.S)


def test_the_boundaries_are_the_etcs_municipalities(report: dict[str, Any]) -> None:
    codes = {m["code"] for m in report["institutional"]["municipalities"]}
    drawn = {f["properties"]["code"] for f in report["maps"]["boundaries"]["features"]}
    assert drawn == codes  # every municipality of the ETC has its MGN 2018 polygon
    assert {c[:2] for c in drawn} == {"52"}
    assert report["maps"]["missing"] == []


def test_three_maps_in_the_html_each_coloured_where_there_is_a_figure(
    report: dict[str, Any],
) -> None:
    page = render.render_html(report, "es")
    maps = figures(page)
    assert len(maps) == 3
    assert "Severidad de OCHA por municipio" in maps[0]
    assert "Severidad propia por municipio" in maps[1]
    assert "Déficit de cupos por municipio" in maps[2]
    assert page.index(maps[2]) > page.index("Oferta, demanda y brecha de cupos")
    municipalities = len(report["maps"]["boundaries"]["features"])
    with_severity = sum(1 for r in report["needs"]["municipalities"] if r["official_severity"])
    # a grey outline for every municipality, then a coloured shape for each with a figure
    assert maps[0].count("<path") >= municipalities + with_severity
    assert "En gris, los municipios sin dato." in maps[0]
    english = figures(render.render_html(report, "en"))
    assert "Shortfall of places by municipality" in english[2]


def test_the_pdf_carries_the_maps(report: dict[str, Any], tmp_path: Path) -> None:
    require(shutil.which("pdftotext") is not None, "poppler-utils is not installed")
    pdf, pages = render.render_pdf_pages(report, "es")
    target = tmp_path / "informe.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for caption in ("Severidad de OCHA por municipio", "Déficit de cupos por municipio"):
        assert caption in " ".join(text.split())
    assert pages >= 2


def test_without_boundaries_the_report_says_which_data_is_missing(
    report: dict[str, Any], sede_warehouse: Warehouse
) -> None:
    con, _ = sede_warehouse.reader()
    codes = {m["code"] for m in report["institutional"]["municipalities"]}
    missing = etc_report.boundaries(con, {"municipality"}, codes)
    assert missing["missing"] == [
        "municipality_boundary (mgn2018): límites municipales para los mapas"
    ]
    page = render.render_html({**report, "maps": missing}, "es")
    assert figures(page) == []
    assert "municipality_boundary (mgn2018)" in page
