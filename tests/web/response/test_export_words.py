"""The 5W line downloads write a report's status in the words of the user's language, beside
its stable code: the real XLSX opened with openpyxl, and the HXL CSV, in Spanish and English."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.web.response.models import Submission

CODE = "Estado del reporte (código)"
WORDS = "Estado del reporte"
# language -> the words of each status the partner's two reports are in
EXPECTED = {
    "es": {"submitted": "enviado", "published": "publicado"},
    "en": {"submitted": "submitted", "published": "published"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def nrc(trayecto_home: Path, submission: Submission, people: dict[str, Any]) -> Client:
    """NRC's focal point, whose March report is submitted and February report published."""
    published = SubmissionFactory(period__month="2026-02", status=Status.PUBLISHED)
    LineFactory(submission=published, municipality="54001")
    client = Client()
    client.force_login(people["partner"])
    return client


def statuses(header: list[Any], rows: list[list[Any]]) -> set[tuple[Any, Any]]:
    """(code, words) of each line."""
    code, said = header.index(CODE), header.index(WORDS)
    return {(row[code], row[said]) for row in rows}


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_xlsx_export_writes_the_status_in_words_beside_its_code(
    nrc: Client, language: str
) -> None:
    nrc.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = nrc.get(reverse("response:export-xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["5W"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, tags, lines = rows[0], rows[1], rows[2:]
    assert tags[header.index(CODE)] == "#status+code"
    assert tags[header.index(WORDS)] == "#status+name"
    assert len(lines) == 3  # two March lines, one February line
    assert statuses(header, lines) == set(EXPECTED[language].items())


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_hxl_export_writes_the_status_in_words_beside_its_code(
    nrc: Client, language: str
) -> None:
    nrc.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = nrc.get(reverse("response:export-hxl"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, lines = rows[0], rows[2:]
    assert statuses(header, lines) == set(EXPECTED[language].items())
