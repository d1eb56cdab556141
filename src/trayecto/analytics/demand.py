"""Demand for school places by age band, sex and population group, and the out-of-school
estimate, per municipality (domain/demand.py has the rules; docs/methodology/supply.md the
formulas). Reads DANE's population by single age and sex, the needs run's migrant estimate
and, where the sedes sent it, enrolment by age, sex and nationality (`sede_enrolment`).
Missing inputs are named, never invented.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from trayecto.analytics import areas, compute
from trayecto.domain.demand import BANDS, OUT_OF_SCHOOL_METHOD, SEXES, DemandParameters
from trayecto.domain.demand import split_migrants as split
from trayecto.warehouse import Warehouse, engine

SQL = Path(__file__).resolve().parent / "demand_sql"
GROUPS = ("migrant", "host")


def by_band(
    warehouse: Warehouse,
    needs_rows: list[dict[str, Any]],
    year: int,
    params: DemandParameters | None = None,
) -> dict[str, Any]:
    """For the municipalities of `needs_rows` (a needs run's rows): `by_sex` (girls and boys
    aged 5–16, migrant and host), `bands` (each band and sex: population by group,
    enrolment and the out-of-school estimate where enrolment exists) and `missing`."""
    params = params or DemandParameters()
    con, _ = compute.reader(warehouse)
    present = areas.tables(con)
    codes = [r["code"] for r in needs_rows]
    missing: list[str] = []
    if "population" not in present:
        return {"by_sex": [], "bands": [], "missing": ["population (dane-proyecciones)"]}
    population: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    population_year: dict[str, int] = {}
    for r in engine.rows(con, (SQL / "population.sql").read_text(encoding="utf-8"),
                         {"codes": codes, "year": year}):  # fmt: skip
        population[r["code"]][(r["band"], r["sex"])] = r["population"]
        population_year[r["code"]] = r["year"]
    enrolled: dict[str, dict[tuple[str, str, str], float]] = defaultdict(dict)
    enrolment_year: int | None = None
    synthetic: set[str] = set()
    if "sede_enrolment" in present and "sede" in present:
        for r in engine.rows(con, (SQL / "enrolment.sql").read_text(encoding="utf-8"),
                             {"codes": codes, "year": year}):  # fmt: skip
            enrolled[r["code"]][(r["band"], r["sex"], r["grp"])] = r["enrolled"]
            enrolment_year = r["year"]
            if r["is_synthetic"]:
                synthetic.add(r["code"])
    if not enrolled:
        missing.append(
            "sede_enrolment (sede-matricula): matrícula por edad, sexo y nacionalidad; "
            "sin ella no hay estimación de niños fuera de la escuela"
        )
    by_sex, bands = [], []
    for row in needs_rows:
        code, cells = row["code"], population.get(row["code"])
        if not cells:
            continue
        migrants = split(row["migrant_school_age"] or 0.0, cells, params)
        sexes = {f"{g}_{s}": 0.0 for g in GROUPS for s in SEXES}
        for band, _, _ in BANDS:
            for sex in SEXES:
                people = cells.get((band, sex), 0.0)
                groups = {"migrant": migrants[(band, sex)], "host": people - migrants[(band, sex)]}
                line: dict[str, Any] = {"code": code, "name": row["name"], "band": band,
                                        "sex": sex, "population": people,
                                        "population_year": population_year[code]}  # fmt: skip
                for group in GROUPS:
                    sexes[f"{group}_{sex}"] += groups[group]
                    line[group] = groups[group]
                    count = enrolled[code].get((band, sex, group), 0.0) if enrolled[code] else None
                    line[f"enrolled_{group}"] = count
                    line[f"out_of_school_{group}"] = (
                        None if count is None else groups[group] - count
                    )
                line["estimate"] = bool(enrolled[code])
                line["enrolment_year"] = enrolment_year if enrolled[code] else None
                line["is_synthetic"] = code in synthetic
                line["method"] = OUT_OF_SCHOOL_METHOD if enrolled[code] else ""
                bands.append(line)
        by_sex.append(
            {
                "code": code,
                "name": row["name"],
                "girls": sexes["migrant_f"] + sexes["host_f"],
                "boys": sexes["migrant_m"] + sexes["host_m"],
                **sexes,
                "population_year": population_year[code],
            }
        )
    return {"by_sex": by_sex, "bands": bands, "missing": missing,
            "female_share": params.migrant_female_share}  # fmt: skip
