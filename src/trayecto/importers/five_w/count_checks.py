"""The checks of how many and for whom: people of the month and new ones, population groups,
the sex × age cells that split them, and the "of which" counts."""

from __future__ import annotations

from dataclasses import dataclass
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
from trayecto.importers.cells import CellError, is_blank
from trayecto.importers.five_w.row_check import Context, RowCheck
from trayecto.importers.five_w.values import (
    parse_count,
    safe_count,
)
from trayecto.importers.five_w_profiles import (
    GROUP,
    RECURRENT_FLAG,
)


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


def check_for_whom(
    row: RowCheck, new: int | None, month: int | None = None
) -> tuple[PopulationGroup, dict[str, int]]:
    """For whom: the population group named (unknown: unspecified, with a warning) or the one
    group counted, and group counts that add up to the new beneficiaries (to the month's
    `month` beneficiaries in a layout whose groups split those: GIFMM v2)."""
    values, ctx, error, warn, count = row.values, row.ctx, row.error, row.warn, row.count
    if ctx.profile.groups_basis_is_month:
        return _month_groups(row, new, month)
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


def _month_groups(
    row: RowCheck, new: int | None, month: int | None
) -> tuple[PopulationGroup, dict[str, int]]:
    """GIFMM v2 splits the month's beneficiaries by group. One group named: the line is of
    that group. Several: they split the new ones too only when every person is new; else the
    new ones' groups are unknown and the line counts them unspecified (never apportioned)."""
    groups: dict[str, int] = {}
    for key in row.ctx.group_fields:
        value = row.count(key)
        if value:
            groups[key.removeprefix(GROUP)] = value
    if groups and month is not None and sum(groups.values()) != month:
        row.error(
            "grupo poblacional",
            sum(groups.values()),
            f"los grupos poblacionales suman {sum(groups.values())} y los beneficiarios del "
            f"mes son {month}: corrija los grupos o el total",
        )
    if len(groups) == 1:
        return PopulationGroup(next(iter(groups))), {}
    if len(groups) > 1 and new != month:
        row.warn(
            "grupo poblacional",
            sum(groups.values()),
            "los grupos desagregan a los beneficiarios del mes, no a los nuevos: los nuevos se "
            "cuentan sin grupo especificado; reporte una fila por grupo para conservarlo",
        )
        return PopulationGroup.UNSPECIFIED, {}
    return PopulationGroup.UNSPECIFIED, groups


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
