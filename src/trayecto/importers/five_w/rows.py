"""One 5W row checked by named checks, in this order: who, when, where, what, how many, for
whom, sex × age, of which, ETPV support and funded project (`validate_row`); the row becomes
a `FiveWLine` when no check found an error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trayecto.domain.five_w import (
    BeneficiaryType,
    Cell,
    DisaggregationError,
    OfWhich,
    PopulationGroup,
    Sex,
    disaggregate,
    new_beneficiary_cells,
    normalise,
    parse_beneficiary_type,
    parse_population_group,
)
from trayecto.domain.five_w import check_of_which as check_of_which_counts
from trayecto.domain.five_w_etpv import (
    FUNDED_PROJECT_MAX,
    allowed_support_types,
    funded_project_text,
    is_not_applicable,
    parse_etpv_support,
    parse_yes_no,
)
from trayecto.domain.problems import Problem
from trayecto.importers.cells import CellError, is_blank, parse_month
from trayecto.importers.five_w.lines import FiveWLine
from trayecto.importers.five_w.values import (
    CODE_LIKE,
    LABEL,
    cell_text,
    parse_count,
    safe_count,
)
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import (
    ACTIVITIES,
    GROUP,
    RECURRENT_FLAG,
    Profile,
)


@dataclass
class Context:
    profile: Profile
    headers: dict[str, str]  # field -> header the user sees
    matcher: Matcher
    period: str | None
    org: str | None
    activities: Mapping[str, str] | None = None
    org_names: frozenset[str] = frozenset()  # normalised code and name of the uploader
    # the fields of each kind this layout has, worked out once per file
    group_fields: list[str] = field(init=False)
    cell_fields: list[tuple[str, Sex, str]] = field(init=False)
    month_cell_fields: list[tuple[str, Sex, str]] = field(init=False)
    of_which_fields: list[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.group_fields = [k for k in self.headers if k.startswith(GROUP)]
        self.cell_fields, self.month_cell_fields = [], []
        for key in self.headers:
            kind, _, rest = key.partition(":")
            if kind in {"cell", "fine", "month_cell"}:
                sex, _, band = rest.partition(":")
                target = self.month_cell_fields if kind == "month_cell" else self.cell_fields
                target.append((key, Sex(sex), f"{kind}:{band}"))
        self.of_which_fields = [
            (f"of:{a.value}", a.value) for a in OfWhich if f"of:{a.value}" in self.headers
        ]


def _department_of(code: str) -> str:
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


@dataclass
class RowCheck:
    """One row being checked: its values, and the problems each check adds (named by the
    column header the user wrote)."""

    number: int
    values: dict[str, Any]
    ctx: Context
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def _problem(self, fieldname: str, value: Any, message: str, severity: str) -> Problem:
        column = self.ctx.headers.get(fieldname, fieldname)
        return Problem(self.number, column, cell_text(value), message, severity)

    def error(self, fieldname: str, value: Any, message: str) -> None:
        self.errors.append(self._problem(fieldname, value, message, "error"))

    def warn(self, fieldname: str, value: Any, message: str) -> None:
        self.warnings.append(self._problem(fieldname, value, message, "warning"))

    def count(self, fieldname: str) -> int | None:
        try:
            return parse_count(self.values.get(fieldname))
        except CellError as exc:
            self.error(fieldname, self.values.get(fieldname), f"la cantidad {exc}")
            return None


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
    elif municipality and named_department and _department_of(municipality) != named_department:
        error(
            department_field,
            values.get(department_field),
            f"el municipio {_place_name(ctx.matcher, municipality)} es de "
            f"{_department_name(ctx.matcher, _department_of(municipality))}, no de "
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
    activity, known = ctx.profile.activity_code(
        cell_text(values.get("activity")) or cell_text(values.get("activity_code")), ctx.activities
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


@dataclass
class Counts:
    """How many: the month's beneficiaries, the new ones and whether they are new."""

    beneficiaries: int | None
    new: int | None
    beneficiary_type: BeneficiaryType | None
    quantity: int | None
    households: int | None


