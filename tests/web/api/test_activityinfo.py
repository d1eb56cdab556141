"""ActivityInfo (GIFMM 5W v2): the published 5W of a month exported with reach at GIFMM's
bands, read back through the product's reader (the 5W reader, which recognises the layout by
its GIFMM_EXPORT_V2 profile, as `trayecto import activityinfo` and the upload page read it)
with identical figures at those bands, for every rule and level; the platform's own figure
stated beside it."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.web.api.conftest import ApiClient
from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto import paths
from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.cli.main import app
from trayecto.domain import gifmm_v2
from trayecto.domain.five_w import REACH_LEVELS, ConsolidationRule
from trayecto.domain.places import PlaceMatcher
from trayecto.importers.five_w import read_five_w
from trayecto.importers.five_w.lines import FiveWRead
from trayecto.importers.five_w_profiles import GIFMM_EXPORT_V2
from trayecto.warehouse import Warehouse
from trayecto.web.api.activityinfo import activityinfo_export
from trayecto.web.response.services import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def geography_home(reference_warehouse: Warehouse, trayecto_home: Path) -> Warehouse:
    shutil.copytree(reference_warehouse.root, paths.warehouse_dir())
    return Warehouse.for_root(paths.warehouse_dir())


def publish(code: str, lines: list[dict[str, Any]], store: Warehouse) -> None:
    submission = SubmissionFactory(organization=OrganizationFactory(code=code, name=code.upper()))
    for fields in lines:
        LineFactory(submission=submission, **fields)
    workflow.submission_validate(submission=submission, user=None)
    workflow.submission_approve(submission=submission, user=None, warehouse=store)
    workflow.submission_publish(submission=submission, user=None, warehouse=store)


@pytest.fixture
def published_march(geography_home: Warehouse) -> Warehouse:
    """Two partners' March reports at the cluster's bands: in Arauca (81001) one reaches
    girls of 0-5 and the other girls of 6-11, so GIFMM's "girls under 18" is one cell there."""
    publish("nrc", [
        {"municipality": "81001", "cells": {"f:0-5": 12, "m:0-5": 3}, "new_beneficiaries": 15,
         "beneficiaries": 20, "sede": "181001000011"},
        {"municipality": "81065", "cells": {"f:12-17": 4, "m:18-59": 2, "u:u": 1},
         "new_beneficiaries": 7, "beneficiaries": 7, "activity": "EDU-05"},
        {"municipality": "54001", "population_group": "desplazados_internos",
         "cells": {"f:60+": 2}, "new_beneficiaries": 2, "beneficiaries": 2},
    ], geography_home)  # fmt: skip
    publish("unicef", [
        {"municipality": "81001", "cells": {"f:6-11": 8, "o:18-59": 1}, "new_beneficiaries": 9,
         "beneficiaries": 9, "activity": "EDU-05", "place_name": "La Esperanza"},
        {"municipality": "54001", "population_group": "vocacion_permanencia",
         "cells": {"m:6-11": 5}, "new_beneficiaries": 5, "beneficiaries": 11,
         "group_cells": {"vocacion_permanencia:m:6-11": 3, "comunidad_acogida:m:6-11": 2}},
    ], geography_home)  # fmt: skip
    return geography_home


def read_back(path: Path, places: PlaceMatcher) -> tuple[FiveWRead, list[gifmm_v2.Row]]:
    """The file as the product reads it, and its lines as the layout's rows (one per
    population group, cells in GIFMM's six), which `gifmm_v2.coarse_reach` counts."""
    read = read_five_w(path, matcher=places, period="2026-03")
    assert read.profile == GIFMM_EXPORT_V2.name
    rows = [
        row
        for line in read.lines
        for row in gifmm_v2.rows_of_line(
            str(line.row),
            org=line.org,
            activity=line.activity,
            department=line.department,
            municipality=line.municipality,
            month=line.month,
            beneficiaries=line.beneficiaries,
            group=line.population_group,
            group_cells={f"{g}:{s}:{a}": n for (g, s, a), n in line.group_cells.items()},
        )
    ]
    return read, rows


