"""`men-departamento`: MEN education statistics by department (datos.gov.co `ji8i-4anb`).

Reads both known exports: the 2023-10-22 one (plain numbers) and the 2011–2024 one (every
field quoted, rates as `"94.01%"`, two columns swapped). Each is a vintage of its own; the
importer keeps the other one, and indicator queries take the latest vintage that has a
value for each cell, so a cell dropped for failing the identity check falls back to the
earlier export.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from trayecto.domain.problems import FileProblem, ImportReport
from trayecto.importers import men_common as men
from trayecto.importers import men_values
from trayecto.warehouse import Warehouse

SOURCE = "men-departamento"
# The 2023-10-22 export is registered under its own id; what it publishes says so.
SOURCE_2023 = "men-departamento-2023"
REQUIRED = (
    "AÑO",
    "CÓDIGO_DEPARTAMENTO",
    "DEPARTAMENTO",
    men_values.POPULATION_COLUMN,
    *men_values.INDICATOR_COLUMNS,
)


def area_of(row: dict[str, str], quirks: Counter[str]) -> men.Area:
    """The department a row describes."""
    code = men.parse_code(row["CÓDIGO_DEPARTAMENTO"], 2, quirks, "CÓDIGO_DEPARTAMENTO")
    return men.Area("department", code, men.clean_name(row["DEPARTAMENTO"]))


def load(
    path: Path, warehouse: Warehouse, *, dry_run: bool = False, source: str = SOURCE
) -> ImportReport:
    """Import an export as `men-departamento` (the 2011–2024 export, datos.gov.co), or, with
    `source=SOURCE_2023` (as the registry calls it), as `men-departamento-2023`."""
    if source not in (SOURCE, SOURCE_2023):
        raise ValueError(f"men_departamento reads {SOURCE} or {SOURCE_2023}, not {source!r}")
    report = ImportReport(source=source, dry_run=dry_run)
    try:
        rows = men.read_area_years(
            path, report, required=REQUIRED, code_column="CÓDIGO_DEPARTAMENTO", area_of=area_of
        )
    except FileProblem as exc:
        return report.refuse(exc.problem)
    return men.publish_men(warehouse, report, rows, path=path, dry_run=dry_run)
