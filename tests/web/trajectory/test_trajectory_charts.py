"""The trajectory page's charts: the cohort's survival (true and UIS's reconstructed cohort)
and the year's transitions by level as stacked bars. Their specs carry exactly the figures
the tables show, titled in the page's language; what the table suppresses is not drawn."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from trayecto.analytics import trajectory_uis
from trayecto.domain import trajectory as rules
from trayecto.reports import trajectory_charts
from trayecto.warehouse import Warehouse

URL = "/trayectorias/"
OUTCOMES_ES = {
    "promoted": "Promovidos",
    "repeated": "Repitentes",
    "dropped_out": "Desertores",
    "graduated": "Graduados",
}
LEVELS_ES = {
    "transicion": "Transición (grado 0)",
    "primaria": "Primaria (1–5)",
    "secundaria": "Secundaria (6–9)",
    "media": "Media (10–11)",
}


def spec_on(html: str, element: str) -> dict[str, Any]:
    """The spec a page embeds with json_script under `element`."""
    found = re.search(rf'<script id="{element}" type="application/json">(.*?)</script>', html)
    assert found, f"no {element} on the page"
    spec: dict[str, Any] = json.loads(found.group(1))
    return spec


def title_of(spec: dict[str, Any]) -> str:
    """The chart's title as one line (the spec wraps it to fit a phone)."""
    return " ".join(spec["title"]["text"])


def survival_points(spec: dict[str, Any]) -> set[tuple[int, str, float]]:
    return {(v["grado"], v["serie"], v["porcentaje"]) for v in spec["data"]["values"]}


