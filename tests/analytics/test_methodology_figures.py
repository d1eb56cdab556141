"""Every figure docs/methodology/indicators.md quotes about aggregation and comparisons is
measured here on the real data, and the page must quote exactly what is measured (in
Spanish and English number formats). A change in the data or the code that moves a figure
fails here until the page is corrected."""

from __future__ import annotations

import statistics
from pathlib import Path

from trayecto.analytics import compute, gaps, registry
from trayecto.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "indicators.md"
FLOW_PREFIXES = ("desercion", "aprobacion", "reprobacion", "repitencia")
LEVEL_COVERAGE = [
    f"cobertura_{kind}_{level}"
    for kind in ("neta", "bruta")
    for level in ("transicion", "primaria", "secundaria", "media")
]


def doc() -> str:
    """The page with its line breaks folded, as a reader sees the text."""
    return " ".join(DOC.read_text(encoding="utf-8").split())


def es(value: float, decimals: int) -> str:
    """Spanish format: 1.234,5 (thousands dot, decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def en(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def quoted(*texts: str) -> None:
    page = doc()
    missing = [t for t in texts if t not in page]
    assert missing == [], f"indicators.md should quote {missing}"


def test_flow_rates_against_mens_national_figure(official: Warehouse) -> None:
    differences = [
        abs(r["difference"])
        for code, indicator in registry.indicators().items()
        if code.startswith(FLOW_PREFIXES) and indicator.base_level == "municipality"
        for r in compute.run(official, compute.Query(code, "nation"))
        if r["difference"] is not None
    ]
    low, high = min(differences), max(differences)
    above = sum(1 for d in differences if d > 0.15)
    assert (len(differences), above) == (60, 6)
    quoted(
        f"{es(low, 3)}–{es(high, 2)} pp",
        f"{en(low, 3)}–{en(high, 2)} pp",
        f"{len(differences)} comparaciones",
        f"{len(differences)} comparisons",
        f"{above} por encima de 0,15 pp",
        f"{above} above 0.15 pp",
    )


def test_coverage_by_level_against_mens_departmental_figures(official: Warehouse) -> None:
    medians, largest = [], 0.0
    for code in LEVEL_COVERAGE:
        rows = compute.run(official, compute.Query(code, "department"))
        gaps_ = [
            abs(r["difference"])
            for r in rows
            if 2012 <= r["year"] <= 2017 and r["difference"] is not None
        ]
        medians.append(statistics.median(gaps_))
        largest = max(largest, *gaps_)
        # from 2018 on MEN divides by the same DANE projection: they agree
        later = [
            abs(r["difference"])
            for r in rows
            if r["year"] >= 2018 and r["difference"] is not None
            if r["units_with_value"] == r["units"]
        ]
        assert statistics.median(later) < 0.05, code
    quoted(
        f"{es(min(medians), 1)} a {es(max(medians), 1)} pp",
        f"{en(min(medians), 1)} to {en(max(medians), 1)} pp",
        f"{es(largest, 1)} pp",
        f"{en(largest, 1)} pp",
    )


def test_uis_level_ratios_are_mens_rates(official: Warehouse) -> None:
    con, version = official.reader()
    counts = {}
    for code, indicator in registry.indicators().items():
        if indicator.sql != "queries/uis_ratio_over_dane_population.sql":
            continue
        if (indicator.params["age_min"], indicator.params["age_max"]) == (5, 16):
            continue
        uis = compute.base_table(con, indicator, version, official.root).to_pylist()
        men_code = indicator.params["indicator"]
        men = {
            (r["area_code"], r["year"]): r["value"]
            for r in compute.base_table(
                con, registry.get(men_code), version, official.root
            ).to_pylist()
        }
        equal = sum(1 for r in uis if r["value"] == men[(r["area_code"], r["year"])])
        assert equal == len(uis) > 12000, code
        assert {r["status"] for r in uis} == {"observed"}
        counts[code] = len(uis)
    assert len(counts) == 8
    n = counts["uis_tasa_bruta_matricula_primaria"]
    quoted(f"{es(n, 0)} de {es(n, 0)}", f"{en(n, 0)} of {en(n, 0)}")


def test_the_publishers_own_inconsistency(official: Warehouse) -> None:
    report = gaps.gap_report(official, "tasa_matriculacion_5_16")
    flagged = [f for f in report["flags"] if f["kind"] == "publisher_inconsistency"]
    in_2018 = [f for f in flagged if f["year"] == 2018]
    rows = compute.run(official, compute.Query("tasa_matriculacion_5_16", "department", year=2018))
    median = statistics.median(r["difference"] for r in rows if r["units_with_value"] == r["units"])
    [choco] = [f for f in in_2018 if f["area_code"] == "27"]
    assert (choco["published_value"], round(choco["from_municipalities"], 2)) == (79.81, 89.79)
    assert "79.81" in choco["message"]
    assert "89.79" in choco["message"]
    assert median > 0  # difference = municipalities − MEN's department: MEN's is below
    quoted(
        f"{es(median, 1)} pp por debajo",
        f"{en(median, 1)} pp below",
        f"{len(in_2018)} de los 33 departamentos",
        f"{len(in_2018)} of the 33 departments",
        "79,81 frente a 89,79",
        "79.81 against 89.79",
    )


def test_only_men_against_men_is_called_the_publishers_inconsistency(
    official: Warehouse,
) -> None:
    # Coverage by level differs from MEN because of Trayecto's DANE weights: not MEN's fault.
    for code in ("cobertura_neta_primaria", "cobertura_bruta_secundaria"):
        assert not gaps.compares_men_with_men(registry.get(code))
        kinds = {f["kind"] for f in gaps.gap_report(official, code)["flags"]}
        assert "publisher_inconsistency" not in kinds
    # MEN's municipal populations add up to its departmental ones: nothing to report.
    kinds = {f["kind"] for f in gaps.gap_report(official, "poblacion_5_16")["flags"]}
    assert gaps.compares_men_with_men(registry.get("poblacion_5_16"))
    assert "publisher_inconsistency" not in kinds
