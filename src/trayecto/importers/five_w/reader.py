"""The whole 5W file: every sheet's layout, every row validated, exact duplicates reported;
`validate_typed_line` checks a line typed in the web form by the same rules."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from trayecto.domain.five_w import (
    normalise,
)
from trayecto.domain.five_w_layout import TEMPLATE_COLUMNS
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers.cells import is_blank
from trayecto.importers.five_w.layout import find_layout, is_hxl_row
from trayecto.importers.five_w.lines import FiveWLine, FiveWRead
from trayecto.importers.five_w.row_check import Context
from trayecto.importers.five_w.rows import validate_row
from trayecto.importers.five_w.upload import MAX_BYTES, check_upload, read_sheets
from trayecto.importers.five_w_places import Matcher
from trayecto.importers.five_w_profiles import (
    TRAYECTO,
)


def read_five_w(
    path: Path,
    *,
    matcher: Matcher,
    period: str | None = None,
    org: str | None = None,
    max_bytes: int = MAX_BYTES,
    activities: Mapping[str, str] | None = None,
    org_names: Iterable[str] = (),
) -> FiveWRead:
    """Read and validate a partner file; problems are collected, never raised per row."""
    report = ImportReport(source="5w")
    try:
        check_upload(path, max_bytes)
        notices: list[Problem] = []
        sheets = list(read_sheets(path, notices))
        report.add(notices)
    except FileProblem as exc:
        report.refused = True
        report.add([exc.problem])
        return FiveWRead([], report)
    except Exception as exc:  # calamine raises its own types for corrupt workbooks
        report.refused = True
        report.add([Problem(0, "", path.name, f"no se pudo leer el libro: {exc}")])
        return FiveWRead([], report)
    layout = None
    for name, rows in sheets:
        layout = find_layout(name, rows)
        if layout:
            table = rows
            break
    if layout is None:
        report.refused = True
        report.add(
            [
                Problem(
                    0,
                    "",
                    path.name,
                    "no se reconoce el formato: use la plantilla 5W de Trayecto, la del GIFMM "
                    "(v1.1 o v2) o un CSV con etiquetas HXL; faltan las columnas de municipio, "
                    "mes, actividad o beneficiarios",
                )
            ]
        )
        return FiveWRead([], report)
    headers = {f: layout.headers[j] for j, f in layout.columns.items()}
    names = frozenset(normalise(n) for n in (org, *org_names) if n)
    ctx = Context(layout.profile, headers, matcher, period, org, activities, names)
    read = FiveWRead([], report, profile=layout.profile.name)
    report.details["profile"] = layout.profile.name
    report.details["sheet"] = layout.sheet
    seen: dict[str, int] = {}
    items = list(layout.columns.items())
    for index in range(layout.first_data_row, len(table)):
        row = table[index]
        number = index + 1  # the row number Excel shows
        values = {f: (row[j] if j < len(row) else None) for j, f in items}
        if all(is_blank(v) for v in values.values()):
            continue  # blank, or only notes in columns the layout does not read
        first = next((c for c in row if not is_blank(c)), "")
        if isinstance(first, str) and first.lstrip().startswith("#") and is_hxl_row(row):
            continue
        report.rows_read += 1
        fingerprint = hashlib.blake2b(repr(row).encode(), digest_size=16).hexdigest()
        if fingerprint in seen:
            report.rows_rejected += 1
            report.add([duplicate(number, seen[fingerprint])])
            continue
        seen[fingerprint] = number
        line, problems = validate_row(number, values, ctx)
        report.add(problems)
        if line is None:
            report.rows_rejected += 1
        else:
            report.rows_imported += 1
            read.lines.append(line)
            read.orgs.add(line.org)
            read.months.add(line.month)
    if report.rows_read == 0:
        report.refused = True
        report.add([Problem(0, "", path.name, "el archivo no tiene filas de datos")])
    elif not read.lines:
        report.refused = True
    return read


def duplicate(number: int, first: int) -> Problem:
    """An exact copy of an earlier row (or line): counted once, and said so."""
    return Problem(
        number,
        "",
        "",
        f"fila idéntica a la fila {first}: se cuenta una sola vez; bórrela si es un error de copia",
        "warning",
    )


def validate_typed_line(
    values: Mapping[str, Any],
    *,
    matcher: Matcher,
    period: str,
    org: str,
    org_names: Iterable[str] = (),
    activities: Mapping[str, str] | None = None,
    row: int = 0,
) -> tuple[FiveWLine | None, list[Problem]]:
    """A line typed in the browser form, keyed by the template's fields, checked exactly as
    a row of the template (same rules, same messages, the template's column names)."""
    headers = {c.field: c.header_es for c in TEMPLATE_COLUMNS}
    names = frozenset(normalise(n) for n in (org, *org_names) if n)
    ctx = Context(TRAYECTO, headers, matcher, period, org, activities, names)
    typed = {**{f: values.get(f) for f in headers}, "month": period, "org": org}
    return validate_row(row, typed, ctx)
