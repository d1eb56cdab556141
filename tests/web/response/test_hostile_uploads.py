"""Hostile 5W uploads through the web: the server answers with the message, never a crash,
and reads only what the partner can see."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.support.hostile_files import two_corners
from trayecto.web.response.models import ActivityLine as Line
from trayecto.web.response.models import Submission

from .conftest import confirm_upload

ROW = ["nrc", "2026-03", "", "81001", "", "", "EDU-04", "transito", "Nuevo"]


def template(client: Client) -> openpyxl.Workbook:
    response = client.get(reverse("response:template"), {"org": "nrc", "period": "2026-03"})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client: Client, data: bytes, name: str, **extra: str) -> str:
    file = io.BytesIO(data)
    file.name = name
    response = client.post(reverse("response:upload"), {"org": "nrc", "file": file, **extra})
    assert response.status_code == 200
    return response.content.decode()


def saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("dry_run", ["1", ""])
def test_a_two_cell_workbook_spanning_the_sheet_gets_a_message(
    nrc_partner: Client, tmp_path: Path, dry_run: str
) -> None:
    data = two_corners(tmp_path / "corners.xlsx").read_bytes()
    page = upload(nrc_partner, data, "corners.xlsx", dry_run=dry_run)
    assert "declara celdas hasta XFD1048576" in page
    assert "Borre las filas y columnas vacías después de sus datos" in page
    assert not Line.objects.exists()


def test_a_hidden_first_sheet_is_not_imported_and_is_reported(nrc_partner: Client) -> None:
    """The hidden sheet (999 people in La Guajira) was imported instead of the visible 10."""
    workbook = template(nrc_partner)
    visible = workbook["5W"]
    hidden = workbook.copy_worksheet(visible)
    hidden.title = "Copia"
    workbook.move_sheet(hidden, offset=-workbook.index(hidden))
    hidden.sheet_state = "hidden"
    for col, value in enumerate([*ROW[:3], "44001", *ROW[4:], 999], start=1):
        hidden.cell(3, col, value)
    for col, value in enumerate([*ROW, 10], start=1):
        visible.cell(3, col, value)
    page = upload(nrc_partner, saved(workbook), "nrc-marzo.xlsx")
    assert "la hoja &#x27;Copia&#x27; está oculta: no se importó" in page
    (line,) = Line.objects.all()
    assert (line.municipality, line.beneficiaries) == ("81001", 10)


def test_implausible_beneficiaries_are_refused_with_the_row(nrc_partner: Client) -> None:
    workbook = template(nrc_partner)
    sheet = workbook["5W"]
    for row, beneficiaries in ((3, 1e20), (4, 10**15), (5, 12)):
        for col, value in enumerate([*ROW, beneficiaries], start=1):
            sheet.cell(row, col, value)
        sheet.cell(row, 7, ("EDU-04", "EDU-09", "EDU-10")[row - 3])
    page = upload(nrc_partner, saved(workbook), "nrc-marzo.xlsx")
    assert "1e+20 supera el máximo plausible, 10.000.000" in page
    assert "1.000.000.000.000.000 supera el máximo plausible" in page
    assert not Submission.objects.exists()  # rejected rows: nothing is sent before confirming
    confirm_upload(nrc_partner, page)
    assert Submission.objects.get().rows_imported == 1
    assert [line.beneficiaries for line in Line.objects.all()] == [12]
