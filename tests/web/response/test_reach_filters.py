"""Reach filters by name that keep their values, exports that apply them, bad parameters that
give a message, and 3W presence with the states and scope of reach, role by role."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.web.factories import LineFactory, OrganizationFactory, SubmissionFactory
from trayecto.warehouse import Warehouse


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def total(page: str) -> str:
    return page.split('<strong class="total">')[1].split("<")[0]


def test_filters_are_pickers_by_name_that_keep_their_values(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    page = (
        client_for(people["viewer"])
        .get(reverse("response:dashboard"), {"period": "2026-03", "department": "81"})
        .content.decode()
    )
    assert total(page) == "18"  # 10 + 5 in March, 3 in January: cumulative from January
    assert '<option value="81" selected>Arauca (81)</option>' in page
    assert '<option value="54">Norte de Santander (54)</option>' in page
    assert '<option value="81065">Arauquita (81065)</option>' in page  # within Arauca only
    assert '<option value="54001"' not in page
    assert '<option value="nrc">Organización nrc</option>' in page
    assert "EDU-04 - " in page  # activities by code and name


def test_every_export_applies_the_filters(
    reach_published: Warehouse, people: dict[str, Any]
) -> None:
    client = client_for(people["im_officer"])
    query = {"period": "2026-03", "department": "81", "activity": "EDU-04"}
    page = client.get(reverse("response:dashboard"), query).content.decode()
    assert total(page) == "13"
    assert "exportar.xlsx?period=2026-03&amp;department=81&amp;activity=EDU-04" in page
    response = client.get(reverse("response:export-xlsx"), query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(3)]
    assert {(r["Municipio (código DIVIPOLA)"], r["Actividad"]) for r in rows} == {
        ("81001", "EDU-04")
    }
    assert rows[0]["Municipio"] == "Arauca"
    # the IM team's export holds approved reports too, marked as such; published: 3 + 10
    by_status = {}
    for r in rows:
        by_status[r["Estado del reporte (código)"]] = (
            by_status.get(r["Estado del reporte (código)"], 0) + (r["Beneficiarios nuevos"])
        )
    assert by_status == {"published": 13, "approved": 400}
    hxl = client.get(reverse("response:export-hxl"), {"period": "2026-01"}).content.decode()
    assert "54001" not in hxl  # January only: the Cúcuta line is of March
    assert "81001" in hxl


@pytest.mark.parametrize(
    ("query", "message"),
    [({"period": "abc"}, "El periodo se escribe AAAA-MM"),
     ({"department": "999"}, "Departamento"), ({"org": "nadie"}, "Socio"),
     ({"sex": "x"}, "Sexo"), ({"municipality": "54001", "department": "81"}, "Municipio")],
)  # fmt: skip
def test_a_bad_filter_gives_a_message_never_an_error(
    reach_published: Warehouse, people: dict[str, Any], query: dict[str, str], message: str
) -> None:
    response = client_for(people["viewer"]).get(reverse("response:dashboard"), query)
    assert response.status_code == 200
    assert message in response.content.decode()
    # a download or the map's data is refused with the same message, never made for other
    # filters than those asked
    for name in ("response:export-xlsx", "response:pivot-xlsx", "response:dashboard-map"):
        refused = client_for(people["im_officer"]).get(reverse(name), query)
        assert refused.status_code == 400
        assert message in refused.content.decode()


PRESENCE = {
    # role: municipalities with presence (published reports only, within the role's scope)
    "viewer": {"81001", "81065", "54001"},
    "partner": {"81001", "81065", "54001"},
    "other_partner": {"81001", "81065", "54001"},
    "leg_coordinator": {"81001", "81065", "54001"},
    "im_officer": {"81001", "81065", "54001"},
    "cluster_admin": {"81001", "81065", "54001"},
    "leg_elsewhere": {"81001", "81065", "54001"},  # published reach: all areas, as the figures
    "etc_analyst": {"54001"},  # Cúcuta's Secretaría: not Arauca
}


@pytest.mark.parametrize("role", sorted(PRESENCE))
def test_presence_follows_the_states_and_scope_of_reach(
    reach_published: Warehouse, people: dict[str, Any], role: str
) -> None:
    page = (
        client_for(people[role])
        .get(reverse("response:dashboard"), {"period": "2026-03"})
        .content.decode()
    )
    table = page.split('<table class="data presence">')[1].split("</table>")[0]
    shown = {
        code for code in ("81001", "81065", "54001", "81794") if f"<small>{code}</small>" in table
    }
    assert shown == PRESENCE[role]
    assert "Organización savethechildren" not in table  # approved, not published
    assert "Organización nrc" in table


def test_a_partners_own_figures_load_only_its_own_lines(db: None) -> None:
    from trayecto.web.response.selectors.snapshot import lines_table

    for code, municipality in (("nrc", "81001"), ("savethechildren", "54001")):
        found = SubmissionFactory(organization=OrganizationFactory(code=code))
        LineFactory(submission=found, municipality=municipality)
    own = lines_table(["submitted"], orgs=("nrc",))
    assert set(own.column("org").to_pylist()) == {"nrc"}
    assert set(lines_table(["submitted"]).column("org").to_pylist()) == {"nrc", "savethechildren"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["period", "department", "municipality", "org", "activity",
                             "group", "age", "sex", "rows", "other"]),
            st.text(max_size=12),
        ),
        max_size=8,
    )
)  # fmt: skip
def test_the_filter_form_turns_any_address_into_valid_filters(pairs: list[Any]) -> None:
    from django.http import QueryDict

    from trayecto.domain.geography import Municipality
    from trayecto.web.params import is_reporting_month
    from trayecto.web.response.forms import ReachFilterForm

    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    form = ReachFilterForm(
        data,
        places=[Municipality("81001", "Arauca", "81", "Arauca")],
        organizations=[("nrc", "NRC")],
        activities=[("EDU-04", "Alimentación escolar")],
    )
    chosen = form.reach_filters("2026-03")
    assert is_reporting_month(chosen.period)
    assert set(chosen.departments) <= {"81"}
    assert set(chosen.municipalities) <= {"81001"}
    assert set(chosen.orgs) <= {"nrc"}
    assert set(chosen.activities) <= {"EDU-04"}
    assert set(chosen.sexes) <= {"f", "m", "o", "u"}
    assert all(isinstance(m, str) for m in form.messages())
