"""Shared reading rules for MEN's "Estadísticas en educación preescolar, básica y media" exports.

The municipal and departmental exports carry the same 34 indicator columns and the same
quirks (see the READMEs of their data folders). Each quirk is handled on purpose, here
(the row: year, area, duplicates) or in `men_values.py` (the cells of a row), with the number
of cells it touched reported back in `ImportReport.details["quirks"]`:

- years and integers typed with thousands separators (`"2,021"`, `"379,616"`);
- codes that lose their leading zero (`5001` for `05001`, `5` for `05`);
- decimal commas in decimal columns (`"18,538"` pupils per group = 18.538);
- percent strings (`"94.01%"`) in the 2011–2024 departmental export;
- national rows written as proportions (`0.9235`) instead of percentage points;
- swapped columns, found because approval + failure + dropout must be ≈ 100 for each level.

Rows become one long fact table, `official_indicator`, one row per (area, year, indicator),
carrying its source and vintage; population aged 5–16 goes to `official_population_5_16`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain.problems import ImportReport, Problem
from trayecto.importers import cells
from trayecto.importers.finish import Parts, finish
from trayecto.importers.men_values import (
    check_identities,
    read_population,
    read_values,
    rescale_proportions,
)
from trayecto.importers.tabular import OFFICIAL, read_table
from trayecto.warehouse import Warehouse

LEVELS = ("transicion", "primaria", "secundaria", "media")

INDICATOR_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("level", pa.string()),
        ("area_code", pa.string()),
        ("area_name", pa.string()),
        ("year", pa.int16()),
        ("indicator_code", pa.string()),
        ("value", pa.float64()),
        ("status", pa.string()),
        ("file_row", pa.int32()),
    ]
)
POPULATION_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("vintage", pa.string()),
        ("level", pa.string()),
        ("area_code", pa.string()),
        ("area_name", pa.string()),
        ("year", pa.int16()),
        ("population", pa.int64()),
        ("status", pa.string()),
        ("file_row", pa.int32()),
    ]
)


def indicator_code(column: str) -> str:
    """`COBERTURA_NETA_TRANSICIÓN` -> `cobertura_neta_transicion` (the registry's codes)."""
    plain = unicodedata.normalize("NFKD", column).encode("ascii", "ignore").decode("ascii")
    return plain.lower()


def parse_code(text: str, width: int, quirks: Counter[str], column: str = "") -> str:
    """DANE codes as zero-padded text: `5001` -> `05001`; MEN's 2021 rows write `"5,001"`."""
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text.strip()):
        quirks["thousands_separator"] += 1
        text = text.replace(",", "")
    return cells.parse_code(text, width, column=column, quirks=quirks)


def clean_name(name: str) -> str:
    # The 2021 rows spell Bogotá "Bogotá, D,C," (commas for dots).
    return name.strip().replace("D,C,", "D.C.")


def vintage_of(path: Path, years: Iterable[int]) -> str:
    """The export date written in the file name (`..._20231022.csv` -> `2023-10-22`),
    else the last year the file covers. Sorts so that a later export sorts last."""
    match = re.search(r"(20\d{2})(\d{2})(\d{2})", path.name)
    if match:
        return "-".join(match.groups())
    return str(max(years, default=0))


@dataclass
class Area:
    level: str
    code: str
    name: str


@dataclass
class MenRows:
    """What the reader kept, before publication: one list per output column."""

    indicator: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in INDICATOR_SCHEMA.names}
    )
    population: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in POPULATION_SCHEMA.names}
    )
    years: set[int] = field(default_factory=set)
    # The line each (area code, year) was read from: finds duplicates, and which areas
    # are missing some years.
    lines: dict[tuple[str, int], int] = field(default_factory=dict)
    quirks: Counter[str] = field(default_factory=Counter)


# How a loader reads the area a row describes; a cells.CellError rejects the row.
AreaReader = Callable[[dict[str, str], Counter[str]], Area]


