"""The trajectories page: transitions by year and school level for a territory, with its
sub-areas paged on the server; figures as computed for the roles with school-level access to
the territory, suppressed for the others, never by sede for them; Spanish numbers; the
synthetic students labelled; every bad parameter refused saying what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.web.conftest import PERSONAS
from trayecto.analytics import trajectory, trajectory_survival, trajectory_uis
from trayecto.domain import trajectory as rules
from trayecto.domain import trajectory_uis as uis
from trayecto.warehouse import Warehouse
from trayecto.web.trajectory import selectors, views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("students")]
URL = "/trayectorias/"

# What each persona gets for Arauca (81): the LEG covers 81 and 54, the ETC analyst is
# Cúcuta's (54001), so Arauca is an aggregate for it.
EXPECTED = {
    "anonymous": (302, None),
    "outsider": (403, None),
    "viewer": (200, False),
    "partner": (200, False),
    "etc_analyst": (200, False),
    "leg_coordinator": (200, True),
    "im_officer": (200, True),
    "cluster_admin": (200, True),
}


def computed(warehouse: Warehouse, level: str, year: int, **kw: Any) -> list[dict[str, Any]]:
    return trajectory.Linked(warehouse.connect(), year).flows(level=level, **kw)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_gets_arauca_as_its_access_allows(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get(URL, {"area": "81"})
    status, full = EXPECTED[persona]
    assert response.status_code == status
    if status == 403:
        assert "Pida a la administración del clúster" in response.content.decode()
    if status == 200:
        assert response.context["full"] is full


def test_the_figures_are_those_of_the_trajectory_sql_by_year_and_level(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    response = as_persona("leg_coordinator").get(URL, {"area": "81"})
    years = response.context["years"]
    assert [y["year"] for y in years] == [2023, 2024]
    for y in years:
        [total] = computed(students, "department", y["year"], area="81")
        assert y["total"] == total
        by_level = computed(students, "department", y["year"], area="81", by="level")
        assert {r["level"]: r["enrolled"] for r in y["levels"]} == {
            r["level"]: r["enrolled"] for r in by_level
        }
        assert sum(r["enrolled"] for r in y["levels"]) == total["enrolled"]
    html = response.content.decode()
    assert "SINTÉTICO" in html
    assert "Arauca" in html
    total = years[-1]["total"]
    rate = f"{total['promotion_rate']:.1f}".replace(".", ",")
    assert f"{rate} %" in html  # Spanish decimal comma
    # the sub-areas of the latest year: Arauca's municipalities, by name with the code
    children = response.context["children"]
    assert {r["area_code"] for r in children} == {"81001", "81736"}
    assert "Saravena" in html


def test_roles_without_school_level_access_see_suppressed_cells(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    response = as_persona("partner").get(URL, {"area": "81", "anio": "2024"})
    shown = response.context["children"]
    [total] = computed(students, "department", 2024, area="81")
    raw = computed(students, "municipality", 2024, area="81")
    levels = computed(students, "department", 2024, area="81", by="level")
    [year] = [y for y in response.context["years"] if y["year"] == 2024]
    # the same suppression as the rule's, with the two tables that share the total
    expected = selectors.suppressed_year(
        {
            "total": total,
            "levels": [
                {k: v for k, v in r.items() if k != "level"} | {"level": r["level"]} for r in levels
            ],
            "children": raw,
        }
    )
    assert shown == expected["children"]
    assert year["total"] == expected["total"]
    cells = [*year["levels"], year["total"], *shown]
    assert rules.SUPPRESSED in [v for r in cells for v in r.values()]  # small cells to hide
    for row in cells:
        for name in rules.COUNTS:
            assert not (isinstance(row[name], int) and 1 <= row[name] <= 4)
        if isinstance(row["enrolled"], str):
            assert row["promotion_rate"] is None
    assert "&lt;5" in response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "viewer", "etc_analyst"])
def test_a_municipality_outside_school_level_access_lists_no_sede(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get(URL, {"area": "81001"})
    assert response.status_code == 200
    assert response.context["hides_sedes"] is True
    assert response.context["children"] == []
    assert "181001000001" not in response.content.decode()


@pytest.mark.parametrize("persona", ["partner", "viewer"])
def test_a_sede_is_refused_to_roles_without_sede_data_saying_what_they_may_see(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona(persona).get(URL, {"area": "181001000001"})
    assert response.status_code == 403
    assert "transiciones agregadas" in response.content.decode()


def test_the_etc_analyst_opens_its_own_sedes_and_is_told_where_its_data_is_elsewhere(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("etc_analyst")
    own = client.get(URL, {"area": "54001"})
    assert own.context["full"] is True
    assert [r["area_code"] for r in own.context["children"]] == ["154001000001"]
    assert client.get(URL, {"area": "154001000001"}).status_code == 200
    refused = client.get(URL, {"area": "181001000001"})
    assert refused.status_code == 403
    assert "3802" in refused.content.decode()  # its ETC, the area it may open


def test_the_sub_areas_are_paged_on_the_server(
    as_persona: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = as_persona("im_officer")
    first = client.get(URL, {"area": "81001", "anio": "2024"})
    second = client.get(URL, {"area": "81001", "anio": "2024", "pagina": "2"})
    codes = [r["area_code"] for r in first.context["children"]]
    codes += [r["area_code"] for r in second.context["children"]]
    assert codes == ["181001000001", "181001000002", "281001000003"]
    assert "Página 1 de 2" in first.content.decode()


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"area": "8a"}, "código DANE"),
        ({"area": "123"}, "código DANE"),
        ({"anio": "1999"}, "entre 2000 y 2100"),
        ({"anio": "2025"}, "2023, 2024"),  # 2026 is not loaded: 2025 cannot be followed
        ({"pagina": "0"}, "desde 1"),
    ],
)
def test_bad_parameters_are_refused_saying_what_is_allowed(
    params: dict[str, str], says: str, as_persona: Callable[[str], Client]
) -> None:
    response = as_persona("im_officer").get(URL, params)
    assert response.status_code == 400
    assert says in response.content.decode()


def test_an_unknown_area_is_not_found(as_persona: Callable[[str], Client]) -> None:
    assert as_persona("im_officer").get(URL, {"area": "99999"}).status_code == 404


def test_without_student_files_the_page_says_how_to_load_them(
    as_persona: Callable[[str], Client], settings: Any, tmp_path: Path
) -> None:
    settings.WAREHOUSE_DIR = tmp_path / "empty-warehouse"
    response = as_persona("im_officer").get(URL)
    assert response.status_code == 200
    assert "trayecto import simat-estudiantes" in response.content.decode()


def test_the_cohort_survival_is_that_of_the_sql_and_suppressed_for_the_others(
    as_persona: Callable[[str], Client], students: Warehouse, client: Client
) -> None:
    [expected] = trajectory_uis.beside_true_survival(
        students.connect(), year=2023, grade=1, level="municipality", area="81001"
    )
    [true] = trajectory_survival.survival(
        students.connect(), year=2023, grade=1, level="municipality", area="81001"
    )
    assert [s["reached"] for s in expected["survival"]] == [s["reached"] for s in true["survival"]]
    response = as_persona("leg_coordinator").get(URL, {"area": "81001"})
    assert response.context["cohort"] == expected
    html = response.content.decode()
    assert "Supervivencia de una cohorte" in html
    last = expected["survival"][-1]
    assert f"{last['rate']:.1f}".replace(".", ",") + " %" in html
    # UIS's reconstructed cohort beside it, in Spanish numbers, with its rates per grade
    assert "Cohorte reconstruida (UIS), mismos años" in html
    assert f"{last['uis_eventual']:.1f}".replace(".", ",") + " %" in html
    first_rate = expected["uis"]["rates"][0]["promotion_rate"]
    assert f"{first_rate:.1f}".replace(".", ",") + " %" in html
    client.logout()
    shown = as_persona("partner").get(URL, {"area": "81001"}).context["cohort"]
    assert shown == selectors.suppressed_survival(expected)
    for step in shown["survival"]:
        if step["reached"] == rules.SUPPRESSED:
            assert step["rate"] is None
            assert step["difference"] is None  # with the UIS figure it would give the rate


def test_suppressed_survival_hides_small_counts_and_the_rates_that_give_them_back() -> None:
    found = {"cohort": 30, "survival": [
        {"grade": 1, "on_time_year": 2023, "reached": 30, "rate": 100.0},
        {"grade": 2, "on_time_year": 2024, "reached": 3, "rate": 10.0},
    ]}  # fmt: skip
    shown = selectors.suppressed_survival(found)
    assert shown is not None
    assert [(s["reached"], s["rate"]) for s in shown["survival"]] == [(30, 100.0), ("<5", None)]
    small = selectors.suppressed_survival({**found, "cohort": 4})
    assert small is not None
    assert small["cohort"] == "<5"
    assert [s["rate"] for s in small["survival"]] == [None, None]


def test_the_difference_goes_with_a_hidden_true_rate_and_uis_with_its_small_counts() -> None:
    counts = uis.GradeCounts(
        enrolled={1: 30, 2: 20}, enrolled_next={2: 27, 3: 18}, repeaters_next={2: 2}
    )
    reconstructed = uis.survival(counts, 1, 1)
    found = {"cohort": 30, "uis": reconstructed, "survival": [
        {"grade": 1, "on_time_year": 2023, "reached": 30, "rate": 100.0},
        {"grade": 2, "on_time_year": 2024, "reached": 3, "rate": 10.0},
    ]}  # fmt: skip
    shown = selectors.suppressed_survival(found)
    assert shown is not None
    # grade 1's rates come from the 2 repeaters of grade 2: hidden, and survival to 2 with them
    assert shown["uis"]["rates"][0]["promotion_rate"] is None
    assert shown["uis"]["rates"][0]["repeaters_next_in_next_grade"] == rules.SUPPRESSED
    assert [s["difference"] for s in shown["survival"]] == [0.0, None]
    assert shown["survival"][1]["uis_by_last_year"] is None


def test_an_entry_grade_out_of_range_is_refused(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("im_officer").get(URL, {"grado": "12"})
    assert response.status_code == 400
    assert "de 0 (transición) a 11" in response.content.decode()


def test_in_english_the_labels_and_numbers_follow_the_language(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    client = as_persona("im_officer")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL, {"area": "81"})
    html = response.content.decode()
    assert "Educational trajectories" in html
    assert "Survival of a cohort" in html
    total = response.context["years"][-1]["total"]
    assert f"{total['promotion_rate']:.1f} %" in html  # decimal point in English
    early = client.get("/trayectorias/alerta/", {"area": "81"}).content.decode()
    assert "Dropout early warning" in early


def etpv_row(**counts: int) -> dict[str, Any]:
    row: dict[str, Any] = {"etc_code": "3824", "year": 2025, "is_synthetic": True}
    row |= {"nes": 0, "pep": 0, "ppt": 0, "other": 0, "grade_11_without_ppt": 0} | counts
    row["venezuelan"] = sum(row[n] for n in selectors.ETPV_DOCUMENTS)
    row["ppt_share_pct"] = round(100 * row["ppt"] / row["venezuelan"], 1)
    return row


def test_an_etcs_etpv_row_hides_small_counts_and_what_gives_them_back() -> None:
    # nothing small: shown as computed
    large = etpv_row(nes=120, pep=40, ppt=300, other=10, grade_11_without_ppt=7)
    assert selectors.suppressed_etc_documents(large) == large
    # one small document: the total would give it back, so the smallest other count goes
    shown = selectors.suppressed_etc_documents(etpv_row(nes=120, pep=3, ppt=300, other=10))
    assert (shown["pep"], shown["other"], shown["nes"], shown["ppt"]) == ("<5", "x", 120, 300)
    assert shown["venezuelan"] == 433
    assert shown["ppt_share_pct"] is not None
    # a small PPT count: its share goes too (share × Venezuelan would give it back)
    shown = selectors.suppressed_etc_documents(etpv_row(nes=50, pep=20, ppt=2, other=0))
    assert (shown["ppt"], shown["pep"], shown["ppt_share_pct"]) == ("<5", "x", None)
    # a small total: every non-zero document is small too; zeros stay (they give nothing)
    shown = selectors.suppressed_etc_documents(etpv_row(nes=1, ppt=2, grade_11_without_ppt=1))
    assert (shown["venezuelan"], shown["nes"], shown["ppt"], shown["pep"]) == ("<5", "<5", "<5", 0)
    assert (shown["grade_11_without_ppt"], shown["ppt_share_pct"]) == ("<5", None)
