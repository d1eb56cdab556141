"""The dashboard pivot: rows and columns chosen among department, municipality, partner,
activity, population group and sex × age; its XLSX export follows the choice."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import Status
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.pivot import pivot_choice, pivot_table


@pytest.fixture
def published(trayecto_home: Path, submission: Submission, people: dict[str, Any]) -> Any:
    """NRC: 10 (EDU-04, 81001) and 5 (EDU-09, 81065) girls 6-11 in transit; Save the
    Children: 20 (EDU-04, Cúcuta 54001) host community boys 12-17 and 4 girls 6-11 in
    Arauca (81001, EDU-04), the same cell as NRC's 10: the maximum counts there."""
    from trayecto import paths
    from trayecto.warehouse import Warehouse
    from trayecto.web.response.services.snapshot import snapshot_publish

    other = SubmissionFactory(
        organization=OrganizationFactory(code="savethechildren"), status=Status.PUBLISHED
    )
    LineFactory(
        submission=other, municipality="54001", population_group="comunidad_acogida",
        new_beneficiaries=20, cells={"m:12-17": 20},
    )  # fmt: skip
    LineFactory(submission=other, municipality="81001", new_beneficiaries=4)
    submission.status = Status.PUBLISHED
    submission.save()
    wh = Warehouse(paths.warehouse_dir())
    snapshot_publish(warehouse=wh)
    return wh


def cells(wh: Any, rows: str, columns: str, **filters: Any) -> dict[tuple[str, str], int]:
    found = pivot_table(
        warehouse=wh, period="2026-03", filters=ReachFilters("2026-03", **filters),
        rows=rows, columns=columns,
    )  # fmt: skip
    return found.cells


def test_each_choice_of_rows_and_columns(published: Any) -> None:
    assert cells(published, "department", "group") == {
        ("81", "transito"): 15, ("54", "comunidad_acogida"): 20,
    }  # fmt: skip
    assert cells(published, "org", "activity") == {
        ("nrc", "EDU-04"): 10, ("nrc", "EDU-09"): 5, ("savethechildren", "EDU-04"): 24,
    }  # fmt: skip
    assert cells(published, "municipality", "sex_age") == {
        ("81001", "f:6-11"): 10, ("81065", "f:6-11"): 5, ("54001", "m:12-17"): 20,
    }  # fmt: skip
    assert cells(published, "activity", "department") == {
        ("EDU-04", "81"): 10, ("EDU-09", "81"): 5, ("EDU-04", "54"): 20,
    }  # fmt: skip
    # filters apply to every cell
    assert cells(published, "org", "group", departments=("81",)) == {
        ("nrc", "transito"): 15, ("savethechildren", "transito"): 4,
    }  # fmt: skip


def test_a_choice_that_makes_no_table_falls_back_to_the_default() -> None:
    assert pivot_choice("org", "activity") == ("org", "activity")
    assert pivot_choice("department", "municipality") == ("department", "group")
    assert pivot_choice("org", "org") == ("department", "group")
    assert pivot_choice("drop table", None) == ("department", "group")
    assert pivot_choice(None, None) == ("department", "group")


def test_the_page_and_its_xlsx_follow_the_choice(published: Any, people: dict[str, Any]) -> None:
    client = Client()
    client.force_login(people["viewer"])
    query = {"period": "2026-03", "rows": "org", "columns": "activity"}
    page = client.get(reverse("response:dashboard"), query).content.decode()
    table = page.split('class="data pivot"')[1].split("</table>")[0]
    assert (
        "<th>EDU-04 - Alimentación escolar</th><th>EDU-09 - Apoyo psicosocial y socioemocional</th>"
        in table
    )  # names beside the codes
    assert "<th>Organización savethechildren</th>" in table
    assert '<option value="org" selected>' in page
    download = client.get(reverse("response:pivot-xlsx"), query)
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content))["Alcance"]
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert values == [
        [
            "Socio \\ Actividad",
            "EDU-04 - Alimentación escolar",
            "EDU-09 - Apoyo psicosocial y socioemocional",
        ],
        ["Organización nrc", 10, 5],
        ["Organización savethechildren", 24, 0],
    ]
    assert "2026-03" in str(sheet.cell(1, 1).value)
    by_place = client.get(
        reverse("response:pivot-xlsx"),
        {"period": "2026-03", "rows": "department", "columns": "sex_age", "org": "nrc"},
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(by_place.content))["Alcance"].iter_rows(
        min_row=3, values_only=True))  # fmt: skip
    assert rows == [
        ("Departamento \\ Sexo y edad", "f:6-11"),
        ("81", 15),
    ]  # no geography here: codes
    anonymous = Client().get(reverse("response:pivot-xlsx"), query)
    assert anonymous.status_code == 302
