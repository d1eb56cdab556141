"""The values of one row of a MEN statistics export: its 34 indicator cells and population.

Each quirk is handled here on purpose and counted in `quirks` (see `men_common.py`): percent
strings and decimal commas in rates, national rows written as proportions, and swapped
columns, found because approval + failure + dropout must be ≈ 100 for each level. A cell
that cannot be used is left out with a warning; the row is kept.
"""

from __future__ import annotations

from collections import Counter

from trayecto.domain.indicators import IDENTITY_TOLERANCE
from trayecto.domain.problems import Problem
from trayecto.importers import cells

INDICATOR_COLUMNS = (
    "TASA_MATRICULACIÓN_5_16",
    "COBERTURA_NETA",
    "COBERTURA_NETA_TRANSICIÓN",
    "COBERTURA_NETA_PRIMARIA",
    "COBERTURA_NETA_SECUNDARIA",
    "COBERTURA_NETA_MEDIA",
    "COBERTURA_BRUTA",
    "COBERTURA_BRUTA_TRANSICIÓN",
    "COBERTURA_BRUTA_PRIMARIA",
    "COBERTURA_BRUTA_SECUNDARIA",
    "COBERTURA_BRUTA_MEDIA",
    "TAMAÑO_PROMEDIO_DE_GRUPO",
    "SEDES_CONECTADAS_A_INTERNET",
    "DESERCIÓN",
    "DESERCIÓN_TRANSICIÓN",
    "DESERCIÓN_PRIMARIA",
    "DESERCIÓN_SECUNDARIA",
    "DESERCIÓN_MEDIA",
    "APROBACIÓN",
    "APROBACIÓN_TRANSICIÓN",
    "APROBACIÓN_PRIMARIA",
    "APROBACIÓN_SECUNDARIA",
    "APROBACIÓN_MEDIA",
    "REPROBACIÓN",
    "REPROBACIÓN_TRANSICIÓN",
    "REPROBACIÓN_PRIMARIA",
    "REPROBACIÓN_SECUNDARIA",
    "REPROBACIÓN_MEDIA",
    "REPITENCIA",
    "REPITENCIA_TRANSICIÓN",
    "REPITENCIA_PRIMARIA",
    "REPITENCIA_SECUNDARIA",
    "REPITENCIA_MEDIA",
)
# Columns that are not percentages: pupils per group, and a share already in percent that
# the national rows do not carry. They are never rescaled.
NOT_PERCENT = {"TAMAÑO_PROMEDIO_DE_GRUPO"}
POPULATION_COLUMN = "POBLACIÓN_5_16"


def parse_rate(text: str, quirks: Counter[str]) -> float | None:
    """A rate: `96.94`, `"94.01%"`, or with a decimal comma `"18,538"` (rates and group
    sizes never reach 1,000, so a lone comma is a decimal mark); empty -> None."""
    if cells.is_blank(text):
        return None
    return cells.parse_decimal(text, percent=True, quirks=quirks)


def read_population(
    row: dict[str, str], line: int, quirks: Counter[str], problems: list[Problem]
) -> int | None:
    """The population aged 5–16, or None when the cell is empty or unreadable (a warning)."""
    if not row[POPULATION_COLUMN].strip():
        return None
    try:
        return cells.parse_integer(row[POPULATION_COLUMN], quirks=quirks)
    except cells.CellError as exc:
        problems.append(
            Problem(
                line,
                POPULATION_COLUMN,
                row[POPULATION_COLUMN],
                f"{exc}; the cell is left out",
                "warning",
            )
        )
        return None


def read_values(
    row: dict[str, str], line: int, quirks: Counter[str], problems: list[Problem]
) -> dict[str, float]:
    """The indicator cells of one row that hold a number (empty cells are simply absent)."""
    values: dict[str, float] = {}
    for column in INDICATOR_COLUMNS:
        try:
            value = parse_rate(row.get(column, ""), quirks)
        except cells.CellError as exc:
            problems.append(
                Problem(
                    line, column, row.get(column, ""), f"{exc}; the cell is left out", "warning"
                )
            )
            continue
        if value is None:
            continue
        if value < 0:
            problems.append(
                Problem(
                    line, column, row[column], "a negative rate; the cell is left out", "warning"
                )
            )
            continue
        values[column] = value
    return values


def rescale_proportions(values: dict[str, float], quirks: Counter[str]) -> None:
    """National rows are proportions (0.9235); every other row is in percentage points."""
    rates = [v for c, v in values.items() if c not in NOT_PERCENT]
    if rates and max(rates) <= 2.0:
        for column in values:
            if column not in NOT_PERCENT:
                values[column] = round(values[column] * 100, 6)
        quirks["proportions_rescaled_to_percent"] += len(rates)


def check_identities(
    values: dict[str, float], line: int, quirks: Counter[str], problems: list[Problem]
) -> None:
    """Approval + failure + dropout ≈ 100 for the total and each level.

    When a triple fails, a cell holding an impossible value is left out (approval below
    50 %, failure or dropout above 50 %: typically a column holding another column's value,
    as in the 2011–2024 departmental export). When no cell is to blame, the values are kept
    with a warning and the gap report lists the failure.
    """
    for suffix in (
        "",
        *(f"_{level.upper()}" for level in ("TRANSICIÓN", "PRIMARIA", "SECUNDARIA", "MEDIA")),
    ):
        columns = {kind: f"{kind}{suffix}" for kind in ("APROBACIÓN", "REPROBACIÓN", "DESERCIÓN")}
        if not all(c in values for c in columns.values()):
            continue
        a, r, d = (values[columns[k]] for k in ("APROBACIÓN", "REPROBACIÓN", "DESERCIÓN"))
        total = a + r + d
        if abs(total - 100) <= IDENTITY_TOLERANCE:
            continue
        label = f"approval + failure + dropout{suffix.lower().replace('_', ' ')} = {total:.2f}"
        if total == 0:
            # All three zero: the area reported no official-sector enrolment that year.
            suspects = list(columns.values())
            reason = dict.fromkeys(suspects, "all three are 0 (no enrolment reported)")
        else:
            suspects = [
                column
                for column, impossible in (
                    (columns["APROBACIÓN"], a < 50),
                    (columns["REPROBACIÓN"], r > 50),
                    (columns["DESERCIÓN"], d > 50),
                )
                if impossible
            ]
            reason = {}
            for column in suspects:
                twin = next(
                    (c for c in columns.values() if c != column and values[c] == values[column]),
                    None,
                )
                reason[column] = (
                    f"it repeats {twin} (swapped columns)" if twin else "its value is impossible"
                )
        if not suspects:
            # No single cell is to blame: keep the values; the gap report lists the failure.
            problems.append(
                Problem(
                    line,
                    columns["APROBACIÓN"],
                    f"{a:g}",
                    f"{label}, not 100; values kept and flagged",
                    "warning",
                )
            )
            quirks["identity_failed_kept"] += 1
            continue
        for column in suspects:
            problems.append(
                Problem(
                    line,
                    column,
                    f"{values[column]:g}",
                    f"{label}, not 100; {reason[column]}, so the cell is left out",
                    "warning",
                )
            )
        for column in suspects:
            del values[column]
            quirks["identity_failed_cell_dropped"] += 1