def export_to(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["export", "activityinfo", "--month", "2026-03", "--out", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_round_trip_gives_the_figures_at_gifmm_bands(
    published_march: Warehouse, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"gifmm-5w-2026-03{suffix}"
    summary = export_to(path)
    export, _, places = activityinfo_export("2026-03", published_march)
    assert summary["rows"] == len(export.rows) == 6  # the two-group line is two rows
    read, rows = read_back(path, places)
    report = read.report
    assert report.reconciles
    assert (report.rows_read, report.rows_rejected) == (6, 0)
    assert [p for p in report.problems if p.severity == "error"] == []
    assert len(rows) == 6  # each row of the file is one line of one population group
    for rule in ConsolidationRule:
        for level in REACH_LEVELS:
            assert gifmm_v2.coarse_reach(rows, rule, level=level) == gifmm_v2.coarse_reach(
                export.rows, rule, level=level
            ), (rule, level)
    rule = ConsolidationRule(summary["rule"])
    assert sum(gifmm_v2.coarse_reach(rows, rule).values()) == summary["reach_gifmm_bands"]
    # 81001: at our bands 12 + 8 girls (two cells); at GIFMM's bands one cell, max(12, 8)
    assert (summary["reach_gifmm_bands"], summary["reach_platform_bands"]) == (30, 38)


def test_the_file_says_which_bands_its_reach_is_at(
    published_march: Warehouse, tmp_path: Path, api_as: Callable[[str], ApiClient]
) -> None:
    summary = export_to(tmp_path / "gifmm.xlsx")
    book = openpyxl.load_workbook(tmp_path / "gifmm.xlsx", read_only=True)
    assert book.sheetnames == ["5W", "Nota"]
    header = next(book["5W"].iter_rows(max_row=1, values_only=True))
    assert list(header) == list(gifmm_v2.COLUMNS)
    note = {row[0]: row[1] for row in book["Nota"].iter_rows(values_only=True)}
    assert note["alcance en las bandas del GIFMM / reach at GIFMM's bands"] == "30"
    assert note["alcance de Trayecto en sus bandas / Trayecto's reach at its bands"] == "38"
    assert "menores de 18 y de 18 o más" in note["nota"]
    assert "under 18 and 18 or over" in note["note"]
    # the platform's figure is the one the reach API publishes for the month
    reach = api_as("viewer").get("/api/v1/reach", {"period": "2026-03"}).json()
    assert [r["value"] for r in reach] == [summary["reach_platform_bands"]]
    assert note["versión del almacén / warehouse version"] == str(
        published_march.manifest().version
    )


def test_a_month_without_published_lines_is_refused(
    geography_home: Warehouse, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        app, ["export", "activityinfo", "--month", "2026-04", "--out", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1
    assert "no published 5W line in 2026-04" in result.output
    bad = CliRunner().invoke(
        app, ["export", "activityinfo", "--month", "2026-4", "--out", str(tmp_path / "x.csv")]
    )
    assert bad.exit_code == 2


def test_an_activityinfo_csv_in_gifmm_spellings_is_read_and_its_bad_rows_reported(
    geography_home: Warehouse, tmp_path: Path
) -> None:
    """A CSV as ActivityInfo exports the sub-group's form (synthetic rows, GIFMM's spellings)."""
    path = tmp_path / "activityinfo-export.csv"
    rows = [
        {"Socio Principal": "NRC", "Departamento": "Norte_De_Santander", "Municipio": "Cúcuta",
         "Mes": "03_Marzo", "Actividad de marco lógico": "EDU-04",
         "Total beneficiarios alcanzados en el mes": "30", "Beneficiarios nuevos en el mes": "9",
         "En tránsitos": "30", "*Nuevas Niñas y adolescentes <17": "4",
         "*Nuevas Niños y adolescentes <17": "5"},
        {"Socio Principal": "NRC", "Departamento": "Arauca", "Municipio": "Ciudad Gótica",
         "Mes": "03_Marzo", "Actividad de marco lógico": "EDU-04",
         "Total beneficiarios alcanzados en el mes": "1", "Beneficiarios nuevos en el mes": "1",
         "*Nuevas Mujeres adultas >= 18": "1"},
        {"Socio Principal": "NRC", "Departamento": "Arauca", "Municipio": "Arauca",
         "Mes": "03_Marzo", "Actividad de marco lógico": "EDU-04",
         "Total beneficiarios alcanzados en el mes": "5", "Beneficiarios nuevos en el mes": "5",
         "*Nuevas Mujeres adultas >= 18": "3"},
        {"Socio Principal": "NRC", "Departamento": "Arauca", "Municipio": "Arauca",
         "Mes": "03_Marzo", "Actividad de marco lógico": "EDU-04",
         "Total beneficiarios alcanzados en el mes": "10",
         "Beneficiarios nuevos en el mes": "diez"},
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=gifmm_v2.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    places = matcher_from_warehouse(geography_home.reader()[0])
    read, found = read_back(path, places)
    report = read.report
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (4, 1, 3)
    assert report.reconciles
    (row,) = found
    assert (row.department, row.municipality, row.month, row.group) == (
        "54",
        "54001",
        "2026-03",
        "transito",
    )
    assert dict(row.cells) == {("f", "0-17"): 4, ("m", "0-17"): 5}
    assert (row.total, row.new, row.org, row.activity) == (30, 9, "NRC", "EDU-04")
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "Municipio"),
        (4, "sexo y edad"),  # the six «*Nuevos…» cells against the new beneficiaries
        (5, "Beneficiarios nuevos en el mes"),
    ]
    assert "suman 3 y el total es 5 de beneficiarios nuevos" in report.problems[1].message
