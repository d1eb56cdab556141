"""The one table reader: a CSV or a workbook's sheet as header + rows of text, with the line
number users see.

Every importer reads its table here, through the same safe path: a workbook through
`workbooks` (sizes checked before any cell is read, the first visible sheet, the others
reported), a CSV through the encoding policy of `files.decode_text` (UTF-8 or UTF-16 by their
marks, else UTF-8, else, where the caller allows it, Windows-1252/Latin-1 with a warning;
otherwise refused with the byte and line). What the reader noticed is returned in
`notices`, for the loader to add to its report. The caller says, by keyword, what it
expects: the columns the header must hold, whether Latin-1 is accepted (files people save
from Excel) and whether a row with more or fewer fields than the header refuses the file
(official exports, where it means a cut download).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers import workbooks
from trayecto.importers.cells import cell_text
from trayecto.importers.files import decode_text, read_bytes

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class TextRow:
    line: int  # the line (CSV) or row (sheet) it starts on; 1 = the header
    values: dict[str, str]  # header key -> stripped text


@dataclass
class TabularFile:
    headers: list[str]  # as the user wrote them
    rows: Iterator[TextRow]
    notices: list[Problem] = field(default_factory=list)  # warnings: encoding, unread sheets


def normalise_header(text: str) -> str:
    """`Código DANE ` -> `codigo_dane`: lower case, no accents, words joined by `_`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(plain.lower().replace("%", " pct ").split())


def as_written(text: str) -> str:
    """The header as the publisher wrote it, without surrounding spaces (official files,
    whose loaders name columns exactly: `CÓDIGO_MUNICIPIO`)."""
    return text.strip()


@dataclass(frozen=True)
class Policy:
    """How a file is read, chosen by its loader and said in its docs."""

    # A CSV that is not UTF-8 is read as Windows-1252/Latin-1 with a warning in `notices`;
    # without it such a file is refused with the byte and line.
    latin1: bool
    # A CSV row with more or fewer fields than the header refuses the file (a cut download);
    # without it a short row reads its missing cells as empty.
    strict: bool
    # The key of each column in `TextRow.values`.
    key: Callable[[str], str]


# Files people save from Excel (SIMAT exports, emergency lists, MEN's sede summary).
FROM_EXCEL = Policy(latin1=True, strict=False, key=normalise_header)
# Official exports named column by column (DIVIPOLA, P-codes, MEN statistics): UTF-8, whole.
OFFICIAL = Policy(latin1=False, strict=True, key=as_written)


def read_table(
    path: Path,
    *,
    what: str = "a CSV or Excel (.xlsx) file",
    required: Sequence[str] = (),
    policy: Policy = FROM_EXCEL,
    sheet: str | None = None,
    limits: workbooks.Limits = workbooks.LIMITS,
) -> TabularFile:
    """Headers, rows and notices of a CSV, or of a workbook's sheet `sheet` (default: the
    first visible one), read under `policy`. Raises FileProblem when the file cannot be read
    whole or its header lacks a `required` column (named by its key). Blank rows are skipped.
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileProblem(
            str(path), "old Excel workbooks (.xls) are not read: save it as .xlsx or CSV UTF-8"
        )
    if suffix in WORKBOOK_SUFFIXES:
        table = _read_workbook(path, sheet, limits, policy.key)
    else:
        table = _read_csv(path, what=what, policy=policy)
    keys = {policy.key(h) for h in table.headers}
    missing = [c for c in required if c not in keys]
    if missing:
        raise FileProblem(
            str(path),
            f"missing columns {', '.join(missing)}; expected {what} with the columns "
            f"{', '.join(required)} (found: {', '.join(h.strip() for h in table.headers)})",
            row=1,
        )
    return table


def _read_csv(path: Path, *, what: str, policy: Policy) -> TabularFile:
    decoded = decode_text(path, read_bytes(path, what), what=what, latin1=policy.latin1)
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        raise FileProblem(str(path), f"the file is empty; expected {what}")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=policy.strict)
    rows: list[TextRow] = []
    try:
        headers = next(reader)
        keys = [policy.key(h) for h in headers]
        start = reader.line_num + 1
        for record in reader:
            if not any(cell.strip() for cell in record):
                start = reader.line_num + 1
                continue
            if policy.strict and len(record) != len(headers):
                raise FileProblem(
                    str(path),
                    f"line {start} has {len(record)} fields, the header has {len(headers)}: "
                    "the file looks truncated or damaged; download it again",
                    row=start,
                )
            values = {k: (record[i].strip() if i < len(record) else "") for i, k in enumerate(keys)}
            rows.append(TextRow(start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileProblem(
            str(path),
            f"line {reader.line_num} cannot be read as CSV ({exc}); the file looks "
            "truncated or damaged; download it again",
            row=reader.line_num,
        ) from None
    # A download cut mid-line can still leave the right number of fields (the last value
    # cut short): the loaders check every value, so that row is then reported by its line.
    notices = [decoded.notice] if decoded.notice else []
    return TabularFile(headers, iter(rows), notices)


def _read_workbook(
    path: Path, name: str | None, limits: workbooks.Limits, key: Callable[[str], str]
) -> TabularFile:
    book = workbooks.open_workbook(path, limits)
    sheet = book.choose(name)
    numbered = book.rows(sheet)
    header = next(numbered, None)
    if header is None:
        raise FileProblem(str(path), f"the sheet {sheet.name!r} is empty")
    headers = [cell_text(h) for h in header[1]]
    keys = [key(h) for h in headers]

    def rows() -> Iterator[TextRow]:
        for line, record in numbered:
            cells = [cell_text(v) for v in record]
            if not any(cells):
                continue
            yield TextRow(
                line, {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys)}
            )

    return TabularFile(headers, rows(), book.notices)
