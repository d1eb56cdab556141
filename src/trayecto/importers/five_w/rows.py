"""One 5W row checked by named checks, in this order: who, when, where, what
(`activity_checks`), how many, for whom, sex × age, of which (`count_checks`), ETPV support
and funded project (`link_checks`), each adding its problems to the `RowCheck`
(`row_check`); the row becomes a `FiveWLine` when no check found an error."""

from __future__ import annotations

from typing import Any

from trayecto.domain.problems import Problem
from trayecto.importers.five_w.activity_checks import (
    check_what,
    check_when,
    check_where,
    check_who,
    department_of,
)
from trayecto.importers.five_w.count_checks import (
    check_for_whom,
    check_how_many,
    check_of_which,
    check_sex_age,
)
from trayecto.importers.five_w.lines import FiveWLine
from trayecto.importers.five_w.link_checks import check_etpv, check_funded_project
from trayecto.importers.five_w.row_check import Context, RowCheck
from trayecto.importers.five_w.values import cell_text


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
    group, groups = check_for_whom(row, counts.new, counts.beneficiaries)
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
            department=department_of(municipality),
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
