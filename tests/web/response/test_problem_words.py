"""The 5W import's problems read in the page's language: a real bad file, made from the
template the page hands out and uploaded against the real geography, is reported in English
on an English page and in Spanish on a Spanish one, with the row, column and value; the
report stored with the submission reads the same way on the detail page."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from trayecto.web.problem_english import ENGLISH
from trayecto.web.problem_words import FIELD, known_wording, words
from trayecto.web.response.models import Submission

from .conftest import confirm_upload
from .test_hostile_uploads import ROW, saved

PROBLEM = re.compile(
    r"<tr><td class=\"num\">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>"
)
BENEFICIARIES = "Beneficiarios del mes (personas)"
SEDE = "Código DANE de la sede (12 dígitos)"
# row -> (column, cell) written over the good row: each is refused with its own message
BAD_CELLS: dict[int, tuple[int, Any]] = {
    4: (2, "marzo del año pasado"),
    5: (10, "muchos"),
    6: (5, "1234"),
    7: (7, "EDU-999"),
    8: (4, "Arauquitaa"),
    9: (10, 1e20),
}
# (row, column, value) -> (English, Spanish): what each page says of each bad cell
EXPECTED = {
    (4, "Mes (AAAA-MM)", "marzo del año pasado"): (
        "not a valid month: write the month as YYYY-MM (2026-03)",
        "mes no válido: escriba el mes como AAAA-MM (2026-03)",
    ),
    (5, BENEFICIARIES, "muchos"): (
        "count: not a whole number: write digits only (1234 or 1.234)",
        "la cantidad no es un número: escriba solo cifras",
    ),
    (6, SEDE, "1234"): (
        "the sede's DANE code has 4 digits and 12 are expected (zone, 5 of the municipality "
        "and 6 of the sede): copy it whole from the sede directory or leave the cell empty",
        "el código DANE de sede tiene 4 dígitos y se esperan 12 (zona, 5 del municipio y 6 de "
        "la sede): cópielo completo del directorio de sedes o deje la celda vacía",
    ),
    (7, "Actividad", "EDU-999"): (
        "activity not in the catalogue: did you mean EDU-09, EDU-11, EDU-10? choose one from "
        "the list (the catalogue's code, name or alias); an upload does not create activities",
        "actividad fuera del catálogo: ¿quiso decir EDU-09, EDU-11, EDU-10? elija una de la "
        "lista (código, nombre o alias del catálogo); una carga no crea actividades",
    ),
    (8, "Municipio", "Arauquitaa"): (
        "No municipality 'Arauquitaa' was found in Arauca. Did you mean: 81065 Arauquita? Not "
        "applied: correct the name or write the DANE code.",
        "No se encontró el municipio 'Arauquitaa' en Arauca. ¿Quiso decir: 81065 Arauquita? "
        "No se aplicó: corrija el nombre o escriba el código DANE.",
    ),
    (9, BENEFICIARIES, "100000000000000000000"): (
        "count: 1e+20 is more than 10,000,000, the most plausible (more people than any "
        "municipality has): check it",
        "la cantidad 1e+20 supera el máximo plausible, 10.000.000 (más personas de las que "
        "tiene cualquier municipio): revise la cifra",
    ),
}
# Words only a Spanish sentence has, and only an English one
SPANISH_WORDS = re.compile(r"\b(el|la|los|de|del|escriba|corrija|falta|no se)\b")
ENGLISH_WORDS = re.compile(r"\b(the|is|of|write|correct|missing|was)\b")

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad_file(nrc_partner: Client) -> bytes:
    """The page's own template: one good row, then the same row with one bad cell each."""
    response = nrc_partner.get(reverse("response:template"), {"org": "nrc", "period": "2026-03"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["5W"]
    for row in range(3, 10):
        for column, value in enumerate([*ROW, 10], start=1):
            sheet.cell(row, column, value)
        if row in BAD_CELLS:
            sheet.cell(row, BAD_CELLS[row][0], BAD_CELLS[row][1])
    sheet.cell(8, 3, "Arauca")
    return saved(workbook)


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def upload(client: Client, data: bytes) -> str:
    file = io.BytesIO(data)
    file.name = "nrc-marzo.xlsx"
    response = client.post(reverse("response:upload"), {"org": "nrc", "file": file})
    assert response.status_code == 200
    return response.content.decode()


def problems_shown(page: str) -> dict[tuple[int, str, str], str]:
    return {
        (int(row), html.unescape(column), html.unescape(value)): html.unescape(message)
        for row, column, value, message in PROBLEM.findall(page)
    }


def check_words(shown: dict[tuple[int, str, str], str], language: str) -> None:
    """Each bad cell said in the page's language, with its row, column and value; no
    message left in the other language."""
    index = 0 if language == "en" else 1
    for where, said in EXPECTED.items():
        assert shown[where] == said[index], where
    other = SPANISH_WORDS if language == "en" else ENGLISH_WORDS
    for where, message in shown.items():
        assert not other.search(message), (where, message)
        assert not known_wording(message, language), (where, message)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_bad_five_w_file_is_reported_in_the_pages_language(
    nrc_partner: Client, bad_file: bytes, language: str
) -> None:
    page = upload(in_language(nrc_partner, language), bad_file)
    shown = problems_shown(page)
    assert set(shown) == set(EXPECTED)  # one problem per bad row, the good one accepted
    check_words(shown, language)


def test_the_stored_report_reads_in_each_language_on_the_detail_page(
    nrc_partner: Client, bad_file: bytes
) -> None:
    """The report as stored (in the importer's Spanish, as every earlier upload stored it)
    is translated when shown, in either language, on the report's page."""
    confirm_upload(nrc_partner, upload(in_language(nrc_partner, "es"), bad_file))
    submission = Submission.objects.get()
    assert submission.problems[1]["message"] == EXPECTED[5, BENEFICIARIES, "muchos"][1]
    url = reverse("response:detail", args=[submission.pk])
    for language in ("en", "es"):
        page = in_language(nrc_partner, language).get(url).content.decode()
        check_words(problems_shown(page), language)


def sample(wording: str) -> str:
    """The wording with a value in each place ({code} -> 'v-code')."""
    return FIELD.sub(lambda m: f"v-{m.group(1)}", wording)


@pytest.mark.parametrize("spanish", sorted(ENGLISH))
def test_each_five_w_wording_reads_in_english_with_its_values(spanish: str) -> None:
    message = sample(spanish)
    said = words(message, "en")
    assert said == FIELD.sub(
        lambda m: f"'v-{m[1]}'" if m[2] == "!r" else f"v-{m[1]}", ENGLISH[spanish]
    )
    assert words(message, "es") == message
