"""Reading an Excel workbook safely: sizes checked before anything is built, one sheet chosen.

A spreadsheet reader builds a dense grid from the first to the last cell of a sheet, so a
1.6 kB file with cells in A1 and XFD1048576 asks for 512 GB, and a 1.6 MB file can unpack to
400 MB of identical rows. Before the reader sees a workbook, `open_workbook` checks the zip
(declared sizes, which `zipfile` then enforces with the CRC) and the sheets' declared
dimensions; `Workbook.rows` then scans the sheet's XML in bounded chunks for its real extent
and refuses anything beyond `Limits`, before a single cell is materialised. Only then is the
sheet read, row by row.

Hidden sheets are never read unless a format names them: a hidden first sheet must not be
imported in place of the visible one, and every sheet left unread is reported.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from trayecto.domain.problems import FileProblem, Problem


@dataclass(frozen=True)
class Limits:
    """The most a workbook may hold; each one is checked before any cell is read.

    Measured on the real workbooks of the data mirror (docs/formats/limits.md): the biggest
    partner 5W report has 4,106 rows × 41 columns and unpacks to 6.7 MB; none unpacks to
    more than 11.7 times its size.
    """

    rows: int = 600_000  # an ETC's sede-matricula export of ~390,000 rows; 5W of 200,000
    columns: int = 256  # real files: 41 (5W), 17 (sede-matricula), 6 (divipolita)
    cells: int = 12_000_000  # rows × columns of a sheet's extent: the reader's memory
    unzipped_bytes: int = 256 * 1024 * 1024  # a 20 MiB upload at the real 11.7×: 245 MiB
    sheets: int = 50


LIMITS = Limits()
# The parts of a workbook read whole (sheet list, relationships) are small in any real file.
MAX_PART_BYTES = 5 * 1024 * 1024
SCAN_CHUNK = 1 << 20

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ATTR = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z0-9:$]+)"')
_ROOT_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")


@dataclass(frozen=True)
class _Tags:
    """Byte patterns of one sheet's tags (`<c`, or `<x:c` when the XML uses a prefix).

    Literal starts keep the scan at C speed (about 60 MB/s a pattern on this machine).
    Non-empty rows and cells only: a self-closing tag (`<c r="F9" s="1"/>`) holds no value.
    """

    row: re.Pattern[bytes]
    cell_column: re.Pattern[bytes]
    cell_with_reference: re.Pattern[bytes]
    cell_open: bytes

    @classmethod
    def of(cls, prefix: bytes) -> _Tags:
        p = re.escape(prefix)
        return cls(
            row=re.compile(rb"<" + p + rb'row\b[^>]*?\sr="(\d+)(?=")[^>]*[^/]>'),
            cell_column=re.compile(rb"<" + p + rb'c\s[^>]*?r="([A-Z]{1,3})\d+(?=")[^>]*[^/]>'),
            cell_with_reference=re.compile(rb"<" + p + rb'c\s[^>]*?r="'),
            cell_open=b"<" + prefix + b"c",
        )

    def cells(self, data: bytes) -> int:
        return sum(data.count(self.cell_open + end) for end in (b" ", b">", b"/"))

    def unreferenced(self, data: bytes, cells: int) -> bool:
        """Whether some cell lacks its `r="A1"`; Excel, LibreOffice and every library we
        know write it first, so the regex runs only when that quick count disagrees."""
        if data.count(self.cell_open + b' r="') == cells:
            return False
        return len(self.cell_with_reference.findall(data)) < cells


_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")

# What the user reads, in the language of the import (5W partners read Spanish).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "not_xlsx": "cannot be read as an Excel workbook (.xlsx): the file is damaged or of "
        "another kind; open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'",
        "no_workbook": "the .xlsx file holds no Excel workbook",
        "damaged": "the workbook is damaged ({detail})",
        "unzipped": "the workbook unpacks to {mb:,.0f} MB; the most this import reads is "
        "{limit:,.0f} MB. Delete the empty rows, columns and sheets after your data (or split "
        "the file) and save it again",
        "too_many_sheets": "the workbook has {count} sheets; the most read is {limit}",
        "no_worksheet": "the workbook has no worksheet",
        "no_visible": "the workbook has no visible sheet: unhide the sheet that holds the data",
        "no_sheet": "no sheet {name!r} (sheets: {names})",
        "declares": "declares",
        "holds": "holds",
        "extent": "{verb} cells up to {ref} ({rows:,} rows × {columns:,} columns)",
        "cells": "holds more than {limit:,} cells",
        "too_large": "sheet {sheet!r} {what}; the most this import reads is {rows:,} rows, "
        "{columns:,} columns and {cells:,} cells. Delete the empty rows and columns after "
        "your data (or split the file) and save it again",
        "no_reference": "sheet {sheet!r} has cells without a reference (A1, B2…), which this "
        "reader does not accept: open the file in Excel or LibreOffice and save it again",
        "unreadable": "sheet {sheet!r} cannot be read ({detail})",
        "hidden": "is hidden",
        "other": "is not the sheet read",
        "unread": "sheet {sheet!r} {why}: it was not imported (read: {read}); move the data "
        "to that sheet if it belongs in this import",
    },
    "es": {
        "not_xlsx": "no se puede leer como libro de Excel (.xlsx): el archivo está dañado o es "
        "de otro tipo; ábralo en Excel o LibreOffice y guárdelo como 'Libro de Excel (.xlsx)'",
        "no_workbook": "el archivo .xlsx no contiene un libro de Excel",
        "damaged": "el libro está dañado ({detail})",
        "unzipped": "el libro descomprimido ocupa {mb:,.0f} MB; el máximo que se lee es "
        "{limit:,.0f} MB. Borre las filas, columnas y hojas vacías después de sus datos (o "
        "divida el archivo) y guárdelo de nuevo",
        "too_many_sheets": "el libro tiene {count} hojas; el máximo es {limit}",
        "no_worksheet": "el libro no tiene hojas de cálculo",
        "no_visible": "el libro no tiene hojas visibles: muestre la hoja que tiene los datos",
        "no_sheet": "no hay una hoja {name!r} (hojas: {names})",
        "declares": "declara",
        "holds": "tiene",
        "extent": "{verb} celdas hasta {ref} ({rows:,} filas × {columns:,} columnas)",
        "cells": "tiene más de {limit:,} celdas",
        "too_large": "la hoja {sheet!r} {what}; el máximo que se lee es {rows:,} filas, "
        "{columns:,} columnas y {cells:,} celdas. Borre las filas y columnas vacías después "
        "de sus datos (o divida el archivo) y guárdelo de nuevo",
        "no_reference": "la hoja {sheet!r} tiene celdas sin referencia (A1, B2…), que este "
        "lector no acepta: abra el archivo en Excel o LibreOffice y guárdelo de nuevo",
        "unreadable": "no se puede leer la hoja {sheet!r} ({detail})",
        "hidden": "está oculta",
        "other": "no es la hoja leída",
        "unread": "la hoja {sheet!r} {why}: no se importó (se leyó: {read}); pase los datos a "
        "esa hoja si son parte de este reporte",
    },
}


def say(language: str, key: str, **values: Any) -> str:
    return MESSAGES[language][key].format(**values)


def column_number(letters: str) -> int:
    """`A` -> 1, `AO` -> 41, `XFD` -> 16,384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Sheet:
    name: str
    member: str  # the XML part inside the zip
    visible: bool


