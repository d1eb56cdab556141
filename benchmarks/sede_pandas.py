"""The baseline: the school-level indicators written the straightforward way in pandas.

Same definitions as the registry's SQL (docs/methodology/school-level.md): per sede, year
and sex (and both sexes), numerator and denominator, then summed up to municipality, ETC,
department and nation. Used only by benchmarks/sede_recompute.py to time and cross-check.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

STATUS_RATES = {  # code -> (status column, first grade, last grade)
    "desercion_sede": ("withdrawn", 0, 11),
    "aprobacion_sede": ("passed", 0, 11),
    "reprobacion_sede": ("failed", 0, 11),
    "repitencia_sede": ("repeating", 0, 11),
}
OVERAGE = {  # code -> (age from grade + offset, first grade, last grade)
    "extraedad": (8, 0, 11),
    "uis_extraedad_primaria": (7, 1, 5),
    "uis_extraedad_secundaria": (7, 6, 9),
}
FLOWS = {
    "uis_tasa_promocion": "promotion",
    "uis_tasa_repeticion": "repetition",
    "uis_tasa_abandono": "dropout",
}
KEY = ["sede_code", "year", "sex"]


def with_totals(parts: pd.DataFrame) -> pd.DataFrame:
    """Per sede-year-sex rows plus the both-sexes rows (sex = None)."""
    both = parts.groupby(["sede_code", "year"], as_index=False)[["numerator", "denominator"]].sum()
    both["sex"] = None
    return pd.concat([parts, both], ignore_index=True)


def sede_level(enrolment: pd.DataFrame, sede: pd.DataFrame) -> dict[str, pd.DataFrame]:
    out: dict[str, pd.DataFrame] = {}
    regular = enrolment[enrolment["grade"].between(0, 11)]
    for code, (status, low, high) in STATUS_RATES.items():
        sub = enrolment[enrolment["grade"].between(low, high)]
        parts = sub.groupby(KEY, as_index=False)[[status, "enrolled"]].sum()
        parts = parts.rename(columns={status: "numerator", "enrolled": "denominator"})
        out[code] = with_totals(parts)
    for code, (offset, low, high) in OVERAGE.items():
        sub = enrolment[enrolment["grade"].between(low, high)].copy()
        sub["over"] = sub["enrolled"].where(sub["age"] >= sub["grade"] + offset, 0)
        parts = sub.groupby(KEY, as_index=False)[["over", "enrolled"]].sum()
        out[code] = with_totals(
            parts.rename(columns={"over": "numerator", "enrolled": "denominator"})
        )
    ven = enrolment.assign(ven=enrolment["enrolled"].where(enrolment["nationality"] == "VEN", 0))
    parts = ven.groupby(KEY, as_index=False)[["ven", "enrolled"]].sum()
    out["estudiantes_venezolanos"] = with_totals(
        parts.rename(columns={"ven": "numerator", "enrolled": "denominator"})
    )
    teachers = sede[sede["teachers"].notna()]
    out["estudiantes_por_docente"] = pd.DataFrame(
        {
            "sede_code": teachers["sede_code"],
            "year": teachers["year"],
            "sex": None,
            "numerator": teachers["enrolment"],
            "denominator": teachers["teachers"],
        }
    )
    # Flow rates (reconstructed cohort), grades 0–10, summed over grades per sede-year-sex:
    # denominator Σ E(g,t), promoted Σ E(g+1,t+1) − R(g+1,t+1), repeated Σ R(g,t+1).
    flow = regular.assign(
        e_from=regular["enrolled"].where(regular["grade"] <= 10, 0),
        promoted=(regular["enrolled"] - regular["repeating"]).where(regular["grade"] >= 1, 0),
        repeated=regular["repeating"].where(regular["grade"] <= 10, 0),
    )
    sums = flow.groupby(KEY, as_index=False)[["e_from", "promoted", "repeated"]].sum()
    nxt = sums.assign(year=sums["year"] - 1)[["sede_code", "year", "sex", "promoted", "repeated"]]
    present = nxt[["sede_code", "year"]].drop_duplicates()
    now = sums[["sede_code", "year", "sex", "e_from"]].merge(present, on=["sede_code", "year"])
    now = now.merge(nxt, on=KEY, how="left").fillna({"promoted": 0, "repeated": 0})
    numerators = {
        "promotion": now["promoted"],
        "repetition": now["repeated"],
        "dropout": now["e_from"] - now["promoted"] - now["repeated"],
    }
    for code, kind in FLOWS.items():
        parts = pd.DataFrame(
            {
                "sede_code": now["sede_code"],
                "year": now["year"],
                "sex": now["sex"],
                "numerator": numerators[kind],
                "denominator": now["e_from"],
            }
        )
        out[code] = with_totals(parts)
    for code, frame in out.items():
        out[code] = frame.assign(value=frame["numerator"] / frame["denominator"])
    return out


def aggregate(frame: pd.DataFrame, level: str, etc_of: dict[str, str]) -> pd.DataFrame:
    municipality = frame["sede_code"].str.slice(1, 6)
    if level == "municipality":
        area = municipality
    elif level == "department":
        area = municipality.str.slice(0, 2)
    elif level == "etc":
        area = municipality.map(etc_of)
    else:
        area = pd.Series("CO", index=frame.index)
    grouped = (
        frame.assign(area_code=area, sex=frame["sex"].fillna("both"))
        .groupby(["area_code", "year", "sex"], as_index=False)[["numerator", "denominator"]]
        .sum()
    )
    grouped["value"] = grouped["numerator"] / grouped["denominator"]
    return grouped


def recompute(root: Path, manifest_tables: dict[str, str]) -> dict[tuple[str, str], pd.DataFrame]:
    """Every school-level indicator at every level, from the warehouse's Parquet files."""
    enrolment = pd.read_parquet(root / manifest_tables["sede_enrolment"])
    sede = pd.read_parquet(root / manifest_tables["sede"])
    etc = pd.read_parquet(root / manifest_tables["municipality_etc"])
    etc_of = dict(zip(etc["municipality_code"], etc["etc_code"], strict=True))
    results: dict[tuple[str, str], pd.DataFrame] = {}
    for code, frame in sede_level(enrolment, sede).items():
        results[(code, "sede")] = frame
        for level in ("municipality", "etc", "department", "nation"):
            results[(code, level)] = aggregate(frame, level, etc_of)
    return results
