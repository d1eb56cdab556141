"""The parameters the 5W pages read are parsed by forms: a bad value is refused with what is
allowed (HTTP 400 for a page, a message for a form), never a 500, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.web.response.models import PlannedActivity, ReportingPeriod, Submission

PERIOD_RULE = "El periodo se escribe AAAA-MM, con un mes de 01 a 12 y un año entre 2000 y 2100"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/5w/completitud/?year=abc", "El año es un número entre 2000 y 2100"),
        ("/5w/completitud/?year=99999999999999999999", "El año es un número entre 2000 y 2100"),
        ("/5w/alcance/mapa.json?period=9999-12", PERIOD_RULE),
        ("/5w/alcance/tabla.xlsx?period={{7*7}}", PERIOD_RULE),
        ("/5w/plantilla/?period={{7*7}}&prefill=plan", PERIOD_RULE),
        ("/5w/plantilla/?period=2026-03&prefill=todo", "«prefill» es 1 (el mes anterior) o plan"),
        ("/5w/plan/?year=dos-mil", "El año es un número entre 2000 y 2100"),
    ],
)
def test_a_bad_query_parameter_is_refused_with_what_is_allowed(
    people: dict[str, Any], url: str, says: str
) -> None:
    response = client_for(people["im_officer"]).get(url)
    assert response.status_code == 400
    assert says in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["abc", "2026-13", "9999-12"])
def test_the_reach_page_says_what_a_period_is_and_shows_the_current_one(
    people: dict[str, Any], period: str
) -> None:
    """The page keeps working on a bad filter (its other filters still apply) and says why."""
    response = client_for(people["im_officer"]).get(f"/5w/alcance/?period={period}")
    assert response.status_code == 200
    assert str(PERIOD_RULE) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["abcdefg", "9999-12", "2026-13", "2026-00", ""])
def test_copy_last_month_refuses_a_bad_period_and_stores_nothing(
    people: dict[str, Any], period: str
) -> None:
    approved = SubmissionFactory(period__month="2026-02", status=Status.APPROVED)
    LineFactory(submission=approved)
    before = set(ReportingPeriod.objects.values_list("month", flat=True))
    client = client_for(people["partner"])
    response = client.post("/5w/copiar-mes-anterior/", {"org": "nrc", "period": period})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert PERIOD_RULE in page or "Este campo es obligatorio" in page
    assert set(ReportingPeriod.objects.values_list("month", flat=True)) == before
    assert Submission.objects.filter(status=Status.DRAFT).count() == 0


@pytest.mark.django_db
def test_copy_last_month_still_copies_a_good_period(people: dict[str, Any]) -> None:
    approved = SubmissionFactory(period__month="2026-02", status=Status.APPROVED)
    LineFactory(submission=approved)
    response = client_for(people["partner"]).post(
        "/5w/copiar-mes-anterior/", {"org": "nrc", "period": "2026-03"}
    )
    draft = Submission.objects.get(status=Status.DRAFT)
    assert response["Location"] == f"/5w/{draft.pk}/"
    assert draft.period.month == "2026-03"


@pytest.mark.django_db
@pytest.mark.parametrize("planned", ["1e20", "100000000000000000000", "-5", "diez", ""])
def test_a_planned_value_out_of_range_is_refused_with_the_range(
    people: dict[str, Any], planned: str
) -> None:
    client = client_for(people["partner"])
    response = client.post(
        "/5w/plan/?year=2026",
        {"org": "nrc", "activity": "EDU-04", "department": "81", "group": "transito",
         "year": "2026", "planned": planned},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Las personas planificadas son un número entero entre 0 y 10.000.000" in page
    assert not PlannedActivity.objects.exists()


@pytest.mark.django_db
def test_a_planned_value_in_range_is_saved(people: dict[str, Any]) -> None:
    client_for(people["partner"]).post(
        "/5w/plan/?year=2026",
        {"org": "nrc", "activity": "EDU-04", "department": "81", "group": "transito",
         "year": "2026", "planned": "1200"},
    )  # fmt: skip
    assert PlannedActivity.objects.get().planned_beneficiaries == 1200
