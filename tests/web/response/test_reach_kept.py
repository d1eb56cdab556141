"""The reach page keeps its warehouse figures per manifest version: a second view is served
from them, a workflow step that changes what is counted shows at once, and one role's kept
figures never show to a role of another territory."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.web.conftest import FIVE_W_PERSONAS
from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.kept import figures
from trayecto.web.response.services.workflow import (
    submission_approve,
    submission_publish,
    submission_reopen,
    submission_validate,
)

MARCH = {"period": "2026-03"}
PIVOT_CELL = re.compile(r'<td class="num">([^<]+)</td>')


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def what_it_shows(client: Client, query: dict[str, str] | None = None) -> dict[str, Any]:
    """The page's figures: total, department table, pivot cells, presence, map values."""
    asked = query or MARCH
    response = client.get(reverse("response:dashboard"), asked)
    assert response.status_code == 200
    page = response.content.decode()

    def table(css: str) -> str:
        return page.split(f'<table class="data {css}">')[1].split("</table>")[0]

    spec = json.loads(client.get(reverse("response:dashboard-map"), asked).content)
    return {
        "total": page.split('<strong class="total">')[1].split("<")[0],
        "departments": table("reach").split("<tbody>")[1],
        "pivot": PIVOT_CELL.findall(table("pivot")),
        "presence": re.findall(r"<small>(\d{5})</small>", page.split('"data presence"')[1])
        if '"data presence"' in page
        else [],
        "map": {
            f["properties"]["code"]: f["properties"]["alcanzados"]
            for f in spec["data"]["values"]
            if f["properties"]["alcanzados"]
        },
    }


def test_a_second_view_is_served_from_the_kept_figures(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    client = client_for(people["viewer"])
    first = what_it_shows(client)
    computed = figures.misses
    kept_before = figures.hits
    assert what_it_shows(client) == first
    assert figures.misses == computed  # nothing computed again
    assert figures.hits > kept_before
    assert first["total"] == "718"  # Arauca 3 + 10 + 5, Cúcuta 700 (published only)
    assert first["map"] == {"81": 18, "54": 700}


def test_publishing_a_report_changes_the_page_at_once(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    client = client_for(people["viewer"])
    before = what_it_shows(client)
    assert what_it_shows(client) == before  # now kept
    approved = Submission.objects.get(organization__code="savethechildren")
    submission_publish(submission=approved, user=people["im_officer"], warehouse=reach_published)
    after = what_it_shows(client)
    # Save the Children's 400 in Arave (81001) against NRC's 13 there: the larger counts
    assert (before["total"], after["total"]) == ("718", "1\xa0105")  # Django's Spanish grouping
    assert after["map"] == {"81": 405, "54": 700}
    assert after["departments"] != before["departments"]
    assert after["pivot"] != before["pivot"]


def test_a_report_sent_back_leaves_the_figures_at_once(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    client = client_for(people["leg_coordinator"])
    assert what_it_shows(client)["total"] == "718"
    march = Submission.objects.get(organization__code="nrc", period__month="2026-03")
    submission_reopen(
        submission=march, user=people["im_officer"], reason="Cifras de Cúcuta por revisar",
        warehouse=reach_published,
    )  # fmt: skip
    after = what_it_shows(client)
    assert after["total"] == "3"  # January's 3 in Arauca remain
    assert after["map"] == {"81": 3}
    assert after["presence"] == ["81001"]


def test_an_approval_republishes_and_the_page_still_counts_published_reports_only(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    """An approval adds lines to the snapshot (approved reports are counted by the IM team's
    exports); the page, which counts published reports, reads the new version and shows the
    same published figures, not the approved ones."""
    client = client_for(people["im_officer"])
    version = reach_published.manifest().version
    assert what_it_shows(client)["total"] == "718"
    report = SubmissionFactory(period__month="2026-02")
    LineFactory(submission=report, municipality="54001", new_beneficiaries=900)
    submission_validate(submission=report, user=people["cluster_admin"])
    submission_approve(submission=report, user=people["im_officer"], warehouse=reach_published)
    assert reach_published.manifest().version > version
    assert what_it_shows(client)["total"] == "718"
    submission_publish(submission=report, user=people["im_officer"], warehouse=reach_published)
    # February's 900 new people in Cúcuta add to March's 700 (new people of each month)
    assert what_it_shows(client)["total"] == "1\xa0618"


ORDERS = {
    "narrowest first": ("etc_analyst", "leg_elsewhere", "partner", "viewer", "im_officer"),
    "widest first": ("im_officer", "viewer", "partner", "leg_elsewhere", "etc_analyst"),
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_one_roles_kept_figures_never_show_to_another(
    reach_published: Warehouse, people: dict[str, Any], settings: Settings, order: str
) -> None:
    """Every persona sees, with the figures kept and in either order, what it sees with
    nothing kept; the ETC analyst's Cúcuta-only figures differ from everyone else's."""
    queries = (MARCH, {**MARCH, "department": "54"}, {**MARCH, "rows": "org", "columns": "group"})
    settings.TRAYECTO_REACH_CACHE_ENTRIES = 0  # nothing kept: each figure computed afresh
    fresh = {
        (name, i): what_it_shows(client_for(people[name]), query)
        for name in FIVE_W_PERSONAS
        if name not in {"anonymous", "outsider"}
        for i, query in enumerate(queries)
    }
    settings.TRAYECTO_REACH_CACHE_ENTRIES = 256
    for name in (*ORDERS[order], *ORDERS[order]):  # the second round reads kept figures
        for i, query in enumerate(queries):
            assert what_it_shows(client_for(people[name]), query) == fresh[name, i], (name, i)
    assert fresh["etc_analyst", 0]["total"] == "700"
    assert fresh["etc_analyst", 0]["map"] == {"54": 700}
    assert fresh["etc_analyst", 0]["presence"] == ["54001"]
    assert fresh["viewer", 0]["total"] == "718"
    assert fresh["viewer", 0]["map"] == {"81": 18, "54": 700}
    assert figures.hits > 0
