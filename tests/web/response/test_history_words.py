"""A report's history and its consolidation rule read in words, in the page's language: never
the stored keys (`approve`, `max_activity_then_sum_municipality`)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ROOT
from trayecto.domain.five_w import ConsolidationRule
from trayecto.web.response import labels
from trayecto.web.response.models import Submission
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_validate,
)

pytestmark = pytest.mark.django_db
HISTORY = re.compile(r"<h2>[^<]*</h2>\s*<ul>(.*?)</ul>", re.DOTALL)


def history_of(client: Client, submission: Submission) -> tuple[str, str]:
    html = client.get(f"/5w/{submission.pk}/").content.decode()
    found = [block for block in HISTORY.findall(html) if "sistema" in block or " · " in block]
    return html, found[-1]


@pytest.mark.parametrize(
    ("language", "words", "rule"),
    [
        ("es", ["validado", "aprobado", "publicado"], "máximo entre actividades por municipio"),
        (
            "en",
            ["validated", "approved", "published"],
            "highest across activities per municipality",
        ),
    ],
)
def test_the_history_and_the_rule_read_in_the_pages_language(
    submission: Submission, people: dict[str, Any], wh: Any, client: Client,
    language: str, words: list[str], rule: str,
) -> None:  # fmt: skip
    submission_validate(submission=submission, user=people["leg_coordinator"])
    submission_approve(submission=submission, user=people["im_officer"], warehouse=wh)
    submission_publish(submission=submission, user=people["im_officer"], warehouse=wh)
    client.force_login(people["im_officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html, history = history_of(client, submission)
    for word in words:
        assert f"· {word} ·" in history, (word, history)
    for key in ("validate", "approve", "publish"):
        assert f"· {key} ·" not in history
    assert rule in html
    # the key stays beside the words, as codes do beside names
    assert f"<code>{ConsolidationRule.MAX_ACTIVITY_THEN_SUM_MUNICIPALITY}</code>" in html


def test_every_rule_has_its_words() -> None:
    assert set(labels.RULES) == set(ConsolidationRule)


def test_every_action_the_services_record_has_its_words() -> None:
    """The actions written by `audit(user, "<action>", ...)` anywhere in the 5W app, and the
    workflow's steps (`_move(..., "<action>", ...)`)."""
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "src" / "trayecto" / "web" / "response").rglob("*.py")
    )
    written = set(re.findall(r'audit\(\s*\w+, "(\w+)"', source))
    written |= set(re.findall(r'_move\([^)]*?"(\w+)"', source))
    # and both of the ones chosen as `"replace" if existing else "import"`, whether named
    # first (`action = ...`) or written in the call itself
    chosen = r'(?:action =|audit\(\s*\w+,) "(\w+)" if [^"\n]+ else "(\w+)"'
    written |= {key for pair in re.findall(chosen, source) for key in pair}
    assert {"import", "replace", "plan_add", "plan_update", "line_add", "line_edit"} <= written
    assert len(written) >= 15
    assert written - set(labels.ACTIONS) == set()
