"""The analysis report of one ETC, rendered: a standalone HTML page (charts as inline SVG from
vl-convert), a PDF of that page (WeasyPrint) and an Excel annex with every table
(XlsxWriter). The content comes from analytics/etc_report.py as plain data; Spanish by
default (numbers 1.234,5), English on request. A section with missing inputs says which
data is missing instead of showing a number."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import vl_convert
import xlsxwriter

from trayecto.reports.etc_report_demand import (
    DEMAND,
    DEMAND_SEX,
    OUT_OF_SCHOOL,
    band_rows,
    demand_html,
)
from trayecto.reports.etc_report_maps import area_map_svg
from trayecto.reports.etc_report_table import Table, label, number

CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #1d2b36; max-width: 60rem; margin: auto; padding: 0 .5rem; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 1.4em; border-bottom: 1px solid #c8d3dc; }
table { border-collapse: collapse; margin: .4em 0 1em; } th, td { border-bottom: 1px solid #dde4ea; padding: 2px 6px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .missing { color: #8a3b00; } .gap { color: #8a3b00; }
.scroll { overflow-x: auto; max-width: 100%; } svg { max-width: 100%; height: auto; }
figure.map { display: inline-block; margin: .3em 1em .8em 0; vertical-align: top; break-inside: avoid; } figcaption { font-weight: bold; } .note { font-size: 8pt; color: #555; }
"""  # noqa: E501


def trend_svg(rows: Sequence[dict[str, Any]], title: str, language: str) -> str:
    points = [{"year": r["year"], "value": r["value"]} for r in rows if r["value"] is not None]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 420,
        "height": 140,
        "data": {"values": points},
        "config": {"locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3]}}}
        if language == "es"
        else {},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": label("year", language)},
            "y": {"field": "value", "type": "quantitative", "title": None},
        },
    }
    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg


MUNICIPALITIES = Table(
    "municipalities", [("code", lambda r: r["code"], -1), ("name", lambda r: r["name"], -1)]
)
SEDES = Table(
    "sedes",
    [
        ("sector", lambda r: r["sector"], -1),
        ("zone", lambda r: r["zone"], -1),
        ("sedes", lambda r: r["sedes"], 0),
        ("enrolment", lambda r: r["enrolment"], 0),
    ],
)
TREND = Table(
    "trend",
    [
        ("year", lambda r: r["year"], -1),
        ("value", lambda r: r["value"], 2),
        ("status", lambda r: r["status"], -1),
        ("source", lambda r: r["source"], -1),
    ],
)
SUPPLY = Table(
    "supply",
    [
        ("rank", lambda r: r["rank"], 0),
        ("code", lambda r: r["municipality_code"], -1),
        ("name", lambda r: r["name"], -1),
        ("sedes", lambda r: r["sedes"], 0),
        ("enrolment", lambda r: r["enrolled"], 0),
        ("venezuelan", lambda r: r["venezuelan"], 0),
        ("places", lambda r: r["places"], 0),
        ("short", lambda r: r["short"], 0),
        ("spare", lambda r: r["spare"], 0),
        ("demand_5_16", lambda r: r["demand"], 0),
        ("gap", lambda r: r["gap"], 0),
        ("shortfall", lambda r: r["shortfall"], 0),
    ],
)
COOPERATION = Table(
    "cooperation",
    [
        ("code", lambda r: r["municipality"], -1),
        ("partners", lambda r: r["partners"], 0),
        ("organizations", lambda r: r["organizations"], -1),
        ("activities", lambda r: r["activities"], 0),
    ],
)


def map_html(
    data: dict[str, Any], title: str, values: dict[str, float | None], language: str, **style: Any
) -> str:
    """A titled map of the report's municipalities, or nothing without boundaries (the
    report says once, under the needs section, that they are missing)."""
    found = data.get("maps", {}).get("boundaries")
    if not found or not found["features"]:
        return ""
    svg = area_map_svg(found, values, language=language, **style)
    return (
        f'<figure class="map"><figcaption>{html.escape(title)}</figcaption>{svg}'
        f'<p class="note">{label("map_note", language)}</p></figure>'
    )


SEVERITY_STYLE = {"scheme": "oranges", "domain": (1, 5), "legend_format": "~g"}