def check_how_many(row: RowCheck) -> Counts:
    """How many: people of the month (0 for a line counted only in its unit), new or
    recurrent, and never more new people than people of the month."""
    values, ctx, error, count = row.values, row.ctx, row.error, row.count
    beneficiaries = count("beneficiaries")
    quantity = count("quantity")
    households = count("households")
    if beneficiaries is None and is_blank(values.get("beneficiaries")):
        if quantity is not None:
            beneficiaries = 0  # a line in kits, schools or teachers without people
        else:
            error("beneficiaries", "", "falta el número de beneficiarios del mes")
    btype: BeneficiaryType | None = None
    new: int | None = None
    if "new_beneficiaries" in ctx.headers:
        new = count("new_beneficiaries")
        if new is None and is_blank(values.get("new_beneficiaries")):
            error(
                "new_beneficiaries",
                "",
                "falta beneficiarios nuevos: escriba 0 si todos son recurrentes",
            )
        elif new is not None:
            btype = BeneficiaryType.NEW if new > 0 else BeneficiaryType.RECURRENT
    else:
        raw_type = values.get("beneficiary_type")
        btype = (
            RECURRENT_FLAG.get(normalise(raw_type))
            if ctx.profile.recurrent_flag
            else parse_beneficiary_type(raw_type)
        )
        if btype is None:
            error(
                "beneficiary_type",
                raw_type,
                "indique si los beneficiarios son nuevos o recurrentes",
            )
        elif beneficiaries is not None:
            new = beneficiaries if btype is BeneficiaryType.NEW else 0
    if new is not None and beneficiaries is not None and new > beneficiaries:
        error(
            "new_beneficiaries",
            new,
            f"los nuevos ({new}) superan a los beneficiarios del mes ({beneficiaries})",
        )
    return Counts(beneficiaries, new, btype, quantity, households)


def check_for_whom(row: RowCheck, new: int | None) -> tuple[PopulationGroup, dict[str, int]]:
    """For whom: the population group named (unknown: unspecified, with a warning) or the one
    group counted, and group counts that add up to the new beneficiaries."""
    values, ctx, error, warn, count = row.values, row.ctx, row.error, row.warn, row.count
    groups: dict[str, int] = {}
    for key in ctx.group_fields:
        value = count(key)
        if value:
            groups[key.removeprefix(GROUP)] = value
    group = PopulationGroup.UNSPECIFIED
    raw_group = values.get("population_group")
    if not is_blank(raw_group):
        parsed = parse_population_group(raw_group)
        if parsed is None:
            warn("population_group", raw_group, "grupo poblacional desconocido: sin especificar")
        else:
            group = parsed
    elif len(groups) == 1:
        group = PopulationGroup(next(iter(groups)))
    if groups and new is not None and sum(groups.values()) != new:
        error(
            "grupo poblacional",
            sum(groups.values()),
            f"los grupos poblacionales suman {sum(groups.values())} y los nuevos son {new}",
        )
    return group, groups


def check_sex_age(row: RowCheck, counts: Counts) -> dict[Cell, int]:
    """Sex × age: the cells add up to the beneficiaries they split (the new ones or the
    month's, as the layout says); the new beneficiaries' cells, which reach counts. Checked
    only when every earlier check passed, because the split needs the counts."""
    values, ctx, error = row.values, row.ctx, row.error
    cells = _cells(values, ctx, error)
    month_cells = {
        (sex, band.partition(":")[2]): safe_count(values.get(key))
        for key, sex, band in ctx.month_cell_fields
        if safe_count(values.get(key)) is not None
    }
    basis = counts.new if ctx.profile.cells_basis_is_new else counts.beneficiaries
    new_cells: dict[Cell, int] = {}
    if basis is not None and cells is not None and not row.errors:
        try:
            split = disaggregate(basis, cells)
            if month_cells and counts.beneficiaries is not None:
                disaggregate(counts.beneficiaries, month_cells)
            assert counts.beneficiary_type is not None
            assert counts.new is not None
            new_cells = new_beneficiary_cells(
                counts.beneficiary_type, counts.new, split, ctx.profile.cells_basis_is_new
            )
        except DisaggregationError as exc:
            what = "nuevos" if ctx.profile.cells_basis_is_new else "del mes"
            error(
                "sexo y edad",
                basis,
                f"{exc} de beneficiarios {what}: corrija las celdas o déjelas todas en 0",
            )
    return new_cells


def check_of_which(row: RowCheck, beneficiaries: int | None) -> dict[str, int]:
    """Of which (disability, ethnicity, LGBTI): counts, each at most the people of the month
    (a warning, never a refusal: they never add to the people reached)."""
    of_which: dict[str, int] = {}
    for key, attribute in row.ctx.of_which_fields:
        value = row.count(key)
        if value is not None:
            of_which[attribute] = value
    for message in check_of_which_counts(
        beneficiaries or 0, {OfWhich(k): v for k, v in of_which.items()}
    ):
        row.warn("de los cuales", "", message)
    return of_which


