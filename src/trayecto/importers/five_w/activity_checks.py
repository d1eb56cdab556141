"""The checks of who, when, where and what: the organisation, the month in the reporting
period, municipality, department and sede found and agreeing, a catalogue activity."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from trayecto.domain.five_w import (
    normalise,
)
from trayecto.importers.cells import CellError, parse_month
from trayecto.importers.five_w.row_check import RowCheck
from trayecto.importers.five_w.values import (
    CODE_LIKE,
    LABEL,
    cell_text,
)
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import (
    ACTIVITIES,
)


def department_of(code: str) -> str:
    """DIVIPOLA: the first two digits; P-codes of other countries: drop the last level."""
    return code[:2] if code.isdigit() else code[:-2]


def _department_code(matcher: Matcher, text: str) -> str | None:
    """The department a row names, by code or name, with whichever matcher reads places."""
    by_match = getattr(matcher, "match_department", None)
    if by_match is not None:
        looks_like_code = text.strip().upper().removeprefix("CO").isdigit()
        found = by_match(code=text if looks_like_code else None,
                         name=None if looks_like_code else text)  # fmt: skip
        return found.code if found.code else None
    by_code = getattr(matcher, "department_code", None)
    return by_code(text) if by_code is not None else None


def _place_name(matcher: Matcher, code: str) -> str:
    """ "54001 Cúcuta" when the matcher knows the place, else the code alone."""
    units = getattr(matcher, "municipalities", None) or getattr(matcher, "by_code", None) or {}
    unit = units.get(code)
    return f"{code} {unit.name}" if unit is not None else code


def _department_name(matcher: Matcher, code: str) -> str:
    """ "Arauca (81)" when the matcher knows the department, else the code alone."""
    unit = (getattr(matcher, "departments", None) or {}).get(code)
    name = getattr(unit, "name", "")
    return f"{name} ({code})" if name else code


def sede_fits(sede: str, municipality: str, matcher: Matcher) -> bool:
    """Digits 2-6 of a sede code are the municipality where the code was issued: the line's
    municipality, or the one it was created from (sedes of Nuevo Belén de Bajirá, 27493,
    carry Riosucio's 27615), or one later merged into it."""
    issued = sede[1:6]
    if issued == municipality:
        return True
    units = getattr(matcher, "municipalities", None) or {}
    line_unit, sede_unit = units.get(municipality), units.get(issued)
    return (line_unit is not None and getattr(line_unit, "parent_code", None) == issued) or (
        sede_unit is not None and getattr(sede_unit, "parent_code", None) == municipality
    )


def activity_suggestions(text: str, index: Mapping[str, str], limit: int = 3) -> list[str]:
    """Catalogue codes whose code, name or alias looks like `text` (reported, never applied)."""
    found = difflib.get_close_matches(normalise(text), list(index), n=12, cutoff=0.6)
    codes: list[str] = []
    for key in found:
        if index[key] not in codes:
            codes.append(index[key])
    return codes[:limit]


def check_who(row: RowCheck) -> str:
    """Who: the organisation the file is loaded for, or the one the row names."""
    values, ctx, error, warn = row.values, row.ctx, row.error, row.warn
    named = cell_text(values.get("org"))
    org = ctx.org or named
    if not org:
        error("org", "", "falta la organización: escriba el código de su organización")
    elif ctx.org and named and normalise(named) not in ctx.org_names:
        warn(
            "org",
            named,
            f"la fila nombra a «{named}», pero el archivo se carga para {ctx.org}: se cuenta "
            f"como de {ctx.org}; si la fila es de otra organización, bórrela y que ella la reporte",
        )
    return org


def check_when(row: RowCheck) -> str | None:
    """When: a month inside the reporting period."""
    values, ctx, error = row.values, row.ctx, row.error
    period_year = int(ctx.period[:4]) if ctx.period else None
    try:
        month: str | None = parse_month(values.get("month"), default_year=period_year)
    except CellError:
        month = None
    if month is None:
        error("month", values.get("month"), "mes no válido: escriba el mes como AAAA-MM (2026-03)")
    elif ctx.period and month != ctx.period:
        error(
            "month",
            values.get("month"),
            f"el mes {month} está fuera del periodo reportado {ctx.period}: "
            "repórtelo en el informe de ese mes",
        )
    return month


def check_where(row: RowCheck) -> tuple[str, str]:
    """Where: municipality, department and sede found and agreeing; a row is never
    moved to another place. Returns the municipality and sede codes ("" when absent)."""
    values, ctx, error, warn = row.values, row.ctx, row.error, row.warn
    raw_code = cell_text(values.get("municipality"))
    label = LABEL.match(raw_code)  # the template's "81001 - Arauca (Arauca)"
    raw_name = cell_text(values.get("municipality_name"))
    department = cell_text(values.get("department_name")) or cell_text(values.get("department"))
    department_label = LABEL.match(department)
    if department_label:
        department = department_label.group(1)
    if label:
        match = ctx.matcher.match_municipality(code=label.group(1), department=department or None)
    elif raw_code and not raw_name and not CODE_LIKE.match(raw_code):
        match = ctx.matcher.match_municipality(name=raw_code, department=department or None)
    else:
        match = ctx.matcher.match_municipality(
            code=raw_code or None, name=raw_name or None, department=department or None
        )
    municipality = match.code or ""
    if not municipality:
        error(
            "municipality",
            raw_code or raw_name,
            match.message or "municipio no encontrado: use el código DIVIPOLA de 5 dígitos",
        )
    # department, municipality and sede must agree: a row is never moved to another place
    department_field = "department_name" if values.get("department_name") else "department"
    named_department = _department_code(ctx.matcher, department) if department else None
    if department and named_department is None:
        warn(department_field, department, "departamento no reconocido: se usa el del municipio")
    elif municipality and named_department and department_of(municipality) != named_department:
        error(
            department_field,
            values.get(department_field),
            f"el municipio {_place_name(ctx.matcher, municipality)} es de "
            f"{_department_name(ctx.matcher, department_of(municipality))}, no de "
            f"{_department_name(ctx.matcher, named_department)}: corrija el departamento o "
            "el municipio",
        )
    raw_sede = cell_text(values.get("sede"))
    sede = re.sub(r"\D", "", raw_sede)
    if raw_sede and not sede:
        warn("sede", raw_sede, "no es un código de sede (12 dígitos): la celda se ignora")
    elif sede and len(sede) != 12:
        error(
            "sede",
            raw_sede,
            f"el código DANE de sede tiene {len(sede)} dígitos y se esperan 12 (zona, 5 del "
            "municipio y 6 de la sede): cópielo completo del directorio de sedes o deje la "
            "celda vacía",
        )
    elif sede and municipality and not sede_fits(sede, municipality, ctx.matcher):
        error(
            "sede",
            sede,
            f"la sede {sede} es de {_place_name(ctx.matcher, sede[1:6])}, no de "
            f"{_place_name(ctx.matcher, municipality)}: corrija la sede o el municipio",
        )
    return municipality, sede


def check_what(row: RowCheck) -> str:
    """What: a catalogue activity, never a new one."""
    values, ctx, error = row.values, row.ctx, row.error
    # GIFMM v2: the cluster's own activity («Actividad de marco lógico») is finer than the
    # GIFMM indicator, so it is taken when the catalogue knows it
    activity, known = ctx.profile.activity_code(
        cell_text(values.get("framework_activity")), ctx.activities
    )
    if not known:
        activity, known = ctx.profile.activity_code(
            cell_text(values.get("activity"))
            or cell_text(values.get("activity_code"))
            or cell_text(values.get("framework_activity")),
            ctx.activities,
        )
    if not activity:
        error("activity", "", "falta la actividad: elíjala de la lista")
    elif not known:
        index = ACTIVITIES if ctx.activities is None else ctx.activities
        close = activity_suggestions(activity, index)
        hint = f"¿quiso decir {', '.join(close)}? " if close else ""
        error(
            "activity",
            activity,
            f"actividad fuera del catálogo: {hint}elija una de la lista (código, nombre o "
            "alias del catálogo); una carga no crea actividades",
        )
    return activity
