"""`men-municipio`: MEN education statistics by municipality (datos.gov.co `nudc-7mev`).

One row per municipality and year, plus national rows (code 0, `NACIONAL`) in 2019–2021
whose rates are proportions. Quirks are handled in `men_common`; this module knows the
layout of the municipal export and which areas its rows describe.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from trayecto.domain.geography import NATION_CODE, NATION_NAME
from trayecto.domain.problems import FileProblem, ImportReport
from trayecto.importers import cells, men_values
from trayecto.importers import men_common as men
from trayecto.warehouse import Warehouse

SOURCE = "men-municipio"
KEY_COLUMNS = ("AÑO", "CÓDIGO_MUNICIPIO", "MUNICIPIO", "CÓDIGO_DEPARTAMENTO", "DEPARTAMENTO")
REQUIRED = (
    *KEY_COLUMNS,
    "CÓDIGO_ETC",
    "ETC",
    men_values.POPULATION_COLUMN,
    *men_values.INDICATOR_COLUMNS,
)


def area_of(row: dict[str, str], quirks: Counter[str]) -> men.Area:
    """The municipality (5-digit code) or the nation a row describes."""
    if row["MUNICIPIO"].strip().upper() == "NACIONAL":
        if cells.parse_integer(row["CÓDIGO_MUNICIPIO"], quirks=quirks) != 0:
            raise cells.CellError("a NACIONAL row must have code 0")
        return men.Area("nation", NATION_CODE, NATION_NAME)
    code = men.parse_code(row["CÓDIGO_MUNICIPIO"], 5, quirks, "CÓDIGO_MUNICIPIO")
    department = men.parse_code(row["CÓDIGO_DEPARTAMENTO"], 2, quirks, "CÓDIGO_DEPARTAMENTO")
    if code[:2] != department:
        raise cells.CellError(
            f"municipality {code} does not belong to department {department} "
            "(the first two digits of a municipality code are its department)"
        )
    return men.Area("municipality", code, men.clean_name(row["MUNICIPIO"]))


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    try:
        rows = men.read_area_years(
            path, report, required=REQUIRED, code_column="CÓDIGO_MUNICIPIO", area_of=area_of
        )
    except FileProblem as exc:
        return report.refuse(exc.problem)
    years_by_area: dict[str, set[int]] = defaultdict(set)
    for code, year in rows.lines:
        years_by_area[code].add(year)
    # Municipalities created or merged over the years (94663 Mapiripana until 2019).
    report.details["areas_not_every_year"] = {
        code: sorted(years)
        for code, years in sorted(years_by_area.items())
        if code != NATION_CODE and years != rows.years
    }
    return men.publish_men(warehouse, report, rows, path=path, dry_run=dry_run)