def flow_segments(spec: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {(v["nivel"], v["resultado"], v["estudiantes"]) for v in spec["data"]["values"]}


def table_segments(levels: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    """The numeric outcome cells of the flows table's rows of a year, as chart segments."""
    return {
        (LEVELS_ES[r["level"]], OUTCOMES_ES[name], r[name])
        for r in levels
        for name in rules.OUTCOMES
        if isinstance(r[name], int)
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("students")
def test_the_survival_chart_draws_the_tables_true_and_reconstructed_survival(
    as_persona: Callable[[str], Client], students: Warehouse
) -> None:
    [expected] = trajectory_uis.beside_true_survival(
        students.connect(), year=2023, grade=1, level="municipality", area="81001"
    )
    response = as_persona("leg_coordinator").get(URL, {"area": "81001"})
    html = response.content.decode()
    spec = spec_on(html, "survival-spec")
    assert title_of(spec) == "Supervivencia de la cohorte del grado 1 de 2023"
    steps = expected["survival"]
    assert survival_points(spec) == {
        (s["grade"], "Supervivencia real", s["rate"]) for s in steps
    } | {(s["grade"], "Cohorte reconstruida (UIS), mismos años", s["uis_by_last_year"])
         for s in steps}  # fmt: skip
    assert len(steps) >= 3  # a line, not a point
    for s in steps:  # the same figures in the table, in Spanish numbers
        assert f"{s['rate']:.1f}".replace(".", ",") + " %" in html
    # the chart stands above the table, has a text alternative and is drawn by a static file
    assert html.index('id="survival-chart"') < html.index('class="data cohort-survival"')
    assert (
        'role="img" aria-label="Líneas por grado: el porcentaje de la cohorte del grado 1' in html
    )
    assert "trayecto/trajectory.js" in html
    assert "chart-left-out" not in html  # nothing left out for a role that sees everything


@pytest.mark.django_db
@pytest.mark.usefixtures("students")
def test_the_flows_chart_stacks_the_chosen_years_outcomes_by_level(
    as_persona: Callable[[str], Client],
) -> None:
    client = as_persona("leg_coordinator")
    for year in (2023, 2024):
        response = client.get(URL, {"area": "81", "anio": str(year)})
        [shown] = [y for y in response.context["years"] if y["year"] == year]
        spec = spec_on(response.content.decode(), "flows-spec")
        assert title_of(spec) == f"Qué fue de los matriculados de {year} en {year + 1}, por nivel"
        assert flow_segments(spec) == table_segments(shown["levels"])
        # every level's bar adds up to its enrolment: the four outcomes are all of it
        for row in shown["levels"]:
            drawn = [v["estudiantes"] for v in spec["data"]["values"]
                     if v["nivel"] == LEVELS_ES[row["level"]]]  # fmt: skip
            assert sum(drawn) == row["enrolled"]


@pytest.mark.django_db
@pytest.mark.usefixtures("students")
def test_a_role_without_school_level_access_gets_no_suppressed_figure_in_the_charts(
    as_persona: Callable[[str], Client],
) -> None:
    response = as_persona("partner").get(URL, {"area": "81001"})
    assert response.context["full"] is False
    html = response.content.decode()
    cohort = response.context["cohort"]
    points = survival_points(spec_on(html, "survival-spec"))
    hidden = [s for s in cohort["survival"] if s["uis_by_last_year"] is None or s["rate"] is None]
    assert hidden  # the synthetic students leave something to hide here
    assert points == {
        (s["grade"], "Supervivencia real", s["rate"]) for s in cohort["survival"]
        if s["rate"] is not None
    } | {(s["grade"], "Cohorte reconstruida (UIS), mismos años", s["uis_by_last_year"])
         for s in cohort["survival"] if s["uis_by_last_year"] is not None}  # fmt: skip
    drawn_grades = {(g, serie) for g, serie, _value in points}
    for s in cohort["survival"]:
        if s["uis_by_last_year"] is None:
            assert (s["grade"], "Cohorte reconstruida (UIS), mismos años") not in drawn_grades
    [latest] = [y for y in response.context["years"] if y["year"] == response.context["year"]]
    segments = flow_segments(spec_on(html, "flows-spec"))
    suppressed = [(r["level"], n) for r in latest["levels"] for n in rules.OUTCOMES
                  if isinstance(r[n], str)]  # fmt: skip
    assert suppressed
    assert segments == table_segments(latest["levels"])
    drawn_cells = {(nivel, resultado) for nivel, resultado, _n in segments}
    for level, name in suppressed:
        assert (LEVELS_ES[level], OUTCOMES_ES[name]) not in drawn_cells
    # no count from 1 to 4 reaches the spec, and the page says what the charts leave out
    assert all(n == 0 or n >= 5 for _l, _r, n in segments)
    assert html.count('class="note chart-left-out"') == 2
    assert "las ocultas para su rol" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("students")
def test_in_english_the_charts_speak_english(as_persona: Callable[[str], Client]) -> None:
    client = as_persona("im_officer")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL, {"area": "81", "anio": "2024"}).content.decode()
    survival = spec_on(html, "survival-spec")
    assert title_of(survival) == "Survival of the grade 1 cohort of 2023"
    assert {v["serie"] for v in survival["data"]["values"]} == {
        "True survival",
        "UIS reconstructed cohort, same years",
    }
    flows = spec_on(html, "flows-spec")
    assert title_of(flows) == "What became of 2024's enrolled students in 2025, by level"
    assert {v["resultado"] for v in flows["data"]["values"]} <= {
        "Promoted", "Repeated", "Dropped out", "Graduated"
    }  # fmt: skip
    assert {v["nivel"] for v in flows["data"]["values"]} == {
        "Pre-primary (grade 0)", "Primary (1–5)", "Lower secondary (6–9)", "Upper secondary (10–11)"
    }  # fmt: skip
    assert 'aria-label="Stacked bars by level' in html


def test_a_figure_that_is_not_a_number_is_left_out_not_drawn_as_zero() -> None:
    labels = trajectory_charts.FlowLabels(
        title="t", level="nivel", students="estudiantes", outcome="resultado",
        levels={"primaria": "Primaria"}, outcomes={"promoted": "P", "dropped_out": "D"},
    )  # fmt: skip
    chart = trajectory_charts.flows_chart(
        [{"level": "primaria", "promoted": 12, "dropped_out": rules.SUPPRESSED}], labels=labels
    )
    assert chart.spec["data"]["values"] == [
        {"nivel": "Primaria", "resultado": "P", "estudiantes": 12, "orden": 0}
    ]
    assert (chart.drawn, chart.left_out) == (1, 1)
    survival = trajectory_charts.survival_chart(
        [{"grade": 1, "rate": 100.0, "uis_by_last_year": 100.0},
         {"grade": 2, "rate": None, "uis_by_last_year": 90.5}],
        labels=trajectory_charts.SurvivalLabels(
            title="t", grade="g", share="%", series="s", true="real", reconstructed="uis"
        ),
    )  # fmt: skip
    assert survival_points(survival.spec) == {
        (1, "real", 100.0),
        (1, "uis", 100.0),
        (2, "uis", 90.5),
    }
    assert (survival.drawn, survival.left_out) == (3, 1)
