"""The Venezuelan education cluster's own de-duplication, re-run on its raw partner reports, so
that Trayecto's `max_site` rule can be compared with the cluster's file step by step.

The cluster's script (repository seanywng/5W, `cleaning_5ws_english.qmd`, the commit the data
folder's README names) reads each report's first sheet by column *position*, lower-cases the
location name and strips its accents, treats a blank "recurrent" flag as "no", adds a cell
`no_disagg_ben = round(total) - round(sum of the sex × age cells)`, drops locations whose name
contains "radio" or "fm" (mass messaging), keeps non-recurrent rows and non-zero cells, and
keeps, for each location name × cell, the row with the largest value (the first one on ties),
across partners, activities, months and states. This module is that procedure in Python; it
is test code (the cluster's method), not Trayecto's rule.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

# The script's `df_names`: the 41 columns in the order every report has them.
COLUMNS = (
    "date_reported", "month_reported", "project_code", "project_name", "lead_organisation",
    "implementing_partner", "state", "pcode1", "municipality", "pcode2", "parrish", "pcode3",
    "location", "latitude", "longitude", "activity_full", "activity_code",
    "activity_description", "activity_code_descrption", "activity_covid", "unit",
    "quantity_mensual", "recurrent_beneficiaries", "start_date", "end_date", "activity_status",
    "total_beneficiaries", "percent_indigenous", "percent_pwd", "m_0_3", "m_3_6", "m_7_12",
    "m_12_17", "m_18_19", "f_0_3", "f_3_6", "f_7_12", "f_12_17", "f_18_19", "f_19_and_older",
    "m_19_and_older",
)  # fmt: skip
CELLS = COLUMNS[COLUMNS.index("m_0_3") :]
NO_DISAGGREGATION = "no_disagg_ben"
YES = {"Si", "si", "sí", "Sí"}


@dataclass(frozen=True)
class RawRow:
    """One row of a raw report as the cluster's script sees it."""

    file: str
    row: int  # the row number Excel shows (the header is row 1)
    state_code: str
    location: str | None  # lower case, no accents; None when blank
    recurrent: bool
    cells: dict[str, float]  # non-zero cells, `no_disagg_ben` included

    @property
    def mass_messaging(self) -> bool:
        return self.location is not None and ("radio" in self.location or "fm" in self.location)


def _plain(text: object) -> str | None:
    if text is None or text == "":
        return None
    folded = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0  # read_excel with a numeric column type gives NA, dropped by rowSums


def read_raw_reports(folder: Path) -> list[RawRow]:
    rows = []
    for path in sorted(folder.glob("*.xlsx")):  # list.files order
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
        for number, raw in enumerate(sheet[1:], start=2):
            if all(c is None or c == "" for c in raw):
                continue
            values = dict(zip(COLUMNS, raw, strict=False))
            cells = {c: _number(values.get(c)) for c in CELLS}
            total = _number(values.get("total_beneficiaries"))
            cells[NO_DISAGGREGATION] = round(total) - round(sum(cells.values()))
            rows.append(
                RawRow(
                    file=path.stem,
                    row=number,
                    state_code=str(values.get("pcode1") or ""),
                    location=_plain(values.get("location")),
                    recurrent=values.get("recurrent_beneficiaries") in YES,
                    cells={c: v for c, v in cells.items() if v},
                )
            )
    return rows


Unique = dict[tuple[Hashable, str], tuple[float, RawRow]]


def unique_beneficiaries(
    rows: Iterable[RawRow], site: Callable[[RawRow], Hashable] = lambda r: r.location
) -> Unique:
    """For each site × cell, the largest value of a non-recurrent row and that row (the
    first such row on ties, as R's `which.max`). `site` is the location name by default."""
    best: Unique = {}
    for row in rows:
        if row.location is None or row.mass_messaging or row.recurrent:
            continue
        for cell, value in row.cells.items():
            key = (site(row), cell)
            if key not in best or value > best[key][0]:
                best[key] = (value, row)
    return best


def by_state(unique: Unique) -> dict[str, float]:
    """People per state: each site × cell counts in the state of the row that gave its value."""
    totals: dict[str, float] = {}
    for value, row in unique.values():
        totals[row.state_code] = totals.get(row.state_code, 0.0) + value
    return totals


def read_cluster_file(path: Path) -> tuple[int, dict[str, float], dict[str, str]]:
    """The cluster's `unique_ben` file: rows, people per state code, state names."""
    per_state: dict[str, float] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        per_state[row["pcode1"]] = per_state.get(row["pcode1"], 0.0) + float(row["beneficiaries"])
        names[row["pcode1"]] = row["state"]
    return len(rows), per_state, names
