"""Reading official files safely, and publishing a reference import whole and only once.

Every way a file can be broken becomes a FileProblem that names the file, the line and what
was expected. `publish_reference` ends every reference loader (DIVIPOLA, P-codes, MGN, ETC,
place aliases): the tables replace their previous version, and the same file twice
publishes nothing new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.warehouse import Warehouse


def read_bytes(path: Path, what: str) -> bytes:
    """The file's bytes, or a FileProblem saying it is missing and what it should be."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(str(path), f"file not found; expected {what}") from None
    except IsADirectoryError:
        raise FileProblem(str(path), f"is a folder; expected a file: {what}") from None


@dataclass(frozen=True)
class Text:
    """A text file decoded under the encoding policy, and a notice when it was not UTF-8."""

    text: str
    encoding: str  # "UTF-8", "UTF-16" or "Windows-1252"
    notice: Problem | None = None


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"),
         (b"\xfe\xff", "utf-16", "UTF-16"))  # fmt: skip
# Spreadsheets and archives renamed .csv: said by name instead of "not UTF-8".
_SIGNATURES = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or a zip", "un libro de Excel (.xlsx) o un zip"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "un libro de Excel antiguo (.xls)"),
    (b"%PDF", "a PDF document", "un documento PDF"),
)  # fmt: skip
TEXT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "binary": "the file is {kind}, not a text (CSV) file; expected {what}",
        "not_text": "the file holds binary bytes (0x00), so it is not a text (CSV) file; "
        "expected {what}",
        "bad": "the file is not valid {encoding}: byte 0x{byte} on line {line}",
        "not_utf8": "the file is not UTF-8: byte 0x{byte} ({guess!r} in Windows-1252/Latin-1) "
        "on line {line}. It looks saved as Latin-1/Windows-1252; save it again as "
        "'CSV UTF-8' or download the original file again",
        "latin1": "the file is not UTF-8 (byte 0x{byte} on line {line}): it was read as "
        "Windows-1252/Latin-1; check that accented names (Cúcuta, Nariño) look right, or "
        "save it as 'CSV UTF-8'",
        "utf16": "the file is UTF-16 (Excel's 'Unicode text'); it was read as such",
    },
    "es": {
        "binary": "el archivo es {kind}, no un archivo de texto (CSV); se esperaba {what}",
        "not_text": "el archivo contiene bytes binarios (0x00): no es un archivo de texto "
        "(CSV); se esperaba {what}",
        "bad": "el archivo no es {encoding} válido: byte 0x{byte} en la línea {line}",
        "not_utf8": "el archivo no está en UTF-8: byte 0x{byte} ({guess!r} en "
        "Windows-1252/Latin-1) en la línea {line}. Guárdelo de nuevo como 'CSV UTF-8'",
        "latin1": "el archivo no está en UTF-8 (byte 0x{byte} en la línea {line}): se leyó "
        "como Windows-1252/Latin-1; revise que los nombres con tildes (Cúcuta, Nariño) se "
        "vean bien, o guárdelo como 'CSV UTF-8'",
        "utf16": "el archivo está en UTF-16 ('Texto Unicode' de Excel); se leyó como tal",
    },
}


def refuse_binary(path: Path, head: bytes, *, what: str, language: str = "en") -> None:
    """Refuse a spreadsheet, archive or PDF renamed .csv, naming what it is."""
    for signature, kind_en, kind_es in _SIGNATURES:
        kind = kind_es if language == "es" else kind_en
        if head.startswith(signature):
            say = TEXT_MESSAGES[language]
            raise FileProblem(str(path), say["binary"].format(kind=kind, what=what))