def read_area_years(
    path: Path,
    report: ImportReport,
    *,
    required: Iterable[str],
    code_column: str,
    area_of: AreaReader,
) -> MenRows:
    """Read every row of a MEN export into one area-year each, counting it in `report`.

    A row is rejected (with its line, column and value) when its year or area cannot be
    read or its area-year appeared before; a bad population or indicator cell is left out
    with a warning and the row kept. Raises FileProblem when the file cannot be read.
    """
    rows = MenRows()
    quirks = rows.quirks
    what = "the MEN statistics export (CSV UTF-8)"
    table = read_table(path, what=what, required=tuple(required), policy=OFFICIAL)
    for text_row in table.rows:
        line, row = text_row.line, text_row.values
        report.rows_read += 1
        try:
            year = cells.parse_integer(row["AÑO"], column="AÑO", quirks=quirks)
            if not 2000 <= year <= 2100:
                raise cells.CellError(f"year {year} is out of range", value=row["AÑO"])
        except cells.CellError as exc:
            report.problems.append(Problem(line, "AÑO", row["AÑO"], f"{exc}; row rejected"))
            report.rows_rejected += 1
            continue
        try:
            area = area_of(row, quirks)
        except cells.CellError as exc:
            report.problems.append(
                Problem(line, code_column, row[code_column], f"{exc}; row rejected")
            )
            report.rows_rejected += 1
            continue
        if (area.code, year) in rows.lines:
            report.problems.append(
                Problem(
                    line,
                    code_column,
                    row[code_column],
                    f"{area.code} {year} already appears on line {rows.lines[(area.code, year)]}; "
                    "row rejected",
                )
            )
            report.rows_rejected += 1
            continue
        rows.lines[(area.code, year)] = line
        population = read_population(row, line, quirks, report.problems)
        values = read_values(row, line, quirks, report.problems)
        if area.level == "nation":
            rescale_proportions(values, quirks)
        check_identities(values, line, quirks, report.problems)
        add_area_year(
            rows,
            source=report.source,
            area=area,
            year=year,
            line=line,
            population=population,
            values=values,
        )
        report.rows_imported += 1
    return rows


def add_area_year(
    rows: MenRows,
    *,
    source: str,
    area: Area,
    year: int,
    line: int,
    population: int | None,
    values: dict[str, float],
) -> None:
    """One area-year's indicator cells and population, appended to the columns to publish."""
    rows.years.add(year)
    cells = {
        "source": source,
        "vintage": "",  # set once the whole file is read (publish_men)
        "level": area.level,
        "area_code": area.code,
        "area_name": area.name,
        "year": year,
        "status": "observed",
        "file_row": line,
    }
    # Whole columns at a time: a municipal export holds over 400,000 cells.
    for name, cell in cells.items():
        rows.indicator[name].extend([cell] * len(values))
    rows.indicator["indicator_code"].extend(indicator_code(column) for column in values)
    rows.indicator["value"].extend(values.values())
    if population is not None:
        for name, cell in cells.items():
            rows.population[name].append(cell)
        rows.population["population"].append(population)


def publish_men(
    warehouse: Warehouse, report: ImportReport, rows: MenRows, *, path: Path, dry_run: bool
) -> ImportReport:
    """Publish both tables in one manifest swap, keeping the other vintages."""
    vintage = vintage_of(path, rows.years)
    rows.indicator["vintage"] = [vintage] * len(rows.indicator["source"])
    rows.population["vintage"] = [vintage] * len(rows.population["source"])
    indicator = pa.table(rows.indicator, schema=INDICATOR_SCHEMA)
    population = pa.table(rows.population, schema=POPULATION_SCHEMA)
    report.details["quirks"] = dict(sorted(rows.quirks.items()))
    report.details["vintage"] = vintage
    report.details["facts"] = indicator.num_rows
    report.details["years"] = sorted(rows.years)
    return finish(
        report,
        warehouse,
        Parts(
            {
                "official_indicator": (indicator, ("source", "vintage")),
                "official_population_5_16": (population, ("source", "vintage")),
            },
            part=f"{report.source}|{vintage}",
            path=path,
        ),
        dry_run=dry_run,
    )
