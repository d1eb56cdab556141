"""Lines typed or corrected in the browser, with the importer's rules and messages, and the
place pickers of their form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trayecto.analytics.geography import matcher_from_warehouse
from trayecto.domain.five_w import POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS
from trayecto.web.problem_words import problem_words
from trayecto.web.response import access
from trayecto.web.response.forms import LinePlacesForm
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.catalogue import catalogue_activities
from trayecto.web.response.selectors.lines import etpv_support_choices, line_form_values
from trayecto.web.response.selectors.places import sede_choices, template_municipalities
from trayecto.web.response.selectors.snapshot import warehouse
from trayecto.web.response.services import lines

LINE_CELLS = [c for c in TEMPLATE_COLUMNS if c.field.startswith(("cell:", "of:"))]
NUMBER_FIELDS = {"beneficiaries", "quantity", "households"}


def _typed(column: Any, values: dict[str, Any]) -> tuple[str, str, str]:
    value = values.get(column.field)
    return column.field, column.header_es, "" if value is None else str(value)


def _line_context(
    submission: Submission, values: dict[str, Any], problems: list[Any]
) -> dict[str, Any]:
    places = template_municipalities(warehouse())
    department = str(values.get("department") or "")
    municipality = str(values.get("municipality") or "")
    return {
        "submission": submission,
        "values": values,
        "problems": problems,
        "departments": sorted({(m.department_code, m.department_name) for m in places}),
        "municipalities": [m for m in places if m.department_code == department],
        "sedes": sede_choices(warehouse(), municipality),
        "activities": catalogue_activities(),
        "groups": [(g.value, POPULATION_GROUP_LABELS[g][0]) for g in PopulationGroup],
        "numbers": [_typed(c, values) for c in TEMPLATE_COLUMNS if c.field in NUMBER_FIELDS],
        "cells": [_typed(c, values) for c in LINE_CELLS],
        "etpv_types": etpv_support_choices(get_language()),
    }


@login_required
def line_form_view(request: HttpRequest, pk: int, line_id: int | None = None) -> HttpResponse:
    """Add or correct one line in the browser, with the importer's rules and messages."""
    submission = access.get_submission_for_user(request.user, pk)
    access.require(access.can_edit_lines(request.user, submission), access.LINES_FROZEN)
    line = submission.lines.filter(pk=line_id).first() if line_id is not None else None
    if line_id is not None and line is None:
        raise Http404
    values: dict[str, Any] = line_form_values(line)
    problems: list[Any] = []
    if request.method == "POST":
        # every template column, as typed: the importer's rules parse and check them
        values = {c.field: request.POST.get(c.field, "").strip() for c in TEMPLATE_COLUMNS}
        try:
            lines.line_save(
                submission=submission, user=request.user, values=values, line=line,
                matcher=matcher_from_warehouse(warehouse().reader()[0]),
            )  # fmt: skip
        except lines.LineProblems as exc:
            problems = exc.problems
        except ValidationError as exc:
            messages.error(request, "; ".join(problem_words(m) for m in exc.messages))
        else:
            messages.success(request, _("Línea guardada."))
            return redirect("response:detail", pk=pk)
    return render(request, "response/line_form.html", _line_context(submission, values, problems))


@login_required
@require_POST
def line_delete_view(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    submission = access.get_submission_for_user(request.user, pk)
    line = submission.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    try:
        lines.line_delete(submission=submission, user=request.user, line=line)
        messages.success(request, _("Línea borrada."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("response:detail", pk=pk)


@login_required
def line_places_view(request: HttpRequest) -> HttpResponse:
    """The municipality and sede pickers of the line form for the department (and
    municipality) chosen: htmx swaps them in when a picker changes."""
    access.require_five_w(request.user)
    form = LinePlacesForm(request.GET)
    form.is_valid()
    values = {"department": form.cleaned_data.get("department") or "",
              "municipality": form.cleaned_data.get("municipality") or ""}  # fmt: skip
    context = _line_context(Submission(), values, [])
    if values["municipality"] not in {m.code for m in context["municipalities"]}:
        values["municipality"] = ""
        context["sedes"] = []
    return render(request, "response/_line_places.html", context)
