"""The school-level figures of one department or municipality, for the roles that may see
its sedes (the view asks `access` first; nothing here decides who sees what).

The figures are the explorer's at level sede filtered to the area (`compute.run`, the same
rows `?nivel=sede&area=<code>` lists): the sedes with data, their enrolment (total and
Venezuelan, from `estudiantes_venezolanos`' numerator and denominator), and for the main
sede-level indicators of the latest year the sedes above the area's own rate and the five
highest. Read once per warehouse version and area (`Warehouse.memo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trayecto.analytics import aggregation, compute, registry
from trayecto.warehouse import Warehouse
from trayecto.web.statistics.numbers import decimals_for, number_text

ENROLMENT_INDICATOR = "estudiantes_venezolanos"  # numerator: Venezuelan; denominator: all
RANKED_INDICATORS = ("desercion_sede", "reprobacion_sede")
TOP = 5  # a handful of rows: the page stays light


@dataclass(frozen=True)
class Ranking:
    """One indicator's latest year over the area's sedes."""

    code: str
    year: int
    area_value: float | None  # the area's own rate (the sedes' numerators over denominators)
    sedes: int  # sedes with a value that year
    above: int  # sedes above the area's own rate
    top: list[dict[str, Any]]  # the TOP highest: code, name, value, synthetic


@dataclass(frozen=True)
class AreaSedes:
    year: int | None = None  # the latest year of enrolment
    sedes: int = 0
    enrolled: int = 0
    venezuelan: int = 0
    synthetic: bool = False
    rankings: list[Ranking] = field(default_factory=list)

    def for_page(self, language: str) -> dict[str, Any]:
        """Names and numbers in the page's language, ready for the template."""
        spanish = language.startswith("es")

        def count(value: int) -> str:
            return number_text(value, decimals=0, spanish=spanish)

        rankings = []
        for ranking in self.rankings:
            indicator = registry.get(ranking.code)
            decimals = decimals_for(indicator.unit)
            rankings.append(
                {
                    "code": ranking.code,
                    "name": indicator.name("es" if spanish else "en"),
                    "year": ranking.year,
                    "area_value": number_text(
                        ranking.area_value, decimals=decimals, spanish=spanish
                    )
                    or "—",
                    "sedes": count(ranking.sedes),
                    "above": count(ranking.above),
                    "top": [
                        {
                            **row,
                            "value": number_text(row["value"], decimals=decimals, spanish=spanish),
                        }
                        for row in ranking.top
                    ],
                }
            )
        return {
            "year": self.year,
            "sedes": count(self.sedes),
            "enrolled": count(self.enrolled),
            "venezuelan": count(self.venezuelan),
            "synthetic": self.synthetic,
            "rankings": rankings,
        }


def _rows(store: Warehouse, code: str, level: str, area: str) -> list[dict[str, Any]]:
    """The explorer's rows of one indicator (both sexes together), or none without data."""
    try:
        rows = compute.run(store, compute.Query(code, level, area=area))
    except (compute.MissingData, aggregation.MissingGeography):
        return []
    return [r for r in rows if r["sex"] is None]


def _latest_year(rows: list[dict[str, Any]]) -> int | None:
    years = [int(r["year"]) for r in rows if r["value"] is not None]
    return max(years) if years else None


def _ranking(store: Warehouse, code: str, level: str, area: str) -> Ranking | None:
    rows = _rows(store, code, "sede", area)
    year = _latest_year(rows)
    if year is None:
        return None
    valued = [r for r in rows if r["year"] == year and r["value"] is not None]
    own = next((r["value"] for r in _rows(store, code, level, area) if r["year"] == year), None)
    ordered = sorted(valued, key=lambda r: (-float(r["value"]), r["area_code"]))
    return Ranking(
        code=code,
        year=year,
        area_value=None if own is None else float(own),
        sedes=len(valued),
        above=0 if own is None else sum(1 for r in valued if float(r["value"]) > float(own)),
        top=[
            {
                "code": r["area_code"],
                "name": r["area_name"],
                "value": float(r["value"]),
                "synthetic": bool(r["provenance"].get("synthetic")),
            }
            for r in ordered[:TOP]
        ],
    )


def area_sedes(store: Warehouse, *, level: str, code: str) -> AreaSedes:
    """The school-level figures of a department (`level` "department") or a municipality;
    an empty `AreaSedes` (no sedes) when the warehouse holds no sede data for the area."""

    def build(_con: Any, _version: int) -> AreaSedes:
        enrolment = _rows(store, ENROLMENT_INDICATOR, "sede", code)
        year = _latest_year(enrolment)
        if year is None:
            return AreaSedes()
        latest = [r for r in enrolment if r["year"] == year and r["denominator"]]
        rankings = [
            ranking
            for indicator in RANKED_INDICATORS
            if (ranking := _ranking(store, indicator, level, code)) is not None
        ]
        return AreaSedes(
            year=year,
            sedes=len(latest),
            enrolled=int(sum(r["denominator"] for r in latest)),
            venezuelan=int(sum(r["numerator"] or 0 for r in latest)),
            synthetic=any(r["provenance"].get("synthetic") for r in latest)
            or any(row["synthetic"] for ranking in rankings for row in ranking.top),
            rankings=rankings,
        )

    return store.memo(("area_sedes", level, code), build)
