"""Hostile workbooks written by hand, part by part, as an attacker would: a sheet declaring
A1:XFD1048576, a few kilobytes that unpack to a million rows, a hidden first sheet.

Only the parts Excel needs are written (content types, relationships, workbook, sheets), as
XML, so each test controls exactly what a reader sees.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

Cell = str | int | float | None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    rows: Iterable[tuple[int, Sequence[tuple[str, Cell]]]]  # (row number, [(column, value)])
    hidden: bool = False
    dimension: str | None = None


def cell_xml(ref: str, value: Cell) -> str:
    if value is None:
        return f'<c r="{ref}" s="1"/>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def row_xml(number: int, cells: Sequence[tuple[str, Cell]]) -> str:
    inner = "".join(cell_xml(f"{column}{number}", value) for column, value in cells)
    return f'<row r="{number}">{inner}</row>'


def write_workbook(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """A minimal .xlsx with these sheets, each sheet's XML streamed into the zip."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = f"{rel}/worksheet"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    entries = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"'
        + (' state="hidden"' if s.hidden else "")
        + "/>"
        for i, s in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{sheet_type}" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as out:
                dimension = f'<dimension ref="{sheet.dimension}"/>' if sheet.dimension else ""
                out.write(
                    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
                    f"{dimension}<sheetData>".encode()
                )
                batch: list[str] = []
                for number, cells in sheet.rows:
                    batch.append(row_xml(number, cells))
                    if len(batch) >= 10_000:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return path


def table_rows(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], first: int = 1
) -> Iterator[tuple[int, list[tuple[str, Cell]]]]:
    """A header and data rows as numbered rows of cells A, B, C…"""
    columns = [_letters(i) for i in range(1, len(header) + 1)]
    yield first, list(zip(columns, header, strict=True))
    for number, row in enumerate(rows, start=first + 1):
        yield number, [(c, v) for c, v in zip(columns, row, strict=True) if v is not None]


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def two_corners(path: Path) -> Path:
    """1.6 kB: A1 and XFD1048576, and a dimension that says so. A dense reader asks for
    17 billion cells."""
    rows = [(1, [("A", "año")]), (1_048_576, [("XFD", 1)])]
    return write_workbook(path, [SheetSpec("Hoja1", rows, dimension="A1:XFD1048576")])


def repeated_rows(
    path: Path, header: Sequence[str], row: Sequence[Cell], count: int, dimension: bool = True
) -> Path:
    """A few kilobytes per 100,000 identical rows once compressed: a zip bomb in spirit."""
    last = f"{_letters(len(header))}{count + 1}"
    rows = table_rows(header, (row for _ in range(count)))
    spec = SheetSpec("Hoja1", rows, dimension=f"A1:{last}" if dimension else None)
    return write_workbook(path, [spec])
