"""Broken reference files (written in tmp_path from the real ones): a clear problem that names
the file, the line and what is expected, and nothing half-loaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from trayecto.domain.problems import ImportReport
from trayecto.importers.boundaries import load as load_mgn2018
from trayecto.importers.divipola import load as load_divipola
from trayecto.importers.etc import load as load_etc
from trayecto.importers.pcodes import load as load_pcodes
from trayecto.importers.places import load as load_place_aliases
from trayecto.warehouse import Warehouse

from .test_etc import MEN
from .test_geography import DIVIPOLA, MGN_MUNICIPAL, MGN_TOPOJSON, PCODES

Loader = Callable[..., ImportReport]


@pytest.fixture
def divipola_lines(shared_data: Path) -> list[str]:
    return (shared_data / DIVIPOLA).read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture
def loaded(warehouse: Warehouse, shared_data: Path) -> Warehouse:
    """A warehouse that already holds a good DIVIPOLA: a bad file must leave it as it is."""
    load_divipola(shared_data / DIVIPOLA, warehouse, dry_run=False)
    return warehouse


def assert_refused_and_untouched(report: ImportReport, warehouse: Warehouse, before: str) -> None:
    assert report.refused
    assert report.rows_imported == 0
    assert report.reconciles
    assert warehouse.manifest_path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "loader", [load_divipola, load_pcodes, load_mgn2018, load_etc, load_place_aliases]
)
def test_a_missing_file_is_named(loader: Loader, loaded: Warehouse, tmp_path: Path) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    missing = tmp_path / "nowhere" / "file.csv"
    report = loader(missing, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    problem = report.problems[0]
    assert problem.value == str(missing)
    assert "file not found; expected" in problem.message


def test_a_truncated_divipola_names_the_cut_line(
    loaded: Warehouse, divipola_lines: list[str], tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipola.csv"
    cut = "".join(divipola_lines[:501]) + divipola_lines[501][:25]  # a download cut mid-line
    broken.write_text(cut, encoding="utf-8")
    report = load_divipola(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert report.problems[0].row == 502
    assert "truncated" in report.problems[0].message
    assert report.problems[0].value == str(broken)


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_cut_that_keeps_all_fields_is_caught_by_the_values(
    dry_run: bool, loaded: Warehouse, divipola_lines: list[str], tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipola.csv"
    last = divipola_lines[300]
    broken.write_text("".join(divipola_lines[:300]) + last[: last.index("POINT (") + 12])
    report = load_divipola(broken, loaded, dry_run=dry_run)
    assert_refused_and_untouched(report, loaded, before)
    assert [(p.row, p.column) for p in report.problems] == [(301, "Geo Municipio")]
    assert report.dry_run == dry_run  # the CLI then says "would import", not "imported"


def test_a_latin1_file_says_which_line_and_how_to_fix_it(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipola.csv"
    text = (shared_data / DIVIPOLA).read_text(encoding="utf-8")
    broken.write_bytes(text.encode("latin-1"))
    report = load_divipola(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    first_accent = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert report.problems[0].row == first_accent
    assert "not UTF-8" in report.problems[0].message
    assert "Latin-1" in report.problems[0].message


def test_missing_columns_are_listed(
    loaded: Warehouse, divipola_lines: list[str], tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipola.csv"
    header = divipola_lines[0].replace("TIPO", "CLASE")
    broken.write_text(header + "".join(divipola_lines[1:]), encoding="utf-8")
    report = load_divipola(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert report.problems[0].row == 1
    assert "missing columns TIPO" in report.problems[0].message


def test_bad_and_duplicate_codes_are_reported_by_line(
    loaded: Warehouse, divipola_lines: list[str], tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    lines = list(divipola_lines)
    lines[10] = lines[10].replace(lines[10].split(",")[2], "5X01", 1)  # a bad code
    lines.append(lines[20])  # a duplicate of line 21
    broken = tmp_path / "divipola.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    report = load_divipola(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    found = {(p.row, p.column): p.message for p in report.problems}
    assert "expected a municipality code" in found[(11, "COD_MPIO")]
    assert "duplicate municipality code" in found[(len(lines), "COD_MPIO")]
    assert "first on line 21" in found[(len(lines), "COD_MPIO")]
    assert report.details["rows_with_errors"] == 2


def test_a_code_outside_its_department_is_refused(
    loaded: Warehouse, divipola_lines: list[str], tmp_path: Path
) -> None:
    lines = list(divipola_lines)
    fields = lines[5].split(",")
    fields[0] = "8"  # the municipality code still says 05
    lines[5] = ",".join(fields)
    broken = tmp_path / "divipola.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    report = load_divipola(broken, loaded, dry_run=False)
    assert report.refused
    assert any("does not start with its department code 08" in p.message for p in report.problems)


def test_duplicate_pcodes_are_refused(loaded: Warehouse, shared_data: Path, tmp_path: Path) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    lines = (shared_data / PCODES).read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "pcodes.csv"
    broken.write_text("".join([*lines, lines[40]]), encoding="utf-8")
    report = load_pcodes(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert any(p.row == len(lines) + 1 and "duplicate P-code" in p.message for p in report.problems)


def test_a_truncated_geojson_names_the_line(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "co_2018_MGN_MPIO_POLITICO.geojson"
    data = (shared_data / MGN_MUNICIPAL).read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    report = load_mgn2018(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert "not valid JSON at line" in report.problems[0].message
    assert report.problems[0].row >= 1


def test_a_geojson_without_its_department_file_says_what_is_missing(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    alone = tmp_path / "co_2018_MGN_MPIO_POLITICO.geojson"
    alone.write_bytes((shared_data / MGN_MUNICIPAL).read_bytes())
    report = load_mgn2018(alone, loaded, dry_run=False)
    assert report.refused
    assert "co_2018_MGN_DPTO_POLITICO.geojson" in report.problems[0].value


def test_a_topojson_with_a_duplicate_code_is_refused(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    topology = json.loads((shared_data / MGN_TOPOJSON).read_text(encoding="utf-8"))
    geometries = topology["objects"]["MGN_MPIO_POLITICO"]["geometries"]
    geometries[7]["properties"]["MPIO_CCNCT"] = geometries[3]["properties"]["MPIO_CCNCT"]
    broken = tmp_path / "colombia.topojson"
    broken.write_text(json.dumps(topology), encoding="utf-8")
    report = load_mgn2018(broken, loaded, dry_run=False)
    assert report.refused
    assert [(p.row, p.column) for p in report.problems if p.severity == "error"] == [
        (8, "MPIO_CCNCT")
    ]


def test_an_etc_file_in_latin1_is_refused(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "men.csv"
    text = (shared_data / MEN).read_text(encoding="utf-8-sig")
    broken.write_bytes(text.encode("latin-1"))
    report = load_etc(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert report.problems[0].row == 1  # the header already has 'AÑO'


def test_a_file_that_is_not_a_workbook_is_refused(loaded: Warehouse, tmp_path: Path) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipolita.xlsx"
    broken.write_text("dpto,mpio\n5,5001\n", encoding="utf-8")
    report = load_place_aliases(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert "Excel workbook" in report.problems[0].message


def test_a_workbook_without_the_sheet_names_the_sheets_it_has(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    import xlsxwriter

    broken = tmp_path / "divipolita.xlsx"
    workbook = xlsxwriter.Workbook(str(broken))
    workbook.add_worksheet("codigo").write_row(0, 0, ["dpto", "mpio"])
    workbook.close()
    report = load_place_aliases(broken, loaded, dry_run=False)
    assert report.refused
    assert "no sheet 'etiqueta' (sheets: codigo)" in report.problems[0].message


def test_etc_refuses_a_duplicate_or_unknown_municipality(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    lines = (shared_data / MEN).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[5] = lines[5].replace(lines[5].split(",")[1], "5999", 1)  # no such municipality
    lines.append(lines[7])  # the same municipality and year twice
    broken = tmp_path / "men.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    report = load_etc(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    found = {(p.row, p.column): p.message for p in report.problems if p.severity == "error"}
    assert "05999 is not a municipality of DIVIPOLA" in found[(6, "CÓDIGO_MUNICIPIO")]
    assert "first on line 8" in found[(len(lines), "CÓDIGO_MUNICIPIO")]


def test_etc_without_its_columns_says_which(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    text = (shared_data / MEN).read_text(encoding="utf-8-sig")
    broken = tmp_path / "men.csv"
    broken.write_text(text.replace("CÓDIGO_ETC", "COD_ETC", 1), encoding="utf-8")
    report = load_etc(broken, loaded, dry_run=False)
    assert report.refused
    assert "missing columns CÓDIGO_ETC" in report.problems[0].message


def test_an_alias_with_an_unknown_code_refuses_the_table(loaded: Warehouse, tmp_path: Path) -> None:
    import xlsxwriter

    before = loaded.manifest_path.read_text(encoding="utf-8")
    broken = tmp_path / "divipolita.xlsx"
    workbook = xlsxwriter.Workbook(str(broken))
    sheet = workbook.add_worksheet("etiqueta")
    for number, values in enumerate(
        [
            ["dpto", "mpio", "Departamento", "Municipio"],
            [54, 54001, "norte de santander", "cucuta"],
            [54, 54002, "norte de santander", "no existe"],
            [0, 0, "nacional", "nacional"],
        ]
    ):
        sheet.write_row(number, 0, values)
    workbook.close()
    report = load_place_aliases(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    errors = [(p.row, p.column) for p in report.problems if p.severity == "error"]
    assert errors == [(3, "mpio")]


def test_a_truncated_workbook_is_refused(
    loaded: Warehouse, shared_data: Path, tmp_path: Path
) -> None:
    before = loaded.manifest_path.read_text(encoding="utf-8")
    data = (shared_data / "divipola/immap_divipolita.xlsx").read_bytes()
    broken = tmp_path / "divipolita.xlsx"
    broken.write_bytes(data[: len(data) * 2 // 3])
    report = load_place_aliases(broken, loaded, dry_run=False)
    assert_refused_and_untouched(report, loaded, before)
    assert report.problems[0].value == str(broken)
    assert "cannot be read as an Excel workbook" in report.problems[0].message
