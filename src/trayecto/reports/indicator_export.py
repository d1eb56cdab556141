"""Indicator results as downloads: CSV, XLSX (with a methodology sheet) and HXL-tagged CSV.

Every file carries the provenance columns (source, vintage, manifest version, status and
method) so that a figure copied into a report can be traced and reproduced. Text cells go
through spreadsheet_cells.neutralise: a sede name `=HYPERLINK(...)` arrives as text.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter

from trayecto.domain.indicators import Indicator
from trayecto.reports.spreadsheet_cells import neutralise

COLUMNS = (
    ("area_code", "codigo_area", "+code"),
    ("area_name", "nombre_area", "+name"),
    ("year", "anio", "#date+year"),
    ("sex", "sexo", "#indicator+sex"),
    ("group", "grupo", "#indicator+group"),  # nationality COL | VEN | OTH, empty = all
    ("value", "valor", "#indicator+value+num"),
    ("unit", "unidad", "#indicator+unit"),
    ("numerator", "numerador", "#indicator+numerator+num"),
    ("denominator", "denominador", "#indicator+denominator+num"),
    ("published_value", "valor_publicado", "#indicator+value+published+num"),
    ("difference", "diferencia", "#indicator+difference+num"),
    ("status", "estado", "#meta+status"),
    ("method", "metodo", "#meta+method"),
    ("source", "fuente", "#meta+source"),
    ("vintage", "version_fuente", "#meta+vintage"),
    ("manifest_version", "version_almacen", "#meta+manifest"),
    ("flags", "alertas", "#meta+flags"),
)
# A phase-like indicator above its base level (severidad_educacion by department) carries
# how many municipalities are in each phase: five count columns, and any half phase (2.5)
# OCHA may publish in one more column, so the counts always add up to the municipalities.
WHOLE_PHASES = ("1", "2", "3", "4", "5")
PHASE_COLUMNS = (
    *((f"phase_{p}", f"municipios_fase_{p}", f"#indicator+phase{p}+num") for p in WHOLE_PHASES),
    ("other_phases", "municipios_otras_fases", "#indicator+phaseother"),
)
Column = tuple[str, str, str]
# The words of a code, in the reader's language, beside it (a Spanish Excel user
# reads «calculado», a script keeps `computed`). The web's downloads carry them; the HDX
# package and the command line keep the codes alone.
WORD_COLUMNS: dict[str, Column] = {
    "unit": ("unit_name", "unidad_texto", "#indicator+unit+name"),
    "status": ("status_name", "estado_texto", "#meta+status+name"),
    "method": ("method_name", "metodo_texto", "#meta+method+name"),
}
# HXL has no "ETC" (certified territorial entity): it is the secretaría, an organisation.
AREA_TAG = {
    "nation": "#country",
    "department": "#adm1",
    "municipality": "#adm2",
    "etc": "#org+etc",
    "sede": "#loc+sede",
}


def flat(row: dict[str, Any], flags: Sequence[str] = ()) -> dict[str, Any]:
    provenance = row["provenance"]
    return {
        **{k: row.get(k) for k, _, _ in COLUMNS if k in row},
        "status": provenance["status"],
        "method": provenance["method"],
        "source": provenance["source"],
        "vintage": provenance["vintage"],
        "manifest_version": provenance["manifest_version"],
        "flags": " ".join(flags),
        **(phase_cells(row["distribution"]) if "distribution" in row else {}),
    }


def phase_cells(distribution: dict[str, int]) -> dict[str, Any]:
    """The municipalities in each phase as cells (0 where none is)."""
    others = " ".join(f"{p}: {n}" for p, n in distribution.items() if p not in WHOLE_PHASES)
    return {
        **{f"phase_{p}": distribution.get(p, 0) for p in WHOLE_PHASES},
        "other_phases": others,
    }


def columns_for(first: dict[str, Any] | None) -> tuple[Column, ...]:
    """The shared columns, plus the phase counts when the rows carry them (all rows of an
    export are of one level, so the first row tells)."""
    columns = COLUMNS + PHASE_COLUMNS if first is not None and "phase_1" in first else COLUMNS
    if first is None or "status_name" not in first:
        return columns
    with_words: list[Column] = []
    for column in columns:
        with_words.append(column)
        if column[0] in WORD_COLUMNS:
            with_words.append(WORD_COLUMNS[column[0]])
    return tuple(with_words)


def table_rows(
    rows: Sequence[dict[str, Any]], flags: dict[tuple[str, int], list[str]]
) -> list[dict[str, Any]]:
    return [flat(r, flags.get((r["area_code"], r["year"]), [])) for r in rows]


def hxl_tags(level: str, columns: tuple[Column, ...] = COLUMNS) -> list[str]:
    area = AREA_TAG[level]
    return [area + tag if tag.startswith("+") else tag for _, _, tag in columns]


def to_csv(rows: Sequence[dict[str, Any]], *, hxl_level: str | None = None) -> bytes:
    """UTF-8 with BOM (Excel opens it with accents intact); a tag row after the header for
    HXL."""
    return b"".join(csv_chunks(rows, hxl_level=hxl_level))


def csv_chunks(
    rows: Iterable[dict[str, Any]], *, hxl_level: str | None = None, chunk_rows: int = 2000
) -> Iterator[bytes]:
    """The same CSV as `to_csv`, a few thousand rows at a time, for a streamed download: the
    server never holds the whole file, and a compressed stream still gets blocks to work on."""
    first, rows = peek(rows)
    columns = columns_for(first)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label for _, label, _ in columns])
    if hxl_level is not None:
        writer.writerow(hxl_tags(hxl_level, columns))
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            ["" if row.get(k) is None else neutralise(row.get(k)) for k, _, _ in columns]
        )
        if count % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def peek(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any]]]:
    """The first row, and all the rows still to stream."""
    iterator = iter(rows)
    first = next(iterator, None)
    return first, iterator if first is None else itertools.chain([first], iterator)


def excel_number(value: Any) -> Any:
    """A number as a Spanish-locale Excel reads it from a semicolon CSV: decimal comma, no
    thousands separator, no float noise (7548.699977280002 -> 7548,69997728)."""
    if isinstance(value, bool) or not isinstance(value, float | int):
        return value
    if isinstance(value, int):
        return str(value)
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if text not in ("-0", "") else "0"


def excel_csv_chunks(rows: Iterable[dict[str, Any]], *, chunk_rows: int = 2000) -> Iterator[bytes]:
    """The CSV that Excel set to Spanish (Colombia) opens in columns: `;` between cells,
    decimal comma, UTF-8 with BOM. Same columns and rows as `csv_chunks`."""
    first, rows = peek(rows)
    columns = columns_for(first)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label, _ in columns])
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [
                "" if row.get(k) is None else excel_number(neutralise(row.get(k)))
                for k, _, _ in columns
            ]
        )
        if count % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_xlsx(rows: Sequence[dict[str, Any]], indicator: Indicator, *, title: str) -> bytes:
    """Sheet `datos` (frozen header, filters, number formats) and sheet `metodologia`."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DCE6F0", "border": 1})
    number = book.add_format({"num_format": "#,##0.00"})
    integer = book.add_format({"num_format": "0"})
    sheet = book.add_worksheet("datos")
    columns = columns_for(rows[0] if rows else None)
    sheet.write_row(0, 0, [label for _, label, _ in columns], bold)
    numeric = {"value", "numerator", "denominator", "published_value", "difference"}
    counts = {f"phase_{p}" for p in WHOLE_PHASES}
    for r, row in enumerate(rows, start=1):
        for c, (key, _, _) in enumerate(columns):
            cell = row.get(key)
            if cell is None:
                continue
            if key in numeric:
                sheet.write_number(r, c, float(cell), number)
            elif key in ("year", "manifest_version") or key in counts:
                sheet.write_number(r, c, int(cell), integer)
            else:
                sheet.write_string(r, c, neutralise(str(cell)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    sheet.set_column(0, 1, 22)
    sheet.set_column(2, 10, 13)
    sheet.set_column(11, 11, 60)
    sheet.set_column(12, 15, 18)
    about = book.add_worksheet("metodologia")
    about.set_column(0, 0, 22)
    about.set_column(1, 2, 80)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    about.write_row(0, 0, ["campo", "español", "English"], bold)
    lines = [
        ("título / title", title, title),
        ("indicador / code", indicator.code, indicator.code),
        ("nombre / name", indicator.name_es, indicator.name_en),
        ("definición", indicator.definition_es, indicator.definition_en),
        ("fórmula / formula", indicator.formula, indicator.formula),
        ("numerador / numerator", indicator.numerator, indicator.numerator_en),
        ("denominador / denominator", indicator.denominator, indicator.denominator_en),
        ("notas / notes", indicator.notes_es, indicator.notes_en),
        ("fuente / source", ", ".join(indicator.source), ", ".join(indicator.source)),
        ("familia / family", indicator.family, indicator.family),
    ]
    for i, (label, es, en) in enumerate(lines, start=1):
        about.write_string(i, 0, label, bold)
        about.write_string(i, 1, es, wrap)
        about.write_string(i, 2, en, wrap)
    book.close()
    return output.getvalue()
