"""The demand sections of the ETC analysis report: demand by municipality, by sex, and the
out-of-school estimate by age band, sex and group (an estimate, so its method and inputs are
printed under it)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from trayecto.reports.etc_report_table import Table, label

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


def demand_html(part: dict[str, Any], language: str) -> str:
    """The demand table, the table by sex and the out-of-school estimate of the needs part."""
    out = [f"<h3>{label('demand', language)}</h3>", DEMAND.html(part["municipalities"], language)]
    if part.get("by_sex"):
        out += [
            f"<h3>{label('demand_sex', language)}</h3>",
            DEMAND_SEX.html(part["by_sex"], language),
        ]
    out.append(out_of_school_html(part, language))
    return "".join(out)
