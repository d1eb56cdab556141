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

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import men_common as men
from trayecto.warehouse import Warehouse

SOURCE = "men-departamento"
REQUIRED = (
    "AÑO",
    "CÓDIGO_DEPARTAMENTO",
    "DEPARTAMENTO",
    men.POPULATION_COLUMN,
    *men.INDICATOR_COLUMNS,
)


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    quirks: Counter[str] = Counter()
    rows = men.MenRows()
    seen: dict[tuple[str, int], int] = {}
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
                code = men.normalise_code(row["CÓDIGO_DEPARTAMENTO"], 2, quirks)
            except men.CellError as exc:
                report.problems.append(
                    Problem(
                        line,
                        "CÓDIGO_DEPARTAMENTO",
                        row["CÓDIGO_DEPARTAMENTO"],
                        f"{exc}; row rejected",
                    )
                )
                report.rows_rejected += 1
                continue
            if (code, year) in seen:
                report.problems.append(
                    Problem(
                        line,
                        "CÓDIGO_DEPARTAMENTO",
                        row["CÓDIGO_DEPARTAMENTO"],
                        f"{code} {year} already appears on line {seen[(code, year)]}; row rejected",
                    )
                )
                report.rows_rejected += 1
                continue
            seen[(code, year)] = line
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
            men.check_identities(values, line, quirks, report.problems)
            area = men.Area("department", code, men.clean_name(row["DEPARTAMENTO"]))
            men.add_area_year(
                rows,
                source=SOURCE,
                area=area,
                year=year,
                line=line,
                population=population,
                values=values,
            )
            report.rows_imported += 1
    except FileProblem as exc:
        report.problems.append(exc.problem)
        report.refused = True
        return report
    report.details["quirks"] = dict(sorted(quirks.items()))
    men.publish_men(warehouse, report, rows, source=SOURCE, path=path, dry_run=dry_run)
    return report