def decode_text(
    path: Path, data: bytes, *, what: str, latin1: bool = False, language: str = "en"
) -> Text:
    """Decode a text file under one policy, said to the user.

    A byte-order mark decides (UTF-8, UTF-16); without one, UTF-8 is tried, then, where the
    format allows it (`latin1`), Windows-1252/Latin-1 with a warning, else the file is refused
    with the line of the first bad byte. UTF-16 without a mark is recognised by its zero
    bytes. A spreadsheet or PDF renamed .csv is named as what it is.
    """
    say = TEXT_MESSAGES[language]

    def notice(key: str, **values: Any) -> Problem:
        return Problem(0, "", path.name, say[key].format(**values), "warning")

    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            return _decode(path, data, codec, name, say, notice("utf16") if "16" in name else None)
    refuse_binary(path, data, what=what, language=language)
    if b"\x00" in data[:4096]:
        head = data[:4096]
        if head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
            return _decode(path, data, "utf-16-le", "UTF-16", say, notice("utf16"))
        if head[0::2].count(0) > len(head) // 4 and not head[1::2].count(0):
            return _decode(path, data, "utf-16-be", "UTF-16", say, notice("utf16"))
        raise FileProblem(str(path), say["not_text"].format(what=what))
    try:
        return Text(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        if latin1:
            text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else None
            return Text(
                text if text is not None else data.decode("latin-1"),
                "Windows-1252",
                notice("latin1", byte=byte, line=line),
            )
        guess = data[exc.start : exc.end + 2].decode("cp1252", errors="replace")
        raise FileProblem(
            str(path), say["not_utf8"].format(byte=byte, guess=guess, line=line), row=line
        ) from None


def _is_cp1252(data: bytes) -> bool:
    """Five bytes are undefined in Windows-1252; a file holding one is read as Latin-1."""
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _decode(
    path: Path, data: bytes, codec: str, name: str, say: dict[str, str], notice: Problem | None
) -> Text:
    try:
        return Text(data.decode(codec), name, notice)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        message = say["bad"].format(encoding=name, byte=byte, line=line)
        raise FileProblem(str(path), message, row=line) from None


def decode_utf8(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped; UTF-16 with its BOM is read too); a Latin-1 file is
    refused with the line to look at: official reference files are UTF-8."""
    return decode_text(path, data, what="a UTF-8 text file").text


def read_json(path: Path, *, what: str) -> Any:
    data = read_bytes(path, what)
    text = decode_utf8(path, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            str(path),
            f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}): the file "
            f"looks truncated or damaged; expected {what}",
            row=exc.lineno,
        ) from None


def sha256_of(*paths: Path) -> str:
    """The SHA-256 of the files' bytes, one after the other (read in chunks): the one file
    hash of the importers, which records it as `file_sha256` so the same file twice
    publishes nothing new."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def is_unchanged(warehouse: Warehouse, tables: Iterable[str], source: str, sha256: str) -> bool:
    """True when every table is already published from exactly this file."""
    current = warehouse.manifest().tables
    for name in tables:
        entry = current.get(name)
        if entry is None or entry.meta.get("source") != source:
            return False
        if entry.meta.get("file_sha256") != sha256:
            return False
    return True


def publish_reference(
    report: ImportReport,
    warehouse: Warehouse,
    tables: Mapping[str, pa.Table],
    *,
    vintage: str,
    sha256: str,
    dry_run: bool,
) -> ImportReport:
    """Publish all tables of one source in one manifest swap, unless refused or unchanged.

    Any error refuses the whole file: a reference list with holes would make every later
    import reject or mis-code rows. Rows left out by design (national totals, severity
    SKIPPED) are counted as rejected without refusing the file.
    """
    errors = {p.row for p in report.problems if p.severity == "error"}
    if errors:
        report.refused = True
        report.details["rows_with_errors"] = len(errors)
        report.details["message"] = "refused: nothing was imported; fix the rows listed"
        report.rows_imported, report.rows_rejected = 0, report.rows_read
        return report
    report.refuse_if_empty(report.source)  # an empty list would erase the current one
    if report.refused:
        return report
    report.details["tables"] = {name: table.num_rows for name, table in tables.items()}
    if dry_run:
        return report
    if is_unchanged(warehouse, tables, report.source, sha256):
        return report.published(None, current_version=warehouse.manifest().version)
    meta = {"source": report.source, "vintage": vintage, "file_sha256": sha256}
    version = warehouse.publish_many(dict(tables), meta)
    return report.published(version, current_version=version)


def row_error(row: int, column: str, value: object, message: str) -> Problem:
    return Problem(
        row=row, column=column, value="" if value is None else str(value), message=message
    )


# Severity of a row that is left out by design and needs no fix (a national total in a
# municipal file): counted in rows_rejected, never a reason to refuse the file.
SKIPPED = "skipped"


def row_skipped(row: int, column: str, value: object, message: str) -> Problem:
    return Problem(row=row, column=column, value=str(value), message=message, severity=SKIPPED)


def row_warning(row: int, column: str, value: object, message: str) -> Problem:
    return Problem(
        row=row,
        column=column,
        value="" if value is None else str(value),
        message=message,
        severity="warning",
    )
