"""`men-municipio`: MEN education statistics by municipality (datos.gov.co `nudc-7mev`).

One row per municipality and year, plus national rows (code 0, `NACIONAL`) in 2019–2021
whose rates are proportions. Quirks are handled in `men_common`; this module knows the
layout of the municipal export and which areas its rows describe.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import men_common as men
from trayecto.warehouse import Warehouse

SOURCE = "men-municipio"
KEY_COLUMNS = ("AÑO", "CÓDIGO_MUNICIPIO", "MUNICIPIO", "CÓDIGO_DEPARTAMENTO", "DEPARTAMENTO")
REQUIRED = (*KEY_COLUMNS, "CÓDIGO_ETC", "ETC", men.POPULATION_COLUMN, *men.INDICATOR_COLUMNS)


def area_of(row: dict[str, str], quirks: Counter[str]) -> men.Area:
    """The municipality (5-digit code) or the nation a row describes."""
    if row["MUNICIPIO"].strip().upper() == "NACIONAL":
        if men.parse_integer(row["CÓDIGO_MUNICIPIO"], quirks) != 0:
            raise men.CellError("a NACIONAL row must have code 0")
        return men.Area("nation", men.NATION_CODE, men.NATION_NAME)
    code = men.normalise_code(row["CÓDIGO_MUNICIPIO"], 5, quirks)
    department = men.normalise_code(row["CÓDIGO_DEPARTAMENTO"], 2, quirks)
    if code[:2] != department:
        raise men.CellError(
            f"municipality {code} does not belong to department {department} "
            "(the first two digits of a municipality code are its department)"
        )
    return men.Area("municipality", code, men.clean_name(row["MUNICIPIO"]))


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    quirks: Counter[str] = Counter()
    rows = men.MenRows()
    seen: dict[tuple[str, int], int] = {}
    years_by_area: dict[str, set[int]] = defaultdict(set)
    try:
        for line, row in men.read_rows(path, REQUIRED):
            report.rows_read += 1
            try:
                year = men.parse_integer(row["AÑO"], quirks)
                if not 2000 <= year <= 2100:
                    raise men.CellError(f"year {year} is out of range")
            except men.CellError as exc:
                report.problems.append(Problem(line, "AÑO", row["AÑO"], f"{exc}; row rejected"))
                report.rows_rejected += 1
                continue
            try:
                area = area_of(row, quirks)
            except men.CellError as exc:
                report.problems.append(
                    Problem(
                        line, "CÓDIGO_MUNICIPIO", row["CÓDIGO_MUNICIPIO"], f"{exc}; row rejected"
                    )
                )
                report.rows_rejected += 1
                continue
            if (area.code, year) in seen:
                report.problems.append(
                    Problem(
                        line,
                        "CÓDIGO_MUNICIPIO",
                        row["CÓDIGO_MUNICIPIO"],
                        f"{area.code} {year} already appears on line {seen[(area.code, year)]}; "
                        "row rejected",
                    )
                )
                report.rows_rejected += 1
                continue
            seen[(area.code, year)] = line
            population = None
            if row[men.POPULATION_COLUMN].strip():
                try:
                    population = men.parse_integer(row[men.POPULATION_COLUMN], quirks)
                except men.CellError as exc:
                    report.problems.append(
                        Problem(
                            line,
                            men.POPULATION_COLUMN,
                            row[men.POPULATION_COLUMN],
                            f"{exc}; the cell is left out",
                            "warning",
                        )
                    )
            values = men.read_values(row, line, quirks, report.problems)
            if area.level == "nation":
                men.rescale_proportions(values, quirks)
            men.check_identities(values, line, quirks, report.problems)
            men.add_area_year(
                rows,
                source=SOURCE,
                area=area,
                year=year,
                line=line,
                population=population,
                values=values,
            )
            years_by_area[area.code].add(year)
            report.rows_imported += 1
    except FileProblem as exc:
        report.problems.append(exc.problem)
        report.refused = True
        return report
    all_years = set().union(*years_by_area.values()) if years_by_area else set()
    # Municipalities created or merged over the years (94663 Mapiripana until 2019).
    report.details["areas_not_every_year"] = {
        code: sorted(years)
        for code, years in sorted(years_by_area.items())
        if code != men.NATION_CODE and years != all_years
    }
    report.details["quirks"] = dict(sorted(quirks.items()))
    men.publish_men(warehouse, report, rows, source=SOURCE, path=path, dry_run=dry_run)
    return report