@dataclass
class Workbook:
    """A workbook whose structure passed the checks; its sheets are read one at a time."""

    path: Path
    sheets: list[Sheet]
    limits: Limits
    language: str = "en"
    notices: list[Problem] = field(default_factory=list)

    @property
    def visible(self) -> list[Sheet]:
        return [s for s in self.sheets if s.visible]

    def _refuse(self, key: str, **values: Any) -> FileProblem:
        return FileProblem(self.path.name, say(self.language, key, **values))

    def choose(self, name: str | None = None) -> Sheet:
        """The sheet `name`, else the first visible one; the others are reported as unread."""
        if name is not None:
            chosen = next((s for s in self.sheets if s.name == name), None)
            if chosen is None:
                names = ", ".join(s.name for s in self.sheets)
                raise self._refuse("no_sheet", name=name, names=names)
        elif self.visible:
            chosen = self.visible[0]
        else:
            raise self._refuse("no_visible")
        self.report_unread([chosen])
        return chosen

    def report_unread(self, read: list[Sheet], expected: Collection[str] = ()) -> None:
        """A warning for every sheet not read, saying why (hidden, or not the one read);
        `expected` names sheets a format itself carries (a template's hidden lists)."""
        names = ", ".join(repr(s.name) for s in read)
        for sheet in self.sheets:
            if sheet in read or sheet.name in expected:
                continue
            why = say(self.language, "hidden" if not sheet.visible else "other")
            message = say(self.language, "unread", sheet=sheet.name, why=why, read=names)
            self.notices.append(Problem(0, "", sheet.name, message, "warning"))

    def check(self, sheet: Sheet) -> tuple[int, int]:
        """The sheet's extent (last row, last column), refused beyond the limits.

        The declared dimension is checked first (it costs one small read), then the XML is
        scanned in chunks, so memory stays bounded: a workbook may declare less than it holds.
        """
        last_row, columns, cells = 0, set[bytes](), 0
        with zipfile.ZipFile(self.path) as archive, archive.open(sheet.member) as xml:
            chunk = xml.read(SCAN_CHUNK)
            declared = _DIMENSION.search(chunk)
            if declared:
                rows, width = _range_end(declared.group(1).decode())
                self._check_extent(sheet, rows, width, "declares")
            root = _ROOT_PREFIX.search(chunk)
            tags = _Tags.of(root.group(1) or b"" if root else b"")
            carry = b""
            while chunk:
                data = carry + chunk
                cut = data.rfind(b"<")  # a tag cut by the chunk's end waits for the next one
                data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                rows_found = tags.row.findall(data)
                if rows_found:
                    last_row = max(last_row, *map(int, rows_found))
                columns.update(tags.cell_column.findall(data))
                counted = tags.cells(data)
                if tags.unreferenced(data, counted):
                    raise self._refuse("no_reference", sheet=sheet.name)
                cells += counted
                width = max((column_number(c.decode()) for c in columns), default=0)
                self._check_extent(sheet, last_row, width, "holds")
                if cells > self.limits.cells:
                    what = say(self.language, "cells", limit=self.limits.cells)
                    raise self._too_large(sheet, what)
                chunk = xml.read(SCAN_CHUNK)
        return last_row, max((column_number(c.decode()) for c in columns), default=0)

    def _check_extent(self, sheet: Sheet, rows: int, columns: int, verb: str) -> None:
        limits = self.limits
        if rows > limits.rows or columns > limits.columns or rows * columns > limits.cells:
            what = say(
                self.language,
                "extent",
                verb=say(self.language, verb),
                ref=f"{column_letters(columns)}{rows}",
                rows=rows,
                columns=columns,
            )
            raise self._too_large(sheet, what)

    def _too_large(self, sheet: Sheet, what: str) -> FileProblem:
        limits = self.limits
        return self._refuse(
            "too_large",
            sheet=sheet.name,
            what=what,
            rows=limits.rows,
            columns=limits.columns,
            cells=limits.cells,
        )

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row number, cells from the first used column) of every row from the
        first used one. The checks and the read happen now (a refusal is raised here, not
        halfway through the rows); Python then holds one row at a time."""
        self.check(sheet)
        try:
            data = CalamineWorkbook.from_path(str(self.path)).get_sheet_by_name(sheet.name)
        except Exception as exc:  # calamine raises its own types for broken files
            raise self._refuse("unreadable", sheet=sheet.name, detail=exc) from None
        first_row = data.start[0] if data.start else 0

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            for index, cells in enumerate(data.iter_rows()):
                if index >= first_row:
                    yield index + 1, cells

        return numbered()

    def grids(self, sheets: list[Sheet]) -> Iterator[tuple[str, list[list[Any]]]]:
        """Each sheet whole, from A1 (list row i = spreadsheet row i + 1), once all of them
        passed `check` and their extents add up to no more than the cell limit."""
        total = 0
        for sheet in sheets:
            rows, columns = self.check(sheet)
            total += rows * columns
            if total > self.limits.cells:
                what = say(self.language, "cells", limit=self.limits.cells)
                raise self._too_large(sheet, what)
        for sheet in sheets:
            yield sheet.name, self._grid(sheet)

    def _grid(self, sheet: Sheet) -> list[list[Any]]:
        try:
            data = CalamineWorkbook.from_path(str(self.path)).get_sheet_by_name(sheet.name)
            return data.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own types for broken files
            raise self._refuse("unreadable", sheet=sheet.name, detail=exc) from None


def _range_end(ref: str) -> tuple[int, int]:
    """`A1:XFD1048576` -> (1048576, 16384): the last row and column a range declares."""
    match = _REFERENCE.match(ref.split(":")[-1])
    if not match:
        return 0, 0
    return int(match.group(2)), column_number(match.group(1))


def open_workbook(path: Path, limits: Limits = LIMITS, *, language: str = "en") -> Workbook:
    """The workbook's sheets, after checking it is an .xlsx whose parts fit the limits."""
    book = Workbook(path=path, sheets=[], limits=limits, language=language)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise FileProblem(str(path), "file not found") from None
    except (zipfile.BadZipFile, OSError):
        raise book._refuse("not_xlsx") from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        if "xl/workbook.xml" not in infos:
            raise book._refuse("no_workbook")
        unzipped = sum(info.file_size for info in infos.values())
        if unzipped > limits.unzipped_bytes:
            raise book._refuse("unzipped", mb=unzipped / 1e6, limit=limits.unzipped_bytes / 1e6)
        book.sheets = _sheets(book, archive, infos)
    return book


