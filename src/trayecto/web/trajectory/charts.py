"""The trajectory page's charts in the reader's language, from the very figures its tables
show (already suppressed for roles without school-level access)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trayecto.domain import trajectory as rules
from trayecto.reports import trajectory_charts
from trayecto.web.trajectory.templatetags.trajectory_format import SCHOOL_LEVELS

OUTCOME_NAMES = {
    "promoted": gettext_noop("Promovidos"),
    "repeated": gettext_noop("Repitentes"),
    "dropped_out": gettext_noop("Desertores"),
    "graduated": gettext_noop("Graduados"),
}


def survival(cohort: Mapping[str, Any] | None) -> trajectory_charts.Chart | None:
    """The survival of the page's cohort, None when there is no cohort to draw."""
    if not cohort or not cohort.get("survival"):
        return None
    labels = trajectory_charts.SurvivalLabels(
        title=_("Supervivencia de la cohorte del grado %(grade)s de %(year)s")
        % {"grade": cohort["entry_grade"], "year": cohort["entry_year"]},
        grade=_("Grado"),
        share=_("Porcentaje de la cohorte"),
        series=_("Cálculo"),
        true=_("Supervivencia real"),
        reconstructed=_("Cohorte reconstruida (UIS), mismos años"),
    )
    return trajectory_charts.survival_chart(cohort["survival"], labels=labels)


def flows(year: int | None, levels: Sequence[Mapping[str, Any]]) -> trajectory_charts.Chart | None:
    """The chosen year's transitions by school level, None without a level to draw."""
    if year is None or not levels:
        return None
    labels = trajectory_charts.FlowLabels(
        title=_("Qué fue de los matriculados de %(year)s en %(next)s, por nivel")
        % {"year": year, "next": year + 1},
        level=_("Nivel"),
        students=_("Estudiantes"),
        outcome=_("Resultado"),
        levels={name: str(label) for name, label in SCHOOL_LEVELS.items()},
        outcomes={name: _(OUTCOME_NAMES[name]) for name in rules.OUTCOMES},
    )
    return trajectory_charts.flows_chart(levels, labels=labels)
