"""The submissions export of the 5W XLSForm (reports/five_w_form.py) -> 5W lines, checked by
the 5W importer's own rules (`five_w.rows.validate_row`, the rules of an Excel upload).

The export is read by `form_exports` (Kobo's XLSX: the submissions sheet and the `lineas`
sheet joined by `_index`/`_parent_index`; ODK Central's zip: the two CSVs joined by
`KEY`/`PARENT_KEY`). Each line of the repeat group becomes one row of the template: its own
answers plus its submission's organisation and month. Headers are the questions' names or
their Spanish or English labels, with or without group prefixes; a choice is its name or
either label.

What is read and reported is the lines: a line's row is its row in the repeat sheet (its
CSV line), a problem with its submission's answer is named by the submissions sheet and
column. A submission without lines, and a line of no submission in the export, are rows
read and rejected. When an organisation sent the same month twice, the later submission
(`_submission_time`, ODK's `SubmissionDate`; else the later row) is the report and the
earlier one's lines are reported, never added to it. docs/formats/five-w-form.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path

from trayecto.domain.five_w import normalise
from trayecto.domain.five_w_form import BY_NAME, LISTS, QUESTIONS, REPEAT, fixed_choices
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.five_w.lines import FiveWLine, FiveWRead
from trayecto.importers.five_w.reader import duplicate
from trayecto.importers.five_w.row_check import Context
from trayecto.importers.five_w.rows import validate_row
from trayecto.importers.five_w.upload import MAX_BYTES
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import TRAYECTO
from trayecto.importers.form_exports import (
    ExportTable,
    FormExport,
    match_columns,
    read_form_export,
)
from trayecto.importers.tabular import TextRow, normalise_header

PROFILE = "5w-form"
SUBMISSION_TIMES = ("_submission_time", "submissiondate")
NOT_THE_FORM = (
    "no es una exportación del formulario 5W: faltan {missing}. Exporte las entregas del "
    "formulario «{repeat}» de KoboToolbox (XLS, con los nombres XML o las etiquetas) u ODK "
    "Central (CSV .zip, con los grupos repetidos)"
)
NO_LINES = (
    "la entrega no tiene líneas de actividad: agregue al menos una en el grupo «{repeat}» "
    "en KoboToolbox/ODK, o bórrela"
)
ORPHAN = (
    "línea de ninguna entrega de la hoja «{main}» (su «{column}» no es el de ninguna): "
    "exporte las entregas y sus líneas juntas, en el mismo archivo"
)
UNREADABLE = "no se pudo leer el archivo: {detail}"
NO_SUBMISSIONS = "el archivo no tiene entregas"
REPLACED = (
    "una entrega posterior de {org} para {month} (fila {line} de «{main}») la reemplaza: "
    "esta línea no se importa; borre la entrega anterior en KoboToolbox/ODK si fue un error"
)

# Every accepted spelling of each question (name, Spanish and English labels) -> its name.
WANTED = {
    key: q.name
    for q in QUESTIONS
    for key in (q.name, normalise_header(q.column.header_es), normalise_header(q.column.header_en))
}
HEADER_WANTED = {k: n for k, n in WANTED.items() if not BY_NAME[n].in_repeat}
LINE_WANTED = {k: n for k, n in WANTED.items() if BY_NAME[n].in_repeat}
REQUIRED_HEADER = [q.name for q in QUESTIONS if not q.in_repeat]
REQUIRED_LINE = ("actividad", "beneficiarios", "municipio")  # what tells the lines' table


def _choice_index() -> dict[str, dict[str, str]]:
    """Field -> (a choice's name or label, normalised) -> its name, for the fixed lists."""
    by_list = fixed_choices()
    return {
        field: {
            normalise(text): c.name
            for c in by_list[name]
            for text in (c.name, c.label_es, c.label_en)
        }
        for field, name in LISTS.items()
        if name in by_list
    }


CHOICES = _choice_index()


def find_lines(export: FormExport) -> tuple[ExportTable, dict[str, str]] | None:
    """The repeat table of the lines and its columns (question name -> key), or None."""
    for table in export.repeats:
        columns = match_columns(table.keys, LINE_WANTED)
        if all(name in columns for name in REQUIRED_LINE):
            return table, columns
    return None


def is_five_w_form_export(path: Path) -> bool:
    """True when the file is a submissions export of the 5W form (its submissions carry
    organisation and month, a repeat table its lines); the upload page and `trayecto import
    5w` send it here, any other file to the 5W reader, which says why it is refused."""
    if path.suffix.lower() not in {".xlsx", ".xlsm", ".zip"}:
        return False
    try:
        export = read_form_export(path)
    except Exception:  # FileProblem, or calamine's own types: not this format
        return False
    header = match_columns(export.main.keys, HEADER_WANTED)
    return all(n in header for n in REQUIRED_HEADER) and find_lines(export) is not None


def _answers(row: TextRow, columns: Mapping[str, str]) -> dict[str, str]:
    """The row's answers by template field; fixed-list labels turned into their names."""
    found: dict[str, str] = {}
    for name, key in columns.items():
        field = BY_NAME[name].field
        text = row.values.get(key, "").strip()
        found[field] = CHOICES.get(field, {}).get(normalise(text), text) if text else ""
    return found


def read_form_submissions(
    path: Path,
    *,
    matcher: Matcher,
    period: str | None = None,
    activities: Mapping[str, str] | None = None,
) -> FiveWRead:
    """Read and check the export; problems are collected, never raised per line."""
    report = ImportReport(source="5w")
    read = FiveWRead([], report, profile=PROFILE)
    try:
        export = read_form_export(path, max_bytes=MAX_BYTES)
    except FileProblem as exc:
        report.refuse(exc.problem)
        return read
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        report.refuse(Problem(0, "", path.name, UNREADABLE.format(detail=exc)))
        return read
    report.add(export.notices)
    header_columns = match_columns(export.main.keys, HEADER_WANTED)
    found = find_lines(export)
    missing = [n for n in REQUIRED_HEADER if n not in header_columns]
    if found is None:
        missing.append(f"una hoja o CSV «{REPEAT}» con {', '.join(REQUIRED_LINE)}")
    if missing or found is None:
        report.refuse(
            Problem(0, "", path.name, NOT_THE_FORM.format(missing=", ".join(missing),
                                                           repeat=REPEAT))
        )  # fmt: skip
        return read
    lines_table, line_columns = found
    main = export.main
    main_shown, line_shown = main.shown, lines_table.shown
    headers = {BY_NAME[n].field: f"{main.name}: {main_shown[k]}" for n, k in header_columns.items()}
    headers |= {BY_NAME[n].field: line_shown[k] for n, k in line_columns.items()}
    ctx = Context(TRAYECTO, headers, matcher, period, None, activities)
    report.details |= {"profile": PROFILE, "sheet": lines_table.name,
                       "submissions_sheet": main.name, "org_column": headers["org"]}  # fmt: skip
    by_submission, orphans = export.instances(lines_table)
    parent = lines_table.column(("_parent_index", "parent_key")) or ""
    for row in orphans:
        report.rows_read += 1
        report.rows_rejected += 1
        value = row.values.get(parent, "")
        message = ORPHAN.format(main=main.name, column=line_shown.get(parent, parent))
        report.add([Problem(row.line, line_shown.get(parent, parent), value, message)])
    latest = _latest_submissions(export, header_columns, by_submission)
    for submission in main.rows:
        answers = _answers(submission, header_columns)
        lines = by_submission.get(export.submission_key(submission), [])
        if not lines:
            report.rows_read += 1
            report.rows_rejected += 1
            key = main.column(("_index", "key")) or ""
            report.add(
                [
                    Problem(
                        submission.line,
                        f"{main.name}: {main_shown.get(key, key)}",
                        submission.values.get(key, ""),
                        NO_LINES.format(repeat=REPEAT),
                    )
                ]
            )
            continue  # fmt: skip
        later = latest.get(_org_month(answers))
        if later is not None and later.line != submission.line:
            message = REPLACED.format(org=answers["org"], month=answers["month"],
                                      line=later.line, main=main.name)  # fmt: skip
            for row in lines:
                report.rows_read += 1
                report.rows_rejected += 1
                report.add([Problem(row.line, headers["org"], answers["org"], message)])
            continue
        _read_lines(lines, answers, line_columns, ctx, read)
    report.problems.sort(key=lambda p: p.row)
    if report.rows_read == 0:
        report.refuse(Problem(0, "", path.name, NO_SUBMISSIONS))
    elif not read.lines:
        report.refused = True
    return read


def _org_month(answers: Mapping[str, str]) -> tuple[str, str]:
    return normalise(answers.get("org", "")), answers.get("month", "").strip()


def _latest_submissions(
    export: FormExport, columns: Mapping[str, str], with_lines: Collection[str]
) -> dict[tuple[str, str], TextRow]:
    """The latest submission with lines of each organisation × month (ties: the later row);
    one that names no organisation replaces nothing (its lines say what is missing)."""
    time_key = export.main.column(SUBMISSION_TIMES)
    ordered = sorted(
        (r for r in export.main.rows if export.submission_key(r) in with_lines),
        key=lambda r: (r.values.get(time_key, "") if time_key else "", r.line),
    )
    latest = {_org_month(_answers(r, columns)): r for r in ordered}
    return {key: row for key, row in latest.items() if key[0]}


def _read_lines(
    rows: list[TextRow],
    answers: Mapping[str, str],
    columns: Mapping[str, str],
    ctx: Context,
    read: FiveWRead,
) -> None:
    """One submission's lines through the 5W row checks; an exact copy of a line of the same
    submission is counted once, as a copied row of a workbook is."""
    report = read.report
    seen: dict[str, int] = {}
    for row in rows:
        report.rows_read += 1
        values = {**_answers(row, columns), **answers}
        fingerprint = hashlib.blake2b(repr(sorted(values.items())).encode(),
                                      digest_size=16).hexdigest()  # fmt: skip
        if fingerprint in seen:
            report.rows_rejected += 1
            report.add([duplicate(row.line, seen[fingerprint])])
            continue
        seen[fingerprint] = row.line
        line: FiveWLine | None
        line, problems = validate_row(row.line, values, ctx)
        report.add(problems)
        if line is None:
            report.rows_rejected += 1
            continue
        report.rows_imported += 1
        read.lines.append(line)
        read.orgs.add(line.org)
        read.months.add(line.month)