def check_etpv(row: RowCheck) -> tuple[bool, str]:
    """ETPV support (GIFMM 5W v2): «Actividad en apoyo en ETPV» is Sí or No (blank: No);
    a line that supports the ETPV names its type from the list, one that does not names none.
    Returns (supports, type code)."""
    values, error = row.values, row.error
    raw_flag = cell_text(values.get("etpv_support"))
    raw_type = cell_text(values.get("etpv_support_type"))
    kind = None if is_blank(raw_type) or is_not_applicable(raw_type) else raw_type
    supports = parse_yes_no(raw_flag) if raw_flag else False
    if supports is None:
        error(
            "etpv_support",
            raw_flag,
            "escriba «Sí» si la actividad apoya el ETPV o «No» si no lo apoya (vacío se lee No)",
        )
        return False, ""
    if not supports:
        if kind is not None:
            error(
                "etpv_support_type",
                raw_type,
                "la fila dice que la actividad no apoya el ETPV pero indica un tipo de apoyo: "
                "escriba «Sí» en «Actividad en apoyo en ETPV» o borre el tipo",
            )
        return False, ""
    support = parse_etpv_support(kind) if kind is not None else None
    if support is None:
        told = "falta el tipo de apoyo al ETPV" if kind is None else "tipo de apoyo desconocido"
        error(
            "etpv_support_type",
            raw_type,
            f"{told}: elija uno de {allowed_support_types()}",
        )
        return True, ""
    return True, support.value


def check_funded_project(row: RowCheck) -> str:
    """The funded project («Convenio Financiado»): free text up to 200 characters, «No
    aplica» and the like read as none."""
    raw = cell_text(row.values.get("funded_project"))
    project = funded_project_text(raw)
    if len(project) > FUNDED_PROJECT_MAX:
        row.error(
            "funded_project",
            raw[:60] + "…",
            f"el convenio tiene {len(project)} caracteres y caben {FUNDED_PROJECT_MAX}: escriba "
            "el nombre o el número del convenio, no su descripción",
        )
        return ""
    return project


def validate_row(
    number: int, values: dict[str, Any], ctx: Context
) -> tuple[FiveWLine | None, list[Problem]]:
    """Check one row; a line when it is accepted, and the problems found either way."""
    row = RowCheck(number, values, ctx)
    org = check_who(row)
    month = check_when(row)
    municipality, sede = check_where(row)
    activity = check_what(row)
    counts = check_how_many(row)
    group, groups = check_for_whom(row, counts.new)
    new_cells = check_sex_age(row, counts)
    of_which = check_of_which(row, counts.beneficiaries)
    etpv_support, etpv_support_type = check_etpv(row)
    funded_project = check_funded_project(row)

    if row.errors:
        return None, row.errors + row.warnings
    assert counts.beneficiaries is not None
    assert counts.new is not None
    assert counts.beneficiary_type is not None
    assert month
    return (
        FiveWLine(
            row=number,
            org=org,
            month=month,
            department=_department_of(municipality),
            municipality=municipality,
            sede=sede,
            place_name=cell_text(values.get("place_name")),
            activity=activity,
            population_group=group.value,
            beneficiary_type=counts.beneficiary_type.value,
            beneficiaries=counts.beneficiaries,
            new_beneficiaries=counts.new,
            quantity=counts.quantity,
            households=counts.households,
            cells=new_cells,
            of_which=of_which,
            groups=groups,
            comments=cell_text(values.get("comments")),
            etpv_support=etpv_support,
            etpv_support_type=etpv_support_type,
            funded_project=funded_project,
        ),
        row.warnings,
    )


def _cells(values: dict[str, Any], ctx: Context, error: Any) -> dict[Cell, int | None] | None:
    """The sex × age cells; GIFMM fine bands replace the coarse <18 / >=18 cells they refine."""
    cells: dict[Cell, int | None] = {}
    bad = False
    fine_used = False
    for key, sex, band in ctx.cell_fields:
        try:
            value = parse_count(values.get(key))
        except CellError as exc:
            error(key, values.get(key), f"la cantidad {exc}")
            bad = True
            continue
        cells[(sex, band)] = value
        fine_used = fine_used or (band.startswith("fine:") and bool(value))
    if bad:
        return None
    if not fine_used:
        return {(sex, band[5:]): v for (sex, band), v in cells.items()}
    result: dict[Cell, int | None] = {}
    for sex in Sex:
        fine = {b[5:]: v for (s, b), v in cells.items() if s is sex and b.startswith("fine:")}
        coarse = {b[5:]: v for (s, b), v in cells.items() if s is sex and b.startswith("cell:")}
        if any(fine.values()):
            for name, bands in (("0-17", ("0-5", "6-12", "13-17")), ("18+", ("18-59", "60+"))):
                fine_sum = sum(fine.get(b) or 0 for b in bands)
                if coarse.get(name) and fine_sum != coarse[name]:
                    error(
                        "sexo y edad",
                        fine_sum,
                        f"los rangos finos {', '.join(bands)} ({sex.value}) suman {fine_sum} "
                        f"y el rango {name} dice {coarse[name]}",
                    )
                    return None
                if fine_sum == 0 and coarse.get(name):
                    result[(sex, name)] = coarse[name]
            result.update({(sex, b): v for b, v in fine.items()})
        else:
            result.update({(sex, b): v for b, v in coarse.items()})
    return result
