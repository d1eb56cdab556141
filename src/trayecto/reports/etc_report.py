"""The analysis report of one ETC, rendered: a standalone HTML page (charts as inline SVG from
vl-convert), a PDF of that page (WeasyPrint) and an Excel annex with every table
(XlsxWriter). The content comes from analytics/etc_report.py as plain data; Spanish by
default (numbers 1.234,5), English on request. A section with missing inputs says which
data is missing instead of showing a number."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import vl_convert
import xlsxwriter

from trayecto.reports.etc_report_maps import area_map_svg

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Análisis de oferta y demanda educativa", "Education supply and demand analysis"),
    "institutional": ("Marco institucional", "Institutional framework"),
    "municipalities": ("Municipios de la ETC", "Municipalities of the ETC"),
    "department_municipalities": ("Municipios del departamento",
                                  "Municipalities of the department"),
    "sedes": ("Sedes por sector y zona", "Sedes by sector and zone"),
    "trend": ("Tendencia de los indicadores principales", "Trend of the main indicators"),
    "needs": ("Necesidades: PiN y severidad", "Needs: PiN and severity"),
    "demand": ("Demanda: niños y niñas de 5 a 16 años, migrantes y de acogida",
               "Demand: children aged 5 to 16, migrant and host"),
    "demand_sex": ("Demanda por sexo: niñas y niños de 5 a 16 años, migrantes y de acogida",
                   "Demand by sex: girls and boys aged 5 to 16, migrant and host"),
    "out_of_school_bands": ("Fuera de la escuela por edad, sexo y grupo (estimación)",
                            "Out of school by age, sex and group (estimate)"),
    "out_of_school_method": ("Estimación = población − matrícula de la banda, el sexo y el grupo. "
                             "Población: DANE (año %(population)s); migrantes: la estimación de "
                             "la corrida repartida como la población DANE del municipio; "
                             "matrícula: sedes (año %(enrolment)s), nacionalidad venezolana = "
                             "migrante. Un valor negativo dice que la matrícula supera la "
                             "estimación de población.",
                             "Estimate = population − enrolment of the band, sex and group. "
                             "Population: DANE (year %(population)s); migrants: the run's "
                             "estimate spread as the municipality's DANE population; "
                             "enrolment: sedes (year %(enrolment)s), Venezuelan nationality = "
                             "migrant. A negative value says enrolment exceeds the population "
                             "estimate."),
    "out_of_school_annex": ("Totales de los municipios con matrícula por edad; cada municipio, "
                            "en la hoja «fuera de la escuela» del anexo XLSX.",
                            "Totals of the municipalities with enrolment by age; each "
                            "municipality in the \"out of school\" sheet of the XLSX annex."),
    "girls": ("Niñas 5–16", "Girls 5–16"),
    "boys": ("Niños 5–16", "Boys 5–16"),
    "migrant_girls": ("Niñas migrantes", "Migrant girls"),
    "migrant_boys": ("Niños migrantes", "Migrant boys"),
    "host_girls": ("Niñas de acogida", "Host girls"),
    "host_boys": ("Niños de acogida", "Host boys"),
    "band": ("Edad", "Age"),
    "sex": ("Sexo", "Sex"),
    "population": ("Población", "Population"),
    "enrolled_migrant": ("Matrícula migrante", "Migrant enrolment"),
    "enrolled_host": ("Matrícula de acogida", "Host enrolment"),
    "oos_migrant": ("Fuera de la escuela, migrantes", "Out of school, migrant"),
    "oos_host": ("Fuera de la escuela, acogida", "Out of school, host"),
    "supply": ("Oferta, demanda y brecha de cupos", "Supply, demand and gap of school places"),
    "cooperation": ("Cooperación presente (5W publicado)", "Cooperation present (published 5W)"),
    "missing": ("Faltan datos para esta sección", "Data missing for this section"),
    "code": ("Código", "Code"),
    "name": ("Nombre", "Name"),
    "sector": ("Sector", "Sector"),
    "zone": ("Zona", "Zone"),
    "enrolment": ("Matrícula", "Enrolment"),
    "year": ("Año", "Year"),
    "value": ("Valor", "Value"),
    "status": ("Estado", "Status"),
    "source": ("Fuente (versión)", "Source (vintage)"),
    "gap_flag": ("vacío", "gap"),
    "official_pin": ("PiN de OCHA", "OCHA's PiN"),
    "official_severity": ("Severidad OCHA", "OCHA's severity"),
    "own_pin": ("PiN propio", "Our PiN"),
    "own_severity": ("Severidad propia", "Our severity"),
    "phases": ("Municipios por fase", "Municipalities by phase"),
    "school_age": ("Población 5–16 (DANE)", "Population 5–16 (DANE)"),
    "migrant": ("Migrantes 5–16", "Migrants 5–16"),
    "host": ("Acogida 5–16", "Host 5–16"),
    "out_of_school": ("Fuera de la escuela (%)", "Out of school (%)"),
    "rank": ("Puesto", "Rank"),
    "places": ("Cupos", "Places"),
    "short": ("Cupos que faltan", "Places short"),
    "spare": ("Cupos libres", "Spare places"),
    "demand_5_16": ("Demanda 5–16", "Demand 5–16"),
    "gap": ("Brecha", "Gap"),
    "shortfall": ("Déficit", "Shortfall"),
    "venezuelan": ("Venezolanos", "Venezuelans"),
    "partners": ("Socios", "Partners"),
    "organizations": ("Organizaciones", "Organisations"),
    "activities": ("Actividades", "Activities"),
    "reached": ("Personas alcanzadas en el año (sin doble conteo)",
                "People reached in the year (no double counting)"),
    "synthetic": ("SINTÉTICO: datos por sede de demostración, no reales",
                  "SYNTHETIC: demo sede data, not real"),
    "warehouse": ("versión del almacén", "warehouse version"),
    "own_note": ("Cálculo propio con los parámetros por defecto, datos de",
                 "Own calculation with the default parameters, data of"),
    "group_sizes": ("Estudiantes por grupo (urbana / rural)", "Students per group (urban / rural)"),
    "maps": ("Mapas", "Maps"),
    "department": ("Departamento", "Department"),
    "by_month": ("Cooperación mes a mes", "Cooperation month by month"),
    "month": ("Mes", "Month"),
    "reached_cumulative": ("Alcanzadas desde enero", "Reached since January"),
    "added": ("Nuevas en el mes", "Added in the month"),
    "partners_month": ("Socios que reportaron", "Partners reporting"),
    "activities_month": ("Actividades reportadas", "Activities reported"),
    "map_official_severity": ("Severidad de OCHA por municipio", "OCHA's severity by municipality"),
    "map_own_severity": ("Severidad propia por municipio", "Our severity by municipality"),
    "map_shortfall": ("Déficit de cupos por municipio", "Shortfall of places by municipality"),
    "map_note": ("En gris, los municipios sin dato.", "Municipalities without a figure in grey."),
    "severity_legend": ("Fase", "Phase"),
}  # fmt: skip
CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #1d2b36; max-width: 60rem; margin: auto; padding: 0 .5rem; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 1.4em; border-bottom: 1px solid #c8d3dc; }
table { border-collapse: collapse; margin: .4em 0 1em; } th, td { border-bottom: 1px solid #dde4ea; padding: 2px 6px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .missing { color: #8a3b00; } .gap { color: #8a3b00; }
.scroll { overflow-x: auto; max-width: 100%; } svg { max-width: 100%; height: auto; }
figure.map { display: inline-block; margin: .3em 1em .8em 0; vertical-align: top; break-inside: avoid; } figcaption { font-weight: bold; } .note { font-size: 8pt; color: #555; }
"""  # noqa: E501


