"""The checks of what links a line to the ETPV plan and to its donor (GIFMM 5W v2): the ETPV
support and its type, the funded project (docs/formats/five-w.md)."""

from __future__ import annotations

from trayecto.domain.five_w_etpv import (
    FUNDED_PROJECT_MAX,
    allowed_support_types,
    funded_project_text,
    is_not_applicable,
    parse_etpv_support,
    parse_yes_no,
)
from trayecto.importers.cells import is_blank
from trayecto.importers.five_w.row_check import RowCheck
from trayecto.importers.five_w.values import cell_text


def check_etpv(row: RowCheck) -> tuple[bool, str]:
    """ETPV support (GIFMM 5W v2): «Actividad en apoyo en ETPV» is Sí or No (blank or «No
    aplica»: No);
    a line that supports the ETPV names its type from the list, one that does not names none.
    Returns (supports, type code)."""
    values, error = row.values, row.error
    raw_flag = cell_text(values.get("etpv_support"))
    raw_type = cell_text(values.get("etpv_support_type"))
    kind = None if is_blank(raw_type) or is_not_applicable(raw_type) else raw_type
    # blank and «No aplica» read as No: most lines of a 5W do not support the ETPV
    supports = parse_yes_no(raw_flag) if raw_flag and not is_not_applicable(raw_flag) else False
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
