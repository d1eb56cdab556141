"""Reading an Excel workbook safely: sizes checked before anything is built, one sheet chosen.

A spreadsheet reader builds a dense grid from the first to the last cell of a sheet, so a
1.6 kB file with cells in A1 and XFD1048576 asks for 512 GB, and a 1.6 MB file can unpack to
400 MB of identical rows. Before the reader sees a workbook, `open_workbook` checks the zip
(declared sizes, which `zipfile` then enforces with the CRC); `Workbook.check` reads the
sheet's declared dimension, then scans its XML in 1 MiB chunks for its real extent, and
refuses anything beyond `Limits` before a single cell is materialised. Only then is the sheet
read (`rows`: one Python row at a time; `grids`: whole, for the 5W layout finder).

Hidden sheets are never read unless a format names them: a hidden first sheet must not be
imported in place of the visible one, and every sheet left unread is reported.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
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


# Every cell reference: `r="AO12"` (a row's `r="12"` has no letters).
_CELL_COLUMN = re.compile(rb'\sr="([A-Z]{1,3})[0-9]')
_CELL_ROW = re.compile(rb'\sr="[A-Z]{1,3}([0-9]+)"')
_ROW_NUMBER = re.compile(rb'\sr="([0-9]+)"')


def _above(value: str, digits: bool) -> str:
    """A regex for the numerals (or column letters) greater than `value`: longer ones, or
    as long and larger at the first position that differs."""
    cls, high = ("[0-9]", "9") if digits else ("[A-Z]", "Z")
    longer = ("[1-9]" if digits else "[A-Z]") + cls + f"{{{len(value)},}}"
    options = [longer]
    for i, char in enumerate(value):
        if char < high:
            rest = len(value) - i - 1
            options.append(value[:i] + f"[{chr(ord(char) + 1)}-{high}]" + (cls * rest))
    return "(?:" + "|".join(options) + ")"


@lru_cache(maxsize=64)
def _rows_above(row: int) -> re.Pattern[bytes]:
    return re.compile(b' r="[A-Z]{1,3}0*' + _above(str(row), digits=True).encode() + b'"')


@lru_cache(maxsize=64)
def _columns_above(column: int) -> re.Pattern[bytes]:
    letters = column_letters(column)
    pattern = _above(letters, digits=False) if letters else "[A-Z]"
    return re.compile(b' r="' + pattern.encode() + b"[0-9]")


@lru_cache(maxsize=8)
def _unreferenced(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A cell tag whose first attribute is not `r` (quick), and one without `r` at all."""
    cell = b"<" + re.escape(prefix) + rb"c(?=[\s>/])"
    return re.compile(cell + b'(?! r=")'), re.compile(cell + rb'(?![^>]*\sr=")')


@dataclass(frozen=True)
class _Tags:
    """How one sheet writes its tags (`<c`, or `<x:c` when the XML uses a prefix)."""

    prefix: bytes

    def unreferenced(self, data: bytes) -> bool:
        """Whether a cell lacks its reference; Excel, LibreOffice and the libraries we know
        write `r` first, so the exact search runs only when the quick one finds a cell."""
        quick, exact = _unreferenced(self.prefix)
        return bool(quick.search(data) and exact.search(data))

    def last_row(self, data: bytes) -> int:
        """The last non-empty `<row>` of a chunk: rows come in ascending order (the format
        requires it; the cells are checked against it); `<row r="9" s="1"/>` is empty."""
        opening = b"<" + self.prefix + b"row "
        end = len(data)
        while (start := data.rfind(opening, 0, end)) >= 0:
            tag = data[start : data.find(b">", start) + 1]
            number = _ROW_NUMBER.search(tag)
            if number and not tag.endswith(b"/>"):
                return int(number.group(1))
            end = start
        return 0


def _extent(data: bytes, tags: _Tags, last_row: int, last_column: int) -> tuple[int, int]:
    """The last row and column of the cells in `data`, given those found before it.

    The fast path only searches for a cell beyond what is known (literal-led patterns, at
    C speed, allocating nothing); a chunk holding one, or writing an attribute after a tab
    or a line break, is read reference by reference. In a valid sheet only the header's
    chunk is: every cell lies in its row, and rows ascend.
    """
    last_row = max(last_row, tags.last_row(data))
    spaced = any(c in data for c in (b"\t", b"\n", b"\r")) and any(
        f'{c}r="'.encode() in data for c in "\t\n\r"
    )
    if spaced or _rows_above(last_row).search(data):
        last_row = max(last_row, *map(int, set(_CELL_ROW.findall(data))), 0)
    if spaced or _columns_above(last_column).search(data):
        found = {column_number(c.decode()) for c in set(_CELL_COLUMN.findall(data))}
        last_column = max(last_column, *found, 0)
    return last_row, last_column


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
        last_row = last_column = 0
        with zipfile.ZipFile(self.path) as archive, archive.open(sheet.member) as xml:
            chunk = xml.read(SCAN_CHUNK)
            declared = _DIMENSION.search(chunk)
            if declared:
                rows, width = _range_end(declared.group(1).decode())
                self._check_extent(sheet, rows, width, "declares")
            root = _ROOT_PREFIX.search(chunk)
            tags = _Tags(root.group(1) or b"" if root else b"")
            carry = b""
            while chunk:
                data = carry + chunk
                cut = data.rfind(b"<")  # a tag cut by the chunk's end waits for the next one
                data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
                if tags.unreferenced(data):
                    raise self._refuse("no_reference", sheet=sheet.name)
                last_row, last_column = _extent(data, tags, last_row, last_column)
                self._check_extent(sheet, last_row, last_column, "holds")
                chunk = xml.read(SCAN_CHUNK)
        return last_row, last_column

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