def label(key: str, language: str) -> str:
    es, en = LABELS[key]
    return es if language == "es" else en


def number(value: float | None, decimals: int, language: str) -> str:
    if value is None:
        return "—"
    text = f"{round(float(value), decimals) or 0.0:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if language == "es" else text


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


class Table:
    """A table of the report: the same columns and rows in the HTML and in the annex."""

    def __init__(
        self, name: str, columns: Sequence[tuple[str, Callable[[dict[str, Any]], Any], int]]
    ) -> None:
        self.name = name
        self.columns = columns  # (label key, value of a row, decimals; -1 for text)

    def html(self, rows: Sequence[dict[str, Any]], language: str) -> str:
        head = "".join(f"<th>{html.escape(label(k, language))}</th>" for k, _, _ in self.columns)
        body = []
        for row in rows:
            cells = []
            for _, get, decimals in self.columns:
                value = get(row)
                if decimals < 0:
                    cells.append(f"<td>{html.escape(str('' if value is None else value))}</td>")
                else:
                    cells.append(f'<td class="num">{number(value, decimals, language)}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )


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
DEMAND = Table(
    "demand",
    [
        ("code", lambda r: r["code"], -1),
        ("name", lambda r: r["name"], -1),
        ("school_age", lambda r: r["school_age"], 0),
        ("migrant", lambda r: r["migrant"], 0),
        ("host", lambda r: r["host"], 0),
        ("out_of_school", lambda r: r["out_of_school_rate"], 1),
        ("own_severity", lambda r: r["severity"], 0),
        ("official_severity", lambda r: r["official_severity"], 1),
        ("own_pin", lambda r: r["pin"], 0),
        ("official_pin", lambda r: r["official_pin"], 0),
    ],
)
DEMAND_SEX = Table(
    "demand_sex",
    [
        ("code", lambda r: r["code"], -1),
        ("name", lambda r: r["name"], -1),
        ("year", lambda r: r["population_year"], -1),
        ("girls", lambda r: r["girls"], 0),
        ("boys", lambda r: r["boys"], 0),
        ("migrant_girls", lambda r: r["migrant_f"], 0),
        ("migrant_boys", lambda r: r["migrant_m"], 0),
        ("host_girls", lambda r: r["host_f"], 0),
        ("host_boys", lambda r: r["host_m"], 0),
    ],
)
SEX_NAMES = {"f": ("niñas", "girls"), "m": ("niños", "boys")}
OUT_OF_SCHOOL = Table(
    "out_of_school",
    [
        ("code", lambda r: r["code"], -1),
        ("name", lambda r: r["name"], -1),
        ("band", lambda r: r["band"], -1),
        ("sex", lambda r: r["sex_name"], -1),
        ("population", lambda r: r["population"], 0),
        ("migrant", lambda r: r["migrant"], 0),
        ("host", lambda r: r["host"], 0),
        ("enrolled_migrant", lambda r: r["enrolled_migrant"], 0),
        ("enrolled_host", lambda r: r["enrolled_host"], 0),
        ("oos_migrant", lambda r: r["out_of_school_migrant"], 0),
        ("oos_host", lambda r: r["out_of_school_host"], 0),
    ],
)


def band_rows(part: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """The rows of the out-of-school table: only where enrolment gives an estimate."""
    pick = 0 if language == "es" else 1
    return [
        {**r, "sex_name": SEX_NAMES[r["sex"]][pick]} for r in part.get("bands", []) if r["estimate"]
    ]


OUT_OF_SCHOOL_TOTALS = Table("out_of_school_totals", OUT_OF_SCHOOL.columns[2:])
SUMMED = ("population", "migrant", "host", "enrolled_migrant", "enrolled_host",
          "out_of_school_migrant", "out_of_school_host")  # fmt: skip


def band_totals(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The area's totals by band and sex (the page and the PDF; each municipality's rows go
    to the annex, 8 a municipality being too long to print)."""
    totals: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["band"], r["sex"])
        if key not in totals:
            totals[key] = {
                "band": r["band"],
                "sex_name": r["sex_name"],
                **dict.fromkeys(SUMMED, 0.0),
            }
        for name in SUMMED:
            totals[key][name] += r[name] or 0.0
    return list(totals.values())


def out_of_school_html(part: dict[str, Any], language: str) -> str:
    rows = band_rows(part, language)
    if not rows:
        return ""
    years = {
        "population": rows[0]["population_year"],
        "enrolment": rows[0]["enrolment_year"],
    }
    out = [f"<h3>{label('out_of_school_bands', language)}</h3>"]
    if any(r["is_synthetic"] for r in rows):
        out.append(f"<p class='missing'><strong>{label('synthetic', language)}</strong></p>")
    out.append(
        f"<p class='note'>{html.escape(label('out_of_school_method', language) % years)}</p>"
    )
    out.append(OUT_OF_SCHOOL_TOTALS.html(band_totals(rows), language))
    out.append(f"<p class='note'>{html.escape(label('out_of_school_annex', language))}</p>")
    return "".join(out)


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
    out += [f"<h3>{label('demand', language)}</h3>", DEMAND.html(part["municipalities"], language)]
    if part.get("by_sex"):
        out += [
            f"<h3>{label('demand_sex', language)}</h3>",
            DEMAND_SEX.html(part["by_sex"], language),
        ]
    out.append(out_of_school_html(part, language))
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
