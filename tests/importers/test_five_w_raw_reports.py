"""The real raw partner reports of the Venezuelan Education Cluster (format reference).

They are Venezuelan: locations are resolved against the OCHA P-codes of the cluster's own
cleaned file, so what is tested is reading, mapping and validation, not Colombian geography.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from trayecto.domain.five_w import UNKNOWN_CELL
from trayecto.importers.five_w import read_five_w
from trayecto.importers.five_w_places import CodeTableMatcher

ROWS = {
    "SOCIO_1": 2230,
    "SOCIO_2": 2908,
    "SOCIO_3": 39,
    "SOCIO_4": 4105,
    "SOCIO_5": 788,
    "SOCIO_6": 12,
    "SOCIO_7": 283,
    "SOCIO_8": 143,
    "SOCIO_9": 3,
    "SOCIO_10": 14,
    "UNICEF": 1529,
}  # fmt: skip  (row counts stated by the folder README)


@pytest.fixture(scope="module")
def reports(shared_data: Path) -> Path:
    return shared_data / "education_cluster_5w_venezuela" / "raw_partner_reports"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_row_is_accepted_or_reported(
    reports: Path, venezuela_matcher: CodeTableMatcher, name: str
) -> None:
    path = reports / f"{name}.xlsx"
    result = read_five_w(path, matcher=venezuela_matcher)
    report = result.report
    assert result.profile == "venezuela_cluster_2020"
    assert report.rows_read == ROWS[name]
    assert report.reconciles
    rejected_rows = {p.row for p in report.problems if p.severity == "error"}
    duplicates = [p for p in report.problems if p.message.startswith("fila idéntica")]
    assert report.rows_rejected == len(rejected_rows) + len(duplicates)
    for problem in report.problems:
        assert problem.row > 1  # a spreadsheet row under the header
        assert problem.message
    for line in result.lines:
        assert line.new_beneficiaries in (0, line.beneficiaries)
        assert sum(line.cells.values()) == line.new_beneficiaries


def test_socio_1_problems_name_row_column_and_value(
    reports: Path, venezuela_matcher: CodeTableMatcher
) -> None:
    report = read_five_w(reports / "SOCIO_1.xlsx", matcher=venezuela_matcher).report
    by_row = {(p.row, p.column): p for p in report.problems}
    missing_flag = by_row[(164, "Actividad con beneficiarios recurrentes")]
    assert "nuevos o recurrentes" in missing_flag.message
    fractional = by_row[(741, "Total beneficiarios alcanzado*")]
    assert fractional.value == "153.76"
    unknown = by_row[(1632, "Código municipio")]
    assert unknown.value == "VE1003"
    assert "fila idéntica a la fila 190" in by_row[(191, "")].message
    kinds = Counter(p.message.split(":")[0] for p in report.problems if p.severity == "error")
    assert kinds["indique si los beneficiarios son nuevos o recurrentes"] == 525


def test_the_duplicate_really_is_identical_in_the_file(reports: Path) -> None:
    sheet = openpyxl.load_workbook(reports / "SOCIO_1.xlsx", read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=190, max_row=191, values_only=True))
    assert rows[0] == rows[1]


def test_socio_9_cells_are_read_with_their_overlapping_bands(
    reports: Path, venezuela_matcher: CodeTableMatcher
) -> None:
    result = read_five_w(reports / "SOCIO_9.xlsx", matcher=venezuela_matcher)
    first = result.lines[0]
    assert (first.row, first.municipality, first.activity) == (2, "VE2313", "CA1.04")
    assert first.month == "2020-10"
    assert first.beneficiary_type == "recurrente"  # "Actividad con beneficiarios recurrentes: Si"
    assert first.new_beneficiaries == 0
    assert first.beneficiaries == 1122
    assert first.cells == {}


def test_a_total_that_does_not_match_its_cells_is_rejected(
    reports: Path, venezuela_matcher: CodeTableMatcher
) -> None:
    """SOCIO_4 row 3233: the cells add up to 18, the total says 26 (checked with openpyxl)."""
    sheet = openpyxl.load_workbook(reports / "SOCIO_4.xlsx", read_only=True).active
    assert sheet is not None
    (row,) = sheet.iter_rows(min_row=3233, max_row=3233, values_only=True)
    assert (row[26], sum(c for c in row[29:41] if isinstance(c, int | float))) == (26, 18)
    report = read_five_w(reports / "SOCIO_4.xlsx", matcher=venezuela_matcher).report
    (mismatch,) = [p for p in report.problems if "suman" in p.message]
    assert (mismatch.row, mismatch.column, mismatch.value) == (3233, "sexo y edad", "26")


def test_a_new_line_without_disaggregation_keeps_its_total(
    reports: Path, venezuela_matcher: CodeTableMatcher
) -> None:
    result = read_five_w(reports / "SOCIO_2.xlsx", matcher=venezuela_matcher)
    (line,) = [x for x in result.lines if UNKNOWN_CELL in x.cells]
    assert line.beneficiary_type == "nuevo"
    assert line.cells == {UNKNOWN_CELL: line.beneficiaries}
    assert line.beneficiaries > 0
