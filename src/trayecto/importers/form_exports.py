"""The submissions export of an XLSForm (KoboToolbox or ODK Central), read whole: the main
table (one row per submission) and one table per repeat group (one row per repeat
instance), joined to their submission.

- KoboToolbox's XLSX export: the first sheet holds the submissions, each with `_index`; a
  repeat group is a sheet of its own whose `_parent_index` is its submission's `_index`.
- ODK Central's CSV export: a .zip with `<form>.csv` (each submission's `KEY`) and one
  `<form>-<repeat>.csv` per repeat group, whose `PARENT_KEY` is the submission's `KEY`.
- A single CSV or a one-sheet workbook: the submissions alone (a form without repeats).

Every table goes through the one table reader's safe path (`tabular`: sizes checked before
a cell is read, the CSV encoding policy), the zip through the same declared-size check as
a workbook. Column keys are `tabular.normalise_header` of the headers, as every importer
of the project reads them.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from trayecto.domain.problems import FileProblem, Problem
from trayecto.importers import workbooks
from trayecto.importers.cells import cell_text
from trayecto.importers.tabular import TextRow, normalise_header, read_table

KEYS = ("_index", "key")  # a submission's own key: Kobo, ODK Central
PARENT_KEYS = ("_parent_index", "parent_key")  # a repeat instance's submission
SUFFIXES = {".xlsx", ".xlsm", ".csv", ".zip"}
NOT_AN_EXPORT = (
    "not a submissions export: download it from KoboToolbox as XLS (.xlsx) or from ODK "
    "Central as CSV (.zip, or the submissions' .csv)"
)


def match_columns(keys: Iterable[str], wanted: Mapping[str, str]) -> dict[str, str]:
    """Question name -> the export's column key that answers it. `wanted` maps each
    accepted spelling (the name, its labels normalised) to the question's name; a group
    prefix is dropped, as Kobo joins it with "/" and ODK Central with "-" (XLSForm names
    of this project have neither; a label may: «Apoyo al ETPV (Sí/No)», so every split point
    is tried, the longest rest first). The first column found for a question wins."""
    found: dict[str, str] = {}
    for key in keys:
        candidates = [key, *(key[i + 1 :] for i, char in enumerate(key) if char in "/-")]
        name = next((wanted[c] for c in candidates if c in wanted), None)
        if name is not None and name not in found:
            found[name] = key
    return found


UNREAD = (
    "{name!r} is neither the submissions ({main!r}) nor a repeat group (no `_parent_index` or "
    "`PARENT_KEY` column): it was not read"
)


@dataclass
class ExportTable:
    """One sheet or CSV of the export: its headers as written and its rows by column key."""

    name: str
    headers: list[str]
    rows: list[TextRow]

    @property
    def keys(self) -> list[str]:
        return [normalise_header(h) for h in self.headers]

    @property
    def shown(self) -> dict[str, str]:
        """Column key -> the header as the export writes it (for the problem report)."""
        return dict(zip(self.keys, self.headers, strict=True))

    def column(self, candidates: tuple[str, ...]) -> str | None:
        return next((k for k in candidates if k in self.keys), None)


@dataclass
class FormExport:
    main: ExportTable
    repeats: list[ExportTable] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def submission_key(self, row: TextRow) -> str:
        key = self.main.column(KEYS)
        return row.values.get(key, "") if key else ""

    def instances(self, repeat: ExportTable) -> tuple[dict[str, list[TextRow]], list[TextRow]]:
        """The repeat's rows by their submission's key, and the rows of no submission in
        the export (a parent key that is missing or names none)."""
        parent = repeat.column(PARENT_KEYS)
        known = {self.submission_key(r) for r in self.main.rows} - {""}
        found: dict[str, list[TextRow]] = defaultdict(list)
        orphans: list[TextRow] = []
        for row in repeat.rows:
            key = row.values.get(parent, "") if parent else ""
            if key in known:
                found[key].append(row)
            else:
                orphans.append(row)
        return dict(found), orphans


def read_form_export(path: Path, *, max_bytes: int = 20 * 1024 * 1024) -> FormExport:
    """The export at `path` (.xlsx, .zip of CSVs or one .csv); FileProblem when it cannot be
    read whole or is not a submissions export."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem(path.name, NOT_AN_EXPORT)
    if path.stat().st_size > max_bytes:
        raise FileProblem(path.name, f"the file is larger than {max_bytes / 1e6:.0f} MB")
    if suffix == ".zip":
        tables, notices = _read_zip(path)
    elif suffix == ".csv":
        table = read_table(path)
        tables, notices = [ExportTable(path.stem, table.headers, list(table.rows))], table.notices
    else:
        tables, notices = _read_workbook(path)
    main = [t for t in tables if t.column(PARENT_KEYS) is None]
    if not main:
        raise FileProblem(path.name, f"{NOT_AN_EXPORT} (no table of submissions: every one "
                          "has `_parent_index` or `PARENT_KEY`)")  # fmt: skip
    # Kobo's first sheet, ODK Central's CSV without PARENT_KEY; any other table is not read
    notices += [
        Problem(0, "", t.name, UNREAD.format(name=t.name, main=main[0].name), "warning")
        for t in main[1:]
    ]
    repeats = [t for t in tables if t.column(PARENT_KEYS) is not None]
    return FormExport(main[0], repeats, notices)


def _read_workbook(path: Path) -> tuple[list[ExportTable], list[Problem]]:
    book = workbooks.open_workbook(path)
    tables: list[ExportTable] = []
    for sheet in book.visible:
        numbered = book.rows(sheet)
        header = next(numbered, None)
        if header is None:
            continue
        headers = [cell_text(h) for h in header[1]]
        keys = [normalise_header(h) for h in headers]
        rows = []
        for line, record in numbered:
            cells = [cell_text(v) for v in record]
            if any(cells):
                values = {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys)}
                rows.append(TextRow(line, values))
        tables.append(ExportTable(sheet.name, headers, rows))
    book.report_unread(book.visible)
    return tables, book.notices


def _read_zip(path: Path) -> tuple[list[ExportTable], list[Problem]]:
    """ODK Central's zip: its CSVs (attachments in `media/` are not read)."""
    if not zipfile.is_zipfile(path):
        raise FileProblem(path.name, "not a valid .zip: download the export again")
    limits = workbooks.LIMITS
    with zipfile.ZipFile(path) as archive:
        members = [
            m for m in archive.infolist()
            if m.filename.lower().endswith(".csv") and "/" not in m.filename.strip("/")
        ]  # fmt: skip
        if sum(m.file_size for m in members) > limits.unzipped_bytes:
            raise FileProblem(
                path.name, f"the CSVs unpack to more than {limits.unzipped_bytes // 2**20} MiB"
            )
        tables: list[ExportTable] = []
        notices: list[Problem] = []
        with tempfile.TemporaryDirectory() as folder:
            for member in sorted(members, key=lambda m: m.filename):
                name = PurePosixPath(member.filename).name
                target = Path(folder) / name
                # zipfile checks each member's CRC and stops at its declared size
                target.write_bytes(archive.read(member))
                table = read_table(target)
                notices += table.notices
                tables.append(ExportTable(name, table.headers, list(table.rows)))
    if not tables:
        raise FileProblem(path.name, f"{NOT_AN_EXPORT} (the .zip holds no CSV)")
    return tables, notices
