"""The words and numbers of the ETC analysis report, and its table: one column list that
renders the same rows in the HTML page (and so the PDF) and in the XLSX annex. Spanish by
default (numbers 1.234,5), English on request."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

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


def label(key: str, language: str) -> str:
    es, en = LABELS[key]
    return es if language == "es" else en


def number(value: float | None, decimals: int, language: str) -> str:
    if value is None:
        return "—"
    text = f"{round(float(value), decimals) or 0.0:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if language == "es" else text


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
