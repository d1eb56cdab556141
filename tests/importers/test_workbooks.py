"""The safe workbook reader: hostile workbooks refused before a cell is read, hidden sheets
left unread and reported, and every real workbook of the data mirror accepted with margin."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.support.hostile_files import (
    SheetSpec,
    repeated_rows,
    table_rows,
    two_corners,
    write_workbook,
)
from trayecto.domain.problems import FileProblem
from trayecto.importers import workbooks
from trayecto.importers.tabular import read_table
from trayecto.importers.workbooks import LIMITS, Limits, open_workbook

DOCS = Path(__file__).resolve().parents[2] / "docs"


def refusal(path: Path, limits: Limits = LIMITS) -> str:
    with pytest.raises(FileProblem) as caught:
        read_table(path, limits=limits)
    return caught.value.problem.message


def test_a_sheet_declaring_a1_to_xfd1048576_is_refused_before_reading(tmp_path: Path) -> None:
    path = two_corners(tmp_path / "corners.xlsx")
    assert path.stat().st_size < 2_000
    message = refusal(path)
    assert "declares cells up to XFD1048576 (1,048,576 rows × 16,384 columns)" in message
    assert "600,000 rows, 256 columns" in message
    assert "Delete the empty rows and columns" in message


def test_a_sheet_that_hides_its_extent_is_refused_by_the_scan(tmp_path: Path) -> None:
    rows = [(1, [("A", "año")]), (1_048_576, [("XFD", 1)])]
    path = write_workbook(tmp_path / "undeclared.xlsx", [SheetSpec("Hoja1", rows)])
    assert "holds cells up to XFD1048576" in refusal(path)
    lying = [SheetSpec("Hoja1", rows, dimension="A1:B2")]  # declares less than it holds
    assert "holds cells up to XFD1048576" in refusal(write_workbook(tmp_path / "l.xlsx", lying))


def test_rows_beyond_the_limit_are_refused_and_the_limit_itself_is_read(tmp_path: Path) -> None:
    limits = Limits(rows=1_001)
    header, row = ["a", "b"], ["x", 1]
    at_limit = repeated_rows(tmp_path / "ok.xlsx", header, row, 1_000, dimension=False)
    table = read_table(at_limit, limits=limits)
    assert sum(1 for _ in table.rows) == 1_000
    over = repeated_rows(tmp_path / "over.xlsx", header, row, 1_001, dimension=False)
    assert "holds cells up to B1002 (1,002 rows × 2 columns)" in refusal(over, limits)


def test_a_workbook_unpacking_beyond_the_cap_is_refused_unopened(tmp_path: Path) -> None:
    """Declared sizes decide first; `zipfile` then holds a member to its declared size."""
    path = tmp_path / "bomb.xlsx"
    write_workbook(path, [SheetSpec("Hoja1", table_rows(["a"], [[1]]))])
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.xml", "w") as out,
    ):
        block = b" " * (1 << 20)
        for _ in range(LIMITS.unzipped_bytes // len(block) + 1):
            out.write(block)
    assert path.stat().st_size < 2_000_000
    message = refusal(path)
    assert "the workbook unpacks to 269 MB; the most this import reads is 268 MB" in message


def test_a_hidden_first_sheet_is_not_read_and_is_reported(tmp_path: Path) -> None:
    header = ["municipio", "beneficiarios"]
    hidden = SheetSpec("Oculta", table_rows(header, [["44001", 999]]), hidden=True)
    visible = SheetSpec("Datos", table_rows(header, [["81001", 10]]))
    path = write_workbook(tmp_path / "hidden.xlsx", [hidden, visible])
    table = read_table(path)
    assert [r.values for r in table.rows] == [{"municipio": "81001", "beneficiarios": "10"}]
    (notice,) = table.notices
    assert notice.severity == "warning"
    assert "sheet 'Oculta' is hidden: it was not imported (read: 'Datos')" in notice.message
    # A format that names its sheet reads that one, hidden or not.
    named = read_table(path, sheet="Oculta")
    assert [r.values["municipio"] for r in named.rows] == ["44001"]


def test_rows_keep_their_spreadsheet_numbers(tmp_path: Path) -> None:
    rows = table_rows(["a", "b"], [["x", 1], [None, None], ["y", 2]], first=3)
    table = read_table(write_workbook(tmp_path / "offset.xlsx", [SheetSpec("H", rows)]))
    assert table.headers == ["a", "b"]
    assert [(r.line, r.values["a"]) for r in table.rows] == [(4, "x"), (6, "y")]


def test_the_scan_finds_the_extent_across_chunk_boundaries(tmp_path: Path) -> None:
    rows = table_rows([f"c{i}" for i in range(41)], ([i] * 41 for i in range(30_000)))
    path = write_workbook(tmp_path / "wide.xlsx", [SheetSpec("H", rows)])
    book = open_workbook(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(book.sheets[0].member).file_size > 3 * workbooks.SCAN_CHUNK
    assert book.check(book.sheets[0]) == (30_001, 41)


def test_cells_without_references_and_entity_declarations_are_refused(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "noref.xlsx", [SheetSpec("H", table_rows(["a"], [[1]]))])
    noref = tmp_path / "noref2.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(noref, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = re.sub(rb' r="[A-Z]+\d+"', b"", data)
            target.writestr(info, data)
    assert "has cells without a reference" in refusal(noref)
    dtd = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(dtd, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)
            target.writestr(info, data)
    assert "the workbook is damaged (xl/workbook.xml: a DTD)" in refusal(dtd)


def test_every_real_workbook_fits_the_limits_with_margin(shared_data: Path) -> None:
    """The limits' comments and docs/formats/limits.md quote these measurements."""
    largest = {"rows": 0, "columns": 0, "unzipped": 0, "ratio": 0.0}
    for path in sorted(shared_data.rglob("*.xlsx")):
        book = open_workbook(path)
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(i.file_size for i in archive.infolist())
        largest["unzipped"] = max(largest["unzipped"], unzipped)
        largest["ratio"] = max(largest["ratio"], unzipped / path.stat().st_size)
        for sheet in book.sheets:
            rows, columns = book.check(sheet)
            largest["rows"] = max(largest["rows"], rows)
            largest["columns"] = max(largest["columns"], columns)
    assert (largest["rows"], largest["columns"]) == (4_106, 41)
    assert round(largest["unzipped"] / 1e6, 1) == 6.7
    assert round(largest["ratio"], 1) == 11.7
    assert LIMITS.rows >= 100 * largest["rows"]
    assert LIMITS.columns >= 6 * largest["columns"]
    assert LIMITS.unzipped_bytes >= 20 * 1024 * 1024 * largest["ratio"]  # a 20 MB upload
    doc = (DOCS / "formats" / "limits.md").read_text(encoding="utf-8")
    for figure in ("4,106", "41", "6.7 MB", "11.7", "600,000", "256", "12,000,000", "256 MiB"):
        assert figure in doc, figure


def test_cells_are_found_wherever_the_xml_puts_them(tmp_path: Path) -> None:
    """A reader places a cell by its own reference: a cell in the wrong row, out of order,
    or with attributes after a tab or in another order still counts."""
    base = write_workbook(tmp_path / "base.xlsx", [SheetSpec("H", table_rows(["a"], [[1]]))])
    variants = {
        "wrong_row": b'<row r="2"><c r="XFD1048576"><v>1</v></c></row>',
        "tab": b'<row r="2"><c s="0"\tr="XFD1048576"><v>1</v></c></row>',
        "order": b'<row r="2"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    }
    for name, row in variants.items():
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename.endswith("sheet1.xml"):
                    data = data.replace(b"</sheetData>", row + b"</sheetData>")
                target.writestr(info, data)
        assert "holds cells up to XFD1048576" in refusal(path), name
