"""The main indicators of one department or municipality, as its page shows them: the latest
value with its provenance, the trend of the years loaded, and the position against the
department and the nation in the same year.

The figures are the explorer's (`analytics.compute.run`), read once per warehouse version
and area (`Warehouse.memo`): a page opened again costs no query until the next publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trayecto.analytics import aggregation, compute, registry
from trayecto.domain.indicators import Indicator
from trayecto.importers import registry as sources
from trayecto.reports.sparkline import sparkline_svg
from trayecto.warehouse import Warehouse
from trayecto.web.statistics.labels import STATUS_LABELS
from trayecto.web.statistics.numbers import decimals_for, number_text

# The indicators an area page (and an ETC page) shows, in this order.
MAIN_INDICATORS = (
    "poblacion_5_16",
    "tasa_matriculacion_5_16",
    "cobertura_neta",
    "cobertura_bruta",
    "uis_tasa_fuera_escuela",
    "desercion",
    "aprobacion",
    "reprobacion",
    "repitencia",
    "migrantes_venezolanos",
    "migrantes_por_1000",
    "pin_education",  # OCHA's education PiN and severity, beside the statistics they weigh
    "severidad_educacion",
)
TREND_YEARS = 10  # the sparkline draws the last ten years loaded


@dataclass(frozen=True)
class AreaFigure:
    """One indicator of one area: the latest observed or computed value and its context."""

    indicator: Indicator
    latest: dict[str, Any]  # the row of `compute.run` (value, year, provenance...)
    trend: list[tuple[int, float]] = field(default_factory=list)
    department: float | None = None  # same indicator, same year, the area's department
    nation: float | None = None

    def for_page(self, language: str) -> dict[str, Any]:
        """The figure as the template shows it: names and numbers in the page's language."""
        spanish = language.startswith("es")
        decimals = decimals_for(self.indicator.unit)

        def text(value: float | None) -> str:
            if value is None:
                return "—"
            return number_text(value, decimals=decimals, spanish=spanish)

        name = self.indicator.name("es" if spanish else "en")
        first, last = (self.trend[0][0], self.trend[-1][0]) if self.trend else (None, None)
        return {
            "code": self.indicator.code,
            "name": name,
            "unit": self.indicator.unit_label("es" if spanish else "en"),
            "year": self.latest["year"],
            "value": text(self.latest["value"]),
            "department": text(self.department),
            "nation": text(self.nation),
            "provenance": self.latest["provenance"],
            "source": source_names(str(self.latest["provenance"]["source"] or "")),
            "status": STATUS_LABELS.get(self.latest["provenance"]["status"], ""),
            "trend_years": f"{first}–{last}" if first != last else "",
            "sparkline": sparkline_svg(self.trend, label=name),
        }


def source_names(ids: str) -> dict[str, str]:
    """ "men-municipio, dane-proyecciones" as a reader knows them: the short name of each
    publication ("MEN, DANE") and the full titles for the tooltip; unknown ids stay as they
    are."""
    short, full = [], []
    for source_id in (i.strip() for i in ids.split(",") if i.strip()):
        source = sources.SOURCES.get(source_id)
        title = source.title if source else source_id
        short.append(title.split(" – ")[0])
        full.append(title)
    return {"short": ", ".join(dict.fromkeys(short)), "full": "; ".join(full)}


def _series(store: Warehouse, code: str, level: str, area: str | None) -> list[dict[str, Any]]:
    """Every year of one indicator for one area, oldest first (the total of both sexes)."""

    def build(_con: Any, _version: int) -> list[dict[str, Any]]:
        try:
            rows = compute.run(store, compute.Query(code, level, area=area))
        except (compute.MissingData, aggregation.MissingGeography):
            return []
        return sorted(
            (r for r in rows if r["value"] is not None and r["sex"] is None),
            key=lambda r: r["year"],
        )

    return store.memo(("area_series", code, level, area), build)


def _value_in(rows: list[dict[str, Any]], year: int) -> float | None:
    return next((float(r["value"]) for r in rows if r["year"] == year), None)


def area_figures(
    store: Warehouse, *, level: str, code: str, department_code: str | None
) -> list[AreaFigure]:
    """The main indicators of a department (`department_code` None) or a municipality, each
    with the department's and the nation's value for the same year. Indicators without any
    value for the area are left out; an empty warehouse gives an empty list."""
    figures: list[AreaFigure] = []
    for indicator_code in MAIN_INDICATORS:
        indicator = registry.get(indicator_code)
        if level not in indicator.levels:
            continue
        rows = _series(store, indicator_code, level, code)
        if not rows:
            continue
        latest = rows[-1]
        year = int(latest["year"])
        department = None
        if department_code is not None:
            department = _value_in(
                _series(store, indicator_code, "department", department_code), year
            )
        nation = _value_in(_series(store, indicator_code, "nation", None), year)
        trend = [(int(r["year"]), float(r["value"])) for r in rows][-TREND_YEARS:]
        figures.append(AreaFigure(indicator, latest, trend, department, nation))
    return figures
