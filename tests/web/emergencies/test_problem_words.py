"""What an import or a service refused reads in the page's language: the real Chocó list
uploaded on a Spanish page reports its problems in Spanish, on an English page in English."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from trayecto.web.emergencies.models import Event
from trayecto.web.problem_words import FIELD, SPANISH, problem_words

pytestmark = pytest.mark.django_db
PROBLEM_CELLS = re.compile(
    r"<tr><td class=\"num\">\d+</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>"
)


def sample(wording: str) -> str:
    """The wording with a value in each place ({code} -> 'v-code')."""
    return FIELD.sub(lambda m: f"v-{m.group(1)}", wording)


@pytest.mark.parametrize("english", sorted(SPANISH))
def test_each_known_message_reads_in_spanish_with_its_values(english: str) -> None:
    message = sample(english)
    with translation.override("es"):
        said = problem_words(message)
    assert said == sample(SPANISH[english])
    for value in re.findall(r"v-\w+", message):
        assert value in said
    with translation.override("en"):
        assert problem_words(message) == message


def test_an_unknown_message_is_shown_as_it_is() -> None:
    with translation.override("es"):
        assert problem_words("something new went wrong") == "something new went wrong"


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [
        ("es", "fuera de los departamentos de la emergencia (27)", "outside the event"),
        ("en", "outside the event&#x27;s departments (27)", "fuera de los departamentos"),
    ],
)
def test_the_real_list_is_reported_in_the_pages_language(
    as_persona: Callable[[str], Client], earthquake: Event, choco_list: Path,
    language: str, expected: str, unexpected: str,
) -> None:  # fmt: skip
    client = as_persona("im_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with open(choco_list, "rb") as fh:
        html = client.post(f"/emergencias/{earthquake.pk}/lista/", {"archivo": fh}).content
    page = html.decode()
    assert expected in page
    assert unexpected not in page
    messages = PROBLEM_CELLS.findall(page)
    assert messages  # the real list has rows outside Chocó
    if language == "es":
        english = [m for m in messages if re.search(r"\b(the|is|of|in)\b", m)]
        assert english == []