def _read_part(book: Workbook, archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise book._refuse("damaged", detail=f"{name}: {info.file_size:,} bytes")
    try:
        data = archive.read(info)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # OOXML has none; entity bombs do
            raise book._refuse("damaged", detail=f"{name}: a DTD")
        return ElementTree.fromstring(data)  # noqa: S314 (no DTD, size bounded above)
    except (ElementTree.ParseError, zipfile.BadZipFile) as exc:
        raise book._refuse("damaged", detail=f"{name}: {exc}") from None


def _sheets(
    book: Workbook, archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
) -> list[Sheet]:
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in infos:
        for rel in _read_part(book, archive, "xl/_rels/workbook.xml.rels"):
            target = rel.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = str(PurePosixPath(member))
    sheets = []
    for element in _read_part(book, archive, "xl/workbook.xml").iter(f"{_NS_MAIN}sheet"):
        member = targets.get(element.get(_NS_REL_ATTR, ""), "")
        if member not in infos:
            continue  # a chart sheet or a dangling entry: nothing to read
        visible = element.get("state", "visible") == "visible"
        sheets.append(Sheet(element.get("name", ""), member, visible))
    if not sheets:
        raise book._refuse("no_worksheet")
    if len(sheets) > book.limits.sheets:
        raise book._refuse("too_many_sheets", count=len(sheets), limit=book.limits.sheets)
    return sheets