BY_MONTH = Table(
    "by_month",
    [
        ("month", lambda r: r["month"], -1),
        ("reached_cumulative", lambda r: r["reached"], 0),
        ("added", lambda r: r["added"], 0),
        ("partners_month", lambda r: r["partners"], 0),
        ("activities_month", lambda r: r["activities"], 0),
    ],
)


def missing_html(part: dict[str, Any], language: str) -> str:
    if not part["missing"]:
        return ""
    items = "".join(f"<li>{html.escape(m)}</li>" for m in part["missing"])
    return f'<div class="missing"><p>{label("missing", language)}:</p><ul>{items}</ul></div>'


def render_html(data: dict[str, Any], language: str = "es") -> str:
    """The report as one standalone HTML document (no external file, no script)."""
    area = data.get("area") or data["etc"]  # an ETC or a department
    kind = label("department", language) + " " if area.get("kind") == "department" else ""
    out = [
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(area['name'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{label('title', language)} · {kind}{html.escape(area['name'])} ({area['code']}) · "
        f"{data['year']}</h1>",
        f"<p>{label('warehouse', language)} {data['manifest_version']}</p>",
    ]
    part = data["institutional"]
    out += [f"<h2>{label('institutional', language)}</h2>", missing_html(part, language)]
    heading = "municipalities" if area.get("kind") != "department" else "department_municipalities"
    out.append(f"<h3>{label(heading, language)} ({len(part['municipalities'])})</h3>")
    # a paragraph, not a table: 61 names in a table are three pages of PDF
    out.append(
        "<p>"
        + ", ".join(f"{html.escape(m['name'])} ({m['code']})" for m in part["municipalities"])
        + "</p>"
    )
    if part.get("sedes"):
        if any(r["is_synthetic"] for r in part["sedes"]):
            out.append(f"<p class='missing'><strong>{label('synthetic', language)}</strong></p>")
        out += [f"<h3>{label('sedes', language)}</h3>", SEDES.html(part["sedes"], language)]
    part = data["trend"]
    out += [f"<h2>{label('trend', language)}</h2>", missing_html(part, language)]
    names = part["names"] if language == "es" else part["names_en"]
    for code, rows in part["series"].items():
        out.append(f"<h3>{html.escape(names[code])}</h3>")
        if any(r["value"] is not None for r in rows):
            out.append(trend_svg(rows, names[code], language))
        flagged = [{**r, "status": r["status"] + (" ⚠" if r["gap"] else "")} for r in rows]
        out.append(TREND.html(flagged, language))
    part = data["needs"]
    out += [f"<h2>{label('needs', language)}</h2>", missing_html(part, language)]
    official = part["official"]
    if "pin_education" in official:
        out.append(
            f"<p>{label('official_pin', language)} ({official['pin_education']['year']}): "
            f"<strong>{number(official['pin_education']['value'], 0, language)}</strong></p>"
        )
    if "severidad_educacion" in official:
        severity = official["severidad_educacion"]
        phases = " · ".join(f"{p}: {n}" for p, n in severity["distribution"].items())
        out.append(
            f"<p>{label('official_severity', language)}: "
            f"{number(severity['value'], 2, language)} — {label('phases', language)}: {phases}</p>"
        )
    out.append(
        f"<p>{label('own_pin', language)}: <strong>{number(part['own_pin'], 0, language)}</strong>"
        f" ({label('migrant', language)} {number(part['own_migrant_pin'], 0, language)}, "
        f"{label('host', language)} {number(part['own_host_pin'], 0, language)}). "
        f"{label('own_note', language)} {part['own_year']}.</p>"
    )
    out.append(missing_html(data.get("maps", {"missing": []}), language))
    phase = label("severity_legend", language)
    out.append(
        map_html(data, label("map_official_severity", language),
                 {r["code"]: r["official_severity"] for r in part["municipalities"]}, language,
                 legend=phase, **SEVERITY_STYLE)
        + map_html(data, label("map_own_severity", language),
                   {r["code"]: r["severity"] for r in part["municipalities"]}, language,
                   legend=phase, **SEVERITY_STYLE)
    )  # fmt: skip
    out.append(demand_html(part, language))
    part = data["supply"]
    out += [f"<h2>{label('supply', language)}</h2>", missing_html(part, language)]
    if part["municipalities"]:
        if part["synthetic"]:
            out.append(f"<p class='missing'><strong>{label('synthetic', language)}</strong></p>")
        sizes = part["parameters"]
        out.append(f"<p>{label('group_sizes', language)}: {sizes['urban']} / {sizes['rural']}</p>")
        out.append(SUPPLY.html(part["municipalities"], language))
        out.append(
            map_html(data, label("map_shortfall", language),
                     {r["municipality_code"]: r["shortfall"] for r in part["municipalities"]},
                     language, legend=label("shortfall", language), scheme="reds")
        )  # fmt: skip
    part = data["cooperation"]
    out += [f"<h2>{label('cooperation', language)}</h2>", missing_html(part, language)]
    if part.get("presence"):
        out.append(
            f"<p>{label('reached', language)}: "
            f"<strong>{number(part['reached'], 0, language)}</strong></p>"
        )
        out.append(COOPERATION.html(part["presence"], language))
    if part.get("by_month"):
        out += [
            f"<h3>{label('by_month', language)}</h3>",
            BY_MONTH.html(part["by_month"], language),
        ]
    out.append("</body></html>")
    return "".join(out)


def render_pdf(data: dict[str, Any], language: str = "es") -> bytes:
    """The HTML page printed to PDF (A4, page numbers)."""
    return render_pdf_pages(data, language)[0]


def render_pdf_pages(data: dict[str, Any], language: str = "es") -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    import weasyprint  # heavy: imported only when a PDF is asked for

    document = weasyprint.HTML(string=render_html(data, language)).render()
    pdf: bytes = document.write_pdf()
    return pdf, len(document.pages)


# Sheet names (Excel allows 31 characters and no ":"): municipalities, sedes, demand,
# supply, cooperation, missing data.
SHEETS_ES = (
    "municipios",
    "sedes",
    "demanda",
    "oferta",
    "cooperacion",
    "datos que faltan",
    "cooperacion por mes",
    "demanda por sexo",
    "fuera de la escuela",
)
SHEETS_EN = ("municipalities", "sedes", "demand", "supply", "cooperation", "missing data",
             "cooperation by month", "demand by sex", "out of school")  # fmt: skip


def render_xlsx(data: dict[str, Any], path: Path | BinaryIO, language: str = "es") -> None:
    """The annex: one sheet per table, and a sheet saying which data is missing where."""
    book = xlsxwriter.Workbook(
        path if not isinstance(path, Path) else str(path), {"in_memory": True}
    )
    bold = book.add_format({"bold": True})

    def sheet(name: str, table: Table, rows: Sequence[dict[str, Any]]) -> Any:
        ws = book.add_worksheet(name[:31])
        for col, (key, _, _) in enumerate(table.columns):
            ws.write(0, col, label(key, language), bold)
        for line, row in enumerate(rows, start=1):
            for col, (_, get, _) in enumerate(table.columns):
                value = get(row)
                ws.write(line, col, value if not hasattr(value, "__float__") else float(value))
        return ws

    names = SHEETS_ES if language == "es" else SHEETS_EN
    sheet(names[0], MUNICIPALITIES, data["institutional"]["municipalities"])
    sheet(names[1], SEDES, data["institutional"].get("sedes", []))
    for code, rows in data["trend"]["series"].items():
        sheet(code, TREND, rows)
    sheet(names[2], DEMAND, data["needs"]["municipalities"])
    sheet(names[7], DEMAND_SEX, data["needs"].get("by_sex", []))
    rows = band_rows(data["needs"], language)
    ws = sheet(names[8], OUT_OF_SCHOOL, rows)
    if rows:  # an estimate: its method and inputs under the table
        years = {"population": rows[0]["population_year"], "enrolment": rows[0]["enrolment_year"]}
        ws.write(len(rows) + 2, 0, label("out_of_school_method", language) % years)
        if any(r["is_synthetic"] for r in rows):
            ws.write(len(rows) + 3, 0, label("synthetic", language))
    sheet(names[3], SUPPLY, data["supply"]["municipalities"])
    sheet(names[4], COOPERATION, data["cooperation"].get("presence", []))
    sheet(names[6], BY_MONTH, data["cooperation"].get("by_month", []))
    ws = book.add_worksheet(names[5])
    ws.write(0, 0, label("missing", language), bold)
    line = 1
    for key in ("institutional", "trend", "needs", "supply", "cooperation", "maps"):
        for item in data.get(key, {"missing": []})["missing"]:
            ws.write(line, 0, label(key, language))
            ws.write(line, 1, item)
            line += 1
    book.close()
